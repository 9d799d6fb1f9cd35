import type { ResolvedFonts } from '../theme/types.js';
import { faceName } from '../theme/face-name.js';
import type { Face } from './face.js';
import { svgFamily, type LaidOutDocument } from './pdfmake.js';
import { multiply, splitSvgText, type Matrix } from './svg-text.js';
import type { LaidOutLine, LaidOutPage, LaidOutVector, LaidOutSvg, PdfKitDocument, TextInline } from './pages.js';

/**
 * brief's renderer: pdfmake's laid-out pages drawn onto the pdfkit document they were
 * measured with, through pdfkit's public drawing API only (fonts are selected by the file
 * the layout chose them from, never by reaching into the document).
 *
 * Where it differs from pdfmake's own renderer, on purpose:
 * - a link is one annotation per line and target, over the whole run of text that
 *   carries it, not one per word;
 * - text is set in brief's faces (face.ts), which shape from the store and are embedded
 *   once the pages are drawn; it is drawn in its colour without touching the path or
 *   opacity state between runs; a shape with an opacity below 1 is drawn inside
 *   save/restore;
 * - features brief's documents never use (images, gradients, patterns, watermarks,
 *   page references, vertical alignment in table cells) are refused by `readPages`
 *   instead of being drawn approximately.
 */
export function renderPages(laidOut: LaidOutDocument, drawSvg: (doc: PdfKitDocument, svg: LaidOutSvg) => void, fonts: ResolvedFonts): void {
  const { doc, pages } = laidOut;
  for (const page of pages) {
    doc.addPage({ size: [page.pageSize.width, page.pageSize.height], margin: 0 });
    renderPage(laidOut, page, drawSvg, fonts);
  }
}

function renderPage(laidOut: LaidOutDocument, page: LaidOutPage, drawSvg: (doc: PdfKitDocument, svg: LaidOutSvg) => void, fonts: ResolvedFonts): void {
  const { doc } = laidOut;
  for (const { type, item } of page.items) {
    switch (type) {
      case 'line':
        renderLine(laidOut, item as LaidOutLine);
        break;
      case 'vector':
        renderVector(doc, item as LaidOutVector);
        break;
      case 'svg':
        renderSvg(laidOut, item as LaidOutSvg, drawSvg, fonts);
        break;
      case 'beginClip': {
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

/** A line of text: each run in its face, size and colour, on the line's common baseline. */
function renderLine(laidOut: LaidOutDocument, line: LaidOutLine): void {
  const { doc } = laidOut;
  const ascent = Math.max(0, ...line.inlines.map((inline) => (inline.font.ascender / 1000) * inline.fontSize));
  for (const inline of line.inlines) {
    const baseline = line.y + ascent + shift(inline);
    doc.fillColor(inline.color ?? '#000000');
    drawText(doc, inline.font, inline.fontSize, inline.text, line.x + inline.x, baseline, inline.characterSpacing ?? 0);
    if (inline.decoration === 'underline') rule(doc, inline, line.x + inline.x, baseline + inline.fontSize * 0.1);
    else if (inline.decoration === 'lineThrough') rule(doc, inline, line.x + inline.x, baseline - (inline.font.ascender / 1000) * inline.fontSize * 0.35);
  }
  for (const link of linkRuns(line)) doc.link(link.x, link.y, link.width, link.height, link.url);
}

/**
 * A chart or icon: its graphics drawn by svg-to-pdfkit, its text set here in the
 * document's faces like any other text of the page (see svg-text.ts), on top.
 */
function renderSvg(laidOut: LaidOutDocument, svg: LaidOutSvg, drawSvg: (doc: PdfKitDocument, svg: LaidOutSvg) => void, fonts: ResolvedFonts): void {
  const { doc } = laidOut;
  const { graphics, texts } = splitSvgText(svg.svg);
  drawSvg(doc, { ...svg, svg: graphics });
  const place = viewBoxPlacement(svg);
  for (const text of texts) {
    const family = svgFamily(fonts, text.family, svg.font);
    const style = faceName(text.weight, text.style);
    const face = laidOut.face(family, style === 'bold' || style === 'bolditalics', style === 'italics' || style === 'bolditalics');
    doc.save();
    doc.transform(...multiply(place, text.matrix));
    if (text.opacity < 1) doc.fillOpacity(text.opacity);
    doc.fillColor(text.fill);
    for (const line of text.lines) {
      if (line.text === '') continue;
      const width = face.widthOfString(line.text, text.size);
      const x = line.dx - (text.anchor === 'middle' ? width / 2 : text.anchor === 'end' ? width : 0);
      drawText(doc, face, text.size, line.text, x, line.dy, 0);
    }
    doc.restore();
  }
}

/** Where an SVG's viewBox lands on the page: scaled to fit its box and centred, as SVG's default `xMidYMid meet`. */
function viewBoxPlacement(svg: LaidOutSvg): Matrix {
  const root = /<svg\b[^>]*>/.exec(svg.svg)?.[0] ?? '';
  const box = /\sviewBox\s*=\s*"([^"]*)"/.exec(root)?.[1]?.trim().split(/[\s,]+/).map(Number);
  const [vx, vy, vw, vh] = box && box.length === 4 && box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0 ? box : [0, 0, svg.width, svg.height];
  const scale = Math.min(svg.width / vw!, svg.height / vh!);
  return [scale, 0, 0, scale, svg.x + (svg.width - vw! * scale) / 2 - vx! * scale, svg.y + (svg.height - vh! * scale) / 2 - vy! * scale];
}

/**
 * One run of text in a face, its glyphs shown with their advances and kerning as pdfkit
 * shows them (a TJ array; a glyph with an offset placed on its own), its baseline at
 * (x, baseline) of the current space, whatever transform that space has. The fill colour
 * is the caller's.
 */
function drawText(doc: PdfKitDocument, face: Face, size: number, text: string, x: number, baseline: number, spacing: number): void {
  const { codes, positions } = face.encode(text);
  if (codes.length === 0) return;
  const scale = size / 1000;
  doc.page.fonts[face.id] = face.reference(doc);
  doc.save();
  doc.transform(1, 0, 0, -1, x, baseline); // the baseline's start as origin, y up: glyphs upright
  const out: string[] = ['BT', '1 0 0 1 0 0 Tm', `/${face.id} ${num(size)} Tf`];
  if (spacing) out.push(`${num(spacing)} Tc`);
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
      out.push(`1 0 0 1 ${num(px + pos.xOffset * scale)} ${num(pos.yOffset * scale)} Tm`, `[<${codes[i]}> 0] TJ`);
      moved = true;
    } else {
      if (moved) {
        out.push(`1 0 0 1 ${num(px)} 0 Tm`);
        moved = false;
      }
      segment.push(codes[i]!);
      const kern = pos.xAdvance - pos.advanceWidth;
      if (kern !== 0) {
        array.push(`<${segment.join('')}> ${num(-kern)}`);
        segment = [];
      }
    }
    px += pos.xAdvance * scale + spacing;
  });
  flush();
  out.push('ET');
  doc.addContent(out.join('\n'));
  doc.restore();
}

