import type { ResolvedFonts } from '../theme/types.js';
import { faceName } from '../theme/face-name.js';
import type { Face } from './face.js';
import type { FaceChain } from './fallback.js';
import { svgFamily, type LaidOutDocument } from './pdfmake.js';
import { multiply, splitSvgText, type Matrix, type SvgText } from './svg-text.js';
import { placeFragment, type Fragment, type FormsOfDocument } from './svg-form.js';
import { flattenOpacity, overWhite } from './svg-flatten.js';
import type { LaidOutImage, LaidOutLine, LaidOutPage, LaidOutVector, LaidOutSvg, PdfKitDocument, TextInline } from './pages.js';
import type { StructNode } from '../layout/structure.js';
import { SOFT_HYPHEN } from '../layout/hyphenate.js';
import { pdfNumber } from './pdf-number.js';

/**
 * brief's renderer: pdfmake's laid-out pages drawn onto a pdfkit document through
 * pdfkit's public API, as a tagged PDF.
 *
 * Every piece of content drawn is either marked as the content of its structure element
 * (the tree the layout was assembled with: sections, headings, paragraphs, figures) or
 * marked as an artifact that readers skip (backgrounds, rules, icons). A heading also
 * becomes an entry of the outline, opening where it stands.
 *
 * Where it differs from pdfmake's own renderer, on purpose:
 * - a link is one annotation per line and target, over the whole run of text that
 *   carries it (not one per word), with a Link structure element and its words as
 *   `/Contents`;
 * - text is set in brief's faces (face.ts), which shape from the store and are embedded
 *   once the pages are drawn; a chart's labels are set the same way, inside its Figure;
 * - a PNG or JPEG picture is drawn at the size the layout gave it, inside its Figure;
 * - a shape with an opacity below 1 is drawn inside save/restore;
 * - features brief's documents never use (images with an opacity, a cover or a link, gradients, patterns, watermarks,
 *   page references, vertical alignment in table cells) are refused by `readPages`
 *   instead of being drawn approximately.
 */
export function renderPages(laidOut: LaidOutDocument, drawSvg: (doc: PdfKitDocument, svg: LaidOutSvg) => void, fonts: ResolvedFonts, structure: StructNode | undefined, options: RenderOptions): void {
  const { doc, pages } = laidOut;
  const tags = tagging(doc, structure);
  for (const page of pages) {
    doc.addPage({ size: [page.pageSize.width, page.pageSize.height], margin: 0 });
    renderPage(laidOut, page, drawSvg, fonts, tags, options);
  }
}

export interface RenderOptions {
  /** Fold every opacity into its colour: PDF/A-1 forbids transparency (see svg-flatten.ts). */
  opaque: boolean;
  /** The drawings of the pages, prepared beforehand (`prepareDrawings`). */
  drawings: Map<LaidOutSvg, PreparedDrawing>;
  /** The forms set in the document so far. */
  forms: FormsOfDocument;
}

/** A drawing split into its graphics and its text, with its graphics drawn as a form when it could be. */
export interface PreparedDrawing {
  graphics: string;
  texts: SvgText[];
  fragment?: Fragment;
}

function prepareDrawing(svg: LaidOutSvg, opaque: boolean): PreparedDrawing {
  return splitSvgText(opaque ? flattenOpacity(svg.svg) : svg.svg);
}

/** Drawings prepared before, by what they were prepared from (`prepareDrawings`). */
export interface PreparedDrawings {
  get(key: string): PreparedDrawing | undefined;
  set(key: string, drawing: PreparedDrawing): void;
}

/**
 * Every drawing of the pages, split and drawn as a form (asynchronously: a form is drawn
 * in a scratch document, or taken from the store) before the pages are rendered. A
 * drawing that comes twice, or that `same` holds, is prepared once.
 */