/** An underline or strike-through under a run, in its colour. */
function rule(doc: PdfKitDocument, inline: TextInline, x: number, y: number): void {
  const width = inline.width - (inline.trailingCut ?? 0);
  doc.save();
  doc.lineWidth(Math.max(0.5, inline.fontSize / 15)).moveTo(x, y).lineTo(x + width, y).strokeColor(inline.color ?? '#000000').stroke();
  doc.restore();
}

/** A number as PDF content writes it: at most six decimals, no exponent. */
function num(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`a drawing asks for the number ${n}`);
  return String(Math.round(n * 1e6) / 1e6);
}

/** Superscript and subscript shift the baseline, as pdfmake lays them out. */
function shift(inline: TextInline): number {
  if (inline.sup) return -inline.fontSize * 0.75;
  if (inline.sub) return inline.fontSize * 0.35;
  return 0;
}

export interface LinkRun {
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The links of a line, one per run of neighbouring inlines with the same target: a
 * reader's link is the words it covers, and a screen reader announces one link, not one
 * per word. Trailing spaces of the run's last word are not part of the link's box.
 */
export function linkRuns(line: LaidOutLine): LinkRun[] {
  const runs: LinkRun[] = [];
  const height = Math.max(0, ...line.inlines.map((inline) => inline.height));
  let current: LinkRun | undefined;
  for (const inline of line.inlines) {
    if (!inline.link) {
      current = undefined;
      continue;
    }
    const x = line.x + inline.x;
    const width = inline.width - (inline.trailingCut ?? 0);
    if (current && current.url === inline.link) {
      current.width = x + width - current.x;
    } else {
      current = { url: inline.link, x, y: line.y, width, height };
      runs.push(current);
    }
  }
  return runs;
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