export async function prepareDrawings(pages: LaidOutPage[], opaque: boolean, form: (svg: LaidOutSvg) => Promise<Fragment | undefined>, same: PreparedDrawings = new Map()): Promise<Map<LaidOutSvg, PreparedDrawing>> {
  const out = new Map<LaidOutSvg, PreparedDrawing>();
  for (const page of pages) {
    for (const { type, item } of page.items) {
      if (type !== 'svg') continue;
      const svg = item as LaidOutSvg;
      const key = `${opaque ? 'opaque' : 'as drawn'}\0${svg.width}x${svg.height}\0${svg.svg}`;
      let prepared = same.get(key);
      if (!prepared) {
        prepared = prepareDrawing(svg, opaque);
        const fragment = await form({ ...svg, svg: prepared.graphics });
        if (fragment) prepared.fragment = fragment;
        same.set(key, prepared);
      }
      out.set(svg, prepared);
    }
  }
  return out;
}

/** The structure elements by id, made in the tree's order, and the outline they open. */
interface Tagging {
  element(id: number | undefined): { el: StructElement; node: StructNode } | undefined;
  /** Add a heading to the outline the first time its content is drawn, at `top` of the current page. */
  outline(node: StructNode, top: number): void;
}

/** pdfkit's structure element: its public `add`. */
interface StructElement {
  add(child: unknown): StructElement;
}

function tagging(doc: PdfKitDocument, structure: StructNode | undefined): Tagging {
  const elements = new Map<number, { el: StructElement; node: StructNode }>();
  const make = (node: StructNode, parent: StructElement | undefined): StructElement => {
    const el = doc.struct(node.role, node.alt ? { alt: node.alt } : {}) as StructElement & { dictionary: { data: Record<string, unknown> } };
    // PDF/UA asks every Note for an ID of its own; pdfkit's options have none, its element's dictionary is public
    if (node.role === 'Note') el.dictionary.data.ID = Buffer.from(`note-${node.id}`);
    // a header cell says which cells it heads (PDF/UA): the table attributes' Scope
    if (node.scope) el.dictionary.data.A = { O: 'Table', Scope: node.scope };
    parent?.add(el);
    elements.set(node.id, { el, node });
    for (const child of node.children) make(child, el);
    return el;
  };
  if (structure) doc.addStructure(make(structure, undefined));
  // the outline's root says how many entries it opens with (PDF/A validators ask for it):
  // pdfkit writes that count for an outline whose options say expanded
  doc.outline.options = { ...doc.outline.options, expanded: true };
  const outlined = new Set<number>();
  const open: { level: number; item: { addItem(title: string, options: object): unknown } }[] = [{ level: 0, item: doc.outline }];
  return {
    element: (id) => (id === undefined ? undefined : elements.get(id)),
    outline(node, top) {
      const level = /^H(\d)$/.exec(node.role)?.[1];
      if (!level || outlined.has(node.id) || !node.title) return;
      outlined.add(node.id);
      while (open.length > 1 && open[open.length - 1]!.level >= Number(level)) open.pop();
      const pageWidth = doc.page.width as number;
      // pdfkit measures `left` from the page's right edge: the page's width opens at its left
      const item = open[open.length - 1]!.item.addItem(node.title, { top, left: pageWidth, expanded: true }) as { addItem(title: string, options: object): unknown };
      open.push({ level: Number(level), item });
    },
  };
}

/** Draw `draw` as an artifact: content a reader skips (a background, a rule, an icon; a page number, `Pagination`). */
function artifact(doc: PdfKitDocument, draw: () => void, type: 'Layout' | 'Pagination' = 'Layout'): void {
  doc.markContent('Artifact', { type });
  draw();
  doc.endMarkedContent();
}

/** Draw `draw` as content of a structure element (`tag` names the marked content: its role, or Span for a run in another language). */
function tagged(doc: PdfKitDocument, el: StructElement, tag: string, draw: () => void, options: { lang?: string } = {}): void {
  const content = doc.markStructureContent(tag, options) as unknown;
  draw();
  doc.endMarkedContent();
  el.add(content);
}

function renderPage(laidOut: LaidOutDocument, page: LaidOutPage, drawSvg: (doc: PdfKitDocument, svg: LaidOutSvg) => void, fonts: ResolvedFonts, tags: Tagging, options: RenderOptions): void {
  const { doc } = laidOut;
  for (const { type, item } of page.items) {
    switch (type) {
      case 'line':
        renderLine(laidOut, item as LaidOutLine, tags);
        break;
      case 'vector':
        artifact(doc, () => renderVector(doc, item as LaidOutVector));
        break;
      case 'svg': {
        const svg = item as LaidOutSvg;
        const figure = tags.element(svg.tag);
        if (figure) tagged(doc, figure.el, 'Figure', () => renderSvg(laidOut, svg, drawSvg, fonts, options));
        else artifact(doc, () => renderSvg(laidOut, svg, drawSvg, fonts, options));
        break;
      }
      case 'image': {
        const image = item as LaidOutImage;
        // the picture pdfkit opened when the layout measured it: embedded once, however often drawn
        const draw = () => doc.image(laidOut.image(image.image), image.x, image.y, { width: image.width, height: image.height });
        const figure = tags.element(image.tag);
        if (figure) tagged(doc, figure.el, 'Figure', draw);
        else artifact(doc, draw);
        break;
      }
      case 'beginClip': {
        // a clipping path paints nothing: it needs no marking
        const clip = item as { x: number; y: number; width: number; height: number };
        doc.save();
        doc.rect(clip.x, clip.y, clip.width, clip.height).clip();
        break;
      }
      case 'endClip':
        doc.restore();
        break;
    }
  }
}

/**
 * A line of text: each run in its face, size and colour, on the line's common baseline;
 * neighbouring runs of one element, link and language marked as one piece of content.
 */
function renderLine(laidOut: LaidOutDocument, laidOutLine: LaidOutLine, tags: Tagging): void {
  const { doc } = laidOut;
  const line = withoutSoftHyphens(laidOutLine);
  const height = Math.max(0, ...line.inlines.map((inline) => inline.height));
  const ascent = Math.max(0, ...line.inlines.map((inline) => (inline.font.ascender / 1000) * inline.fontSize));
  const drawRun = (inline: TextInline) => {
    const baseline = line.y + ascent + shift(inline);
    if (inline.anchor) doc.addNamedDestination(inline.anchor, 'XYZ', line.x + inline.x, line.y, null);
    doc.fillColor(inline.color ?? '#000000');
    drawText(doc, inline.font, inline.fontSize, inline.text, line.x + inline.x, baseline, inline.characterSpacing ?? 0);
    if (inline.decoration !== 'underline' && inline.decoration !== 'lineThrough') return;
    // a line goes on under the space after a word, unless the next word is not lined too
    const next = line.inlines[line.inlines.indexOf(inline) + 1];
    const width = inline.width - (next?.decoration === inline.decoration ? 0 : (inline.trailingCut ?? 0));
    if (inline.decoration === 'underline') rule(doc, inline, line.x + inline.x, baseline + inline.fontSize * 0.1, width);
    else rule(doc, inline, line.x + inline.x, baseline - (inline.font.ascender / 1000) * inline.fontSize * 0.35, width);
  };
  for (const run of runsOf(line)) {
    const owner = tags.element(run.tag);
    const first = run.inlines[0]!;
    const last = run.inlines[run.inlines.length - 1]!;
    const box = { x: line.x + first.x, width: last.x + last.width - (last.trailingCut ?? 0) - first.x };
    const words = run.inlines.map((i) => i.text).join('').trim();
    // a link to `#NAME` goes to the document's destination NAME, and says so
    const annotate = (url: string, options: object) =>
      url.startsWith('#') ? doc.goTo(box.x, line.y, box.width, height, url.slice(1), { ...options, Contents: new String(url.slice(1)) }) : doc.link(box.x, line.y, box.width, height, url, { ...options, Contents: new String(words) });
    if (!owner) {
      artifact(doc, () => run.inlines.forEach(drawRun), run.pagination ? 'Pagination' : 'Layout');
      if (run.link) annotate(run.link, {});
      continue;
    }
    tags.outline(owner.node, line.y);
    if (run.link) {
      const link = doc.struct('Link') as StructElement;
      owner.el.add(link);
      tagged(doc, link, 'Link', () => run.inlines.forEach(drawRun));
      annotate(run.link, { structParent: link });
    } else {
      tagged(doc, owner.el, run.lang ? 'Span' : owner.node.role, () => run.inlines.forEach(drawRun), run.lang ? { lang: run.lang } : {});
    }
  }
}

/**
 * A line as it is drawn. A soft hyphen (hyphenated text, layout/hyphenate.ts) is a place a
 * word may break and nothing else: HarfBuzz sets it as an empty glyph of no width, so
 * pdfmake breaks lines after it and measures it as nothing. Where it ends the line it
 * becomes a hyphen, hanging past the measured line by the hyphen's width (as in
 * margin-kerned typesetting); elsewhere the pieces of the word pdfmake made are drawn as
 * one word again, so that it copies out whole.
 *
 * The hyphen a line ends on is U+002D, the one character that readers take for a
 * line's incidental hyphen: pdftotext joins "auto-" and "mation" on the next line into
 * "automation", and so does pdf.js's search. They read the alternatives the PDF
 * standard names otherwise: an `/ActualText` span pdf.js ignores (it shows the hyphen)
 * and poppler honours by leaving the word in two; a hyphen whose ToUnicode is U+00AD
 * both give as two words on two lines.
 */
export function withoutSoftHyphens(line: LaidOutLine): LaidOutLine {
  if (!line.inlines.some((i) => i.text.includes(SOFT_HYPHEN))) return line;
  const inlines: TextInline[] = [];
  line.inlines.forEach((inline, k) => {
    const last = k === line.inlines.length - 1;
    const text = inline.text.replaceAll(SOFT_HYPHEN, '') + (last && inline.text.endsWith(SOFT_HYPHEN) ? LINE_END_HYPHEN : '');
    const before = inlines[inlines.length - 1];
    const broken = k > 0 && line.inlines[k - 1]!.text.endsWith(SOFT_HYPHEN);
    if (before && broken && sameLook(before, inline)) inlines[inlines.length - 1] = { ...before, text: before.text + text, width: inline.x + inline.width - before.x };
    else inlines.push({ ...inline, text });
  });
  return { ...line, inlines };
}

/** The hyphen drawn where a line ends within a word: U+002D (see `withoutSoftHyphens`). */
const LINE_END_HYPHEN = '-';

/** Two pieces of a word drawn as one: the same face, size, colour, decoration, link, element and language. */
function sameLook(a: TextInline, b: TextInline): boolean {
  const keys = ['font', 'fontSize', 'color', 'characterSpacing', 'decoration', 'sup', 'sub', 'link', 'tag', 'lang', 'style'] as const;
  return keys.every((key) => a[key] === b[key]);
}

/** Neighbouring inlines of one structure element, link and language. */
function runsOf(line: LaidOutLine): { tag?: number; link?: string; lang?: string; pagination?: boolean; inlines: TextInline[] }[] {
  const runs: { tag?: number; link?: string; lang?: string; pagination?: boolean; inlines: TextInline[] }[] = [];
  for (const inline of line.inlines) {
    const last = runs[runs.length - 1];
    // pdfmake leaves an unset link as null
    if (last && last.tag === inline.tag && last.link === (inline.link ?? undefined) && last.lang === (inline.lang ?? undefined) && last.pagination === (inline.pagination || undefined)) last.inlines.push(inline);
    else runs.push({ ...(inline.tag !== undefined ? { tag: inline.tag } : {}), ...(inline.link ? { link: inline.link } : {}), ...(inline.lang ? { lang: inline.lang } : {}), ...(inline.pagination ? { pagination: true } : {}), inlines: [inline] });
  }
  return runs;
}

/**
 * A chart or icon: its graphics set as a form drawn beforehand (svg-form.ts), or drawn by
 * svg-to-pdfkit; its text set here in the document's faces like any other text of the
 * page (see svg-text.ts), on top.
 */
function renderSvg(laidOut: LaidOutDocument, svg: LaidOutSvg, drawSvg: (doc: PdfKitDocument, svg: LaidOutSvg) => void, fonts: ResolvedFonts, options: RenderOptions): void {
  const { doc } = laidOut;
  const drawing = options.drawings.get(svg);
  if (!drawing) throw new Error('a drawing of the pages was not prepared (prepareDrawings)');
  if (drawing.fragment) placeFragment(doc, drawing.fragment, svg, options.forms);
  else drawSvg(doc, { ...svg, svg: drawing.graphics });
  const place = viewBoxPlacement(svg);
  for (const text of drawing.texts) {
    const family = svgFamily(fonts, text.family, svg.font);
    const style = faceName(text.weight, text.style);
    const face = laidOut.face(family, style === 'bold' || style === 'bolditalics', style === 'italics' || style === 'bolditalics');
    // a label Vega hid (it would overlap another) stays as text no one sees: invisible, not transparent
    const invisible = text.opacity < HIDDEN_BELOW;
    doc.save();
    doc.transform(...multiply(place, text.matrix));
    if (!invisible && text.opacity < 1 && !options.opaque) doc.fillOpacity(text.opacity);
    doc.fillColor(options.opaque && !invisible ? overWhite(text.fill, text.opacity) : text.fill);
    for (const line of text.lines) {
      if (line.text === '') continue;
      const width = face.widthOfString(line.text, text.size);
      const x = line.dx - (text.anchor === 'middle' ? width / 2 : text.anchor === 'end' ? width : 0);
      drawText(doc, face, text.size, line.text, x, line.dy, 0, invisible);
    }
    doc.restore();
  }
}

/** Labels this faint are ones Vega hid (see chart/svg-for-pdf.ts). */
const HIDDEN_BELOW = 0.01;

/** Where an SVG's viewBox lands on the page: scaled to fit its box and centred, as SVG's default `xMidYMid meet`. */
function viewBoxPlacement(svg: LaidOutSvg): Matrix {
  const root = /<svg\b[^>]*>/.exec(svg.svg)?.[0] ?? '';
  const box = /\sviewBox\s*=\s*"([^"]*)"/.exec(root)?.[1]?.trim().split(/[\s,]+/).map(Number);
  const [vx, vy, vw, vh] = box && box.length === 4 && box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0 ? box : [0, 0, svg.width, svg.height];
  const scale = Math.min(svg.width / vw!, svg.height / vh!);
  return [scale, 0, 0, scale, svg.x + (svg.width - vw! * scale) / 2 - vx! * scale, svg.y + (svg.height - vh! * scale) / 2 - vy! * scale];
}

/**
 * One run of text in a chain of faces, a piece per face (see fallback.ts), each piece's
 * glyphs shown with their advances and kerning as pdfkit shows them (a TJ array; a glyph
 * with an offset placed on its own), its baseline at (x, baseline) of the current space,
 * whatever transform that space has. The fill colour is the caller's.
 */
function drawText(doc: PdfKitDocument, chain: FaceChain, size: number, text: string, x: number, baseline: number, spacing: number, invisible = false): void {
  let at = x;
  for (const piece of chain.pieces(text)) at = drawInFace(doc, piece.face, size, piece.text, at, baseline, spacing, invisible);
}

/** A piece of text in one face (see `drawText`); where the piece ends. */
function drawInFace(doc: PdfKitDocument, face: Face, size: number, text: string, x: number, baseline: number, spacing: number, invisible: boolean): number {
  const { codes, positions } = face.encode(text);
  if (codes.length === 0) return x;
  const scale = size / 1000;
  doc.page.fonts[face.id] = face.reference(doc);
  doc.save();
  doc.transform(1, 0, 0, -1, x, baseline); // the baseline's start as origin, y up: glyphs upright
  const out: string[] = ['BT', '1 0 0 1 0 0 Tm', `/${face.id} ${pdfNumber(size)} Tf`];
  if (invisible) out.push('3 Tr');
  if (spacing) out.push(`${pdfNumber(spacing)} Tc`);
  let px = 0;
  let segment: string[] = [];
  let array: string[] = [];
  const flush = () => {
    if (segment.length) array.push(`<${segment.join('')}> 0`);
    segment = [];
    if (array.length) out.push(`[${array.join(' ')}] TJ`);
    array = [];
  };
  let moved = false;
  positions.forEach((pos, i) => {
    if (pos.xOffset || pos.yOffset) {
      flush();
      out.push(`1 0 0 1 ${pdfNumber(px + pos.xOffset * scale)} ${pdfNumber(pos.yOffset * scale)} Tm`, `[<${codes[i]}> 0] TJ`);
      moved = true;
    } else {
      if (moved) {
        out.push(`1 0 0 1 ${pdfNumber(px)} 0 Tm`);
        moved = false;
      }
      segment.push(codes[i]!);
      const kern = pos.xAdvance - pos.advanceWidth;
      if (kern !== 0) {
        array.push(`<${segment.join('')}> ${pdfNumber(-kern)}`);
        segment = [];
      }
    }
    px += pos.xAdvance * scale + spacing;
  });
  flush();
  out.push('ET');
  doc.addContent(out.join('\n'));
  doc.restore();
  return x + px;
}

/** An underline or strike-through under a run, in its colour. */
function rule(doc: PdfKitDocument, inline: TextInline, x: number, y: number, width: number): void {
  doc.save();
  doc.lineWidth(Math.max(0.5, inline.fontSize / 15)).moveTo(x, y).lineTo(x + width, y).strokeColor(inline.color ?? '#000000').stroke();
  doc.restore();
}

/** Superscript and subscript shift the baseline, as pdfmake lays them out. */
function shift(inline: TextInline): number {
  if (inline.sup) return -inline.fontSize * 0.75;
  if (inline.sub) return inline.fontSize * 0.35;
  return 0;
}

/** Rectangles, rules and paths: a table's fills and borders, a `<rule>`. */
function renderVector(doc: PdfKitDocument, vector: LaidOutVector): void {
  const fillOpacity = vector.fillOpacity ?? 1;
  const strokeOpacity = vector.strokeOpacity ?? 1;
  const translucent = fillOpacity < 1 || strokeOpacity < 1;
  if (translucent) doc.save();
  doc.lineWidth(vector.lineWidth ?? 1);
  if (vector.dash) doc.dash(vector.dash.length, { space: vector.dash.space ?? vector.dash.length, phase: vector.dash.phase ?? 0 });
  else doc.undash();
  doc.lineJoin(vector.lineJoin ?? 'miter');
  doc.lineCap(vector.lineCap ?? 'butt');
  switch (vector.type) {
    case 'rect':
      if (vector.r) doc.roundedRect(vector.x, vector.y, vector.w, vector.h, vector.r);
      else doc.rect(vector.x, vector.y, vector.w, vector.h);
      break;
    case 'line':
      doc.moveTo(vector.x1, vector.y1).lineTo(vector.x2, vector.y2);
      break;
    case 'ellipse':
      doc.ellipse(vector.x, vector.y, vector.r1, vector.r2);
      break;
    case 'polyline': {
      const [first, ...rest] = vector.points;
      if (!first) break;
      doc.moveTo(first.x, first.y);
      for (const p of rest) doc.lineTo(p.x, p.y);
      const last = rest[rest.length - 1];
      if (vector.closePath || (last && last.x === first.x && last.y === first.y)) doc.closePath();
      break;
    }
    case 'path':
      doc.path(vector.d);
      break;
  }
  if (vector.color && vector.lineColor) {
    doc.fillColor(vector.color, opacity(fillOpacity)).strokeColor(vector.lineColor, opacity(strokeOpacity)).fillAndStroke();
  } else if (vector.color) {
    doc.fillColor(vector.color, opacity(fillOpacity)).fill();
  } else {
    doc.strokeColor(vector.lineColor ?? '#000000', opacity(strokeOpacity)).stroke();
  }
  if (translucent) doc.restore();
}

/** An opacity to set, or none when the shape is opaque (the state outside save/restore is always opaque). */
function opacity(value: number): number | undefined {
  return value < 1 ? value : undefined;
}
