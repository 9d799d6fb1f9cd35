import path from 'node:path';
import { createHash } from 'node:crypto';
import { descriptionOf } from '../layout/described.js';
import { readCheckedFile, writeCheckedFile } from './checked-file.js';
import { drawingsOf, keepPrintingOf, restoreDrawings, type LineDrawing } from './line-replay.js';
import { packageVersion } from './package-version.js';
import { fileStamp, recreateGlyphs } from './shared-fonts.js';

/**
 * A document laid out again only when something that decides its layout changed.
 *
 * After a data edit a brief's text is the same and only a chart's drawing differs: the
 * same words measured and broken into the same lines on the same pages. pdfmake lays the
 * whole document out again all the same, a fifth of a rebuild. Here a layout is kept by a
 * key of the document definition in which each SVG counts by its size alone (a drawing
 * moves nothing around it) and each function by the data it answers from (see
 * src/layout/described.ts; a definition with a function that says nothing is laid out
 * every time). When the key comes again the kept pages are printed, with the new
 * drawings in place of the old.
 *
 * Laying out does three things to the PDF document besides returning pages, and a reused
 * layout does them again, in the same order: it opens the fonts it measures with (which
 * numbers them), it creates glyphs with the code points they were first looked up with
 * (which go into the ToUnicode maps), and it tells the page-break hook where nodes fell
 * (kept as the caller's extras, see LayoutPlan). A layout that did anything else to the
 * document (opened images, made PDF objects, opened a font on its own) or whose pages
 * hold what printing changes (gradients, patterns, watermarks, images) is not kept.
 *
 * With a cache folder (see keepLayoutsIn) a layout is also written to disk after it is
 * first printed, as plain data, with the recorded printing of its lines (see
 * line-replay.ts): a new process given the same definition (a build after a data edit,
 * or a forced one) neither lays it out nor prints its text afresh. A layout whose pages
 * hold anything but plain data (references between nodes, functions) stays in memory.
 */

/** The slice of a pdfkit font this needs: the fontkit font whose glyph table layout fills. */
interface EmbeddedFont {
  font: { _glyphs: Record<number, { id: number; codePoints?: number[] } | undefined> };
}

/** The slice of pdfmake's PDF document (a pdfkit document) this needs. */
interface PdfDocument {
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
  font(...args: unknown[]): unknown;
  _offsets: unknown[];
  _fontSize: number;
}

interface SvgSizer {
  measureSVG(svg: string): { width?: number; height?: number };
  writeDimensions(svg: string, dimensions: { width: number; height: number }): string;
}

interface PageItem {
  type: string;
  item: Record<string, unknown>;
}

interface Page {
  items: PageItem[];
  pageSize: unknown;
  pageMargins: unknown;
  watermark?: unknown;
}

type LayoutDocument = (this: unknown, docStructure: object, pdfDocument: PdfDocument, ...rest: unknown[]) => Page[];

/** What a layout plan knows before the layout, and learns from it. */
export interface LayoutPlan<E> {
  /** What the layout is kept by. */
  readonly key: string;
  /** Set by the layout when it was a kept one: what the caller kept with it. */
  reused?: E;
  /**
   * Call once printing is over, with `extras` (plain data) if the document was printed: a
   * layout just made is then kept with them, if it can be; a kept layout lets go of the
   * document (its pages held its fonts).
   */
  done(extras: E | undefined): void;
}

interface Plan {
  key: string;
  /** The definition's SVG texts, in the order the key met them. */
  svgs: string[];
  /** Their nodes, for the layout to find its SVG items by. */
  svgNodes: Map<object, number>;
  reused?: unknown;
  made?: KeptLayout;
  /** The kept layout the document was printed from. */
  used?: KeptLayout;
}

interface KeptLayout {
  pages: Page[];
  /** The fonts the layout asked for, in the order it first did (family, bold, italics). */
  fonts: [string, boolean, boolean][];
  /** The glyphs it created on each of them: id and the code points of the first lookup. */
  glyphs: [number, number[]][][];
  /** The pages' lines of text. */
  lines: object[];
  /** Every inline of the pages (an object with a `font`), and the index of its font. */
  inlines: { font: unknown }[];
  inlineFonts: number[];
  /** The pages' SVG items, and the index of their SVG in the definition. */
  svgItems: PageItem[];
  svgIndices: number[];
  extras?: unknown;
}

/** Layouts kept (oldest dropped first): a session rebuilds a few briefs over and over. */
const KEEP = 4;
/** Bump when what a layout file holds changes: files of another format then miss. */
const FORMAT = 'layout-5';

const kept = new Map<string, KeptLayout>();
let layoutsDir: string | undefined;
let LineClass: (new (maxWidth: number) => object) | undefined;
const stats = { made: 0, reused: 0 };
const plans = new WeakMap<object, Plan | typeof CONFLICT>();
const CONFLICT = Symbol('conflict');
let sizer: SvgSizer | undefined;

/** Keep layouts in `cacheDir/layouts/` between processes too (undefined: in memory only). */
export function keepLayoutsIn(cacheDir: string | undefined): void {
  layoutsDir = cacheDir ? path.join(cacheDir, 'layouts') : undefined;
}

/**
 * Make pdfmake's layout builder reuse kept layouts (idempotent); `SVGMeasure` sizes SVGs as
 * its layout does, and `Line` is its class of lines of text (for layouts read from disk).
 */
export function reuseLayouts(LayoutBuilder: { prototype: { layoutDocument: LayoutDocument } }, SVGMeasure: new () => SvgSizer, Line: new (maxWidth: number) => object): void {
  const proto = LayoutBuilder.prototype;
  if (sizer) return;
  sizer = new SVGMeasure();
  LineClass = Line;
  const layout = proto.layoutDocument;
  proto.layoutDocument = function (this: unknown, docStructure, pdfDocument, ...rest) {
    const plan = plans.get(docStructure);
    plans.delete(docStructure);
    if (!plan || plan === CONFLICT) return layout.call(this, docStructure, pdfDocument, ...rest);
    const known = kept.get(plan.key) ?? readLayout(plan.key);
    if (known?.extras !== undefined) {
      kept.delete(plan.key);
      kept.set(plan.key, known);
      plan.reused = known.extras;
      plan.used = known;
      stats.reused++;
      return reuse(known, plan, pdfDocument);
    }
    stats.made++;
    return record(plan, pdfDocument, () => layout.call(this, docStructure, pdfDocument, ...rest));
  };
}

/** Layouts planned for reuse in this process: made afresh, and reused. */
export function layoutReuseStats(): { made: number; reused: number } {
  return { ...stats };
}

/**
 * A plan to reuse the layout of `definition` (a pdfmake document definition, before pdfmake
 * sees it) printed with `fonts`; undefined when layouts are not reused or the definition
 * cannot be keyed. Call before handing the definition to pdfmake.
 */
export function planLayoutReuse<E>(definition: Record<string, unknown>, fonts: Record<string, object>): LayoutPlan<E> | undefined {
  if (!sizer || typeof definition.content !== 'object' || definition.content === null) return undefined;
  const svgs: string[] = [];
  const svgNodes = new Map<object, number>();
  const measure = sizer;
  let keyable = true;
  let text: string;
  try {
    text = JSON.stringify(definition, function (this: unknown, _key: string, value: unknown) {
      // JSON writes these as null or 0; pdfmake tells them apart
      if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : { number: String(Object.is(value, -0) ? '-0' : value) };
      if (typeof value !== 'object' && typeof value !== 'function') return value;
      if (value === null) return value;
      const description = descriptionOf(value);
      if (description) return { described: description.data };
      if (typeof value === 'function') {
        keyable = false;
        return undefined;
      }
      const svg = (value as { svg?: unknown }).svg;
      if (typeof svg !== 'string') return value;
      svgNodes.set(value, svgs.length);
      svgs.push(svg);
      return { ...value, svg: measure.measureSVG(svg) };
    });
  } catch {
    return undefined; // a cycle, a BigInt, an SVG that does not parse: laid out as pdfmake does, with its errors
  }
  if (!keyable) return undefined;
  const hash = createHash('sha256').update(`${FORMAT} pdfmake ${packageVersion('pdfmake')} pdfkit ${packageVersion('pdfkit')} fontkit ${packageVersion('fontkit')}\0`).update(text).update('\0');
  // each family's faces by slot, and each file's size and time
  hash.update(JSON.stringify(fonts));
  for (const files of Object.values(fonts)) {
    for (const file of Object.values(files)) if (typeof file === 'string') hash.update(`\0${fileStamp(file) ?? ''}`);
  }
  const plan: Plan = { key: hash.digest('hex'), svgs, svgNodes };
  if (plans.has(definition.content)) {
    // two definitions in flight share their content: neither is told which plan is its own
    plans.set(definition.content, CONFLICT);
    return undefined;
  }
  plans.set(definition.content, plan);
  return {
    key: plan.key,
    get reused() {
      return plan.reused as E | undefined;
    },
    done(extras: E | undefined) {
      const layout = plan.made ?? plan.used;
      if (plan.made && extras !== undefined) {
        plan.made.extras = extras;
        remember(plan.key, plan.made);
        writeLayout(plan.key, plan.made);
      }
      plan.made = plan.used = undefined;
      // a reuse gives the pages the next document's fonts
      if (layout) for (const inline of layout.inlines) inline.font = undefined;
    },
  };
}

/** Lay out with `run`, watching what it does to `doc`; the pages, kept on `plan` if they can be reused. */
function record(plan: Plan, doc: PdfDocument, run: () => Page[]): Page[] {
  const fonts: [string, boolean, boolean][] = [];
  const asked = new Set<string>();
  const fontIndex = new Map<EmbeddedFont, number>();
  let providing = false;
  let ownFonts = false;
  const refs = doc._offsets.length;
  const fontSize = doc._fontSize;
  doc.provideFont = function (this: PdfDocument, family: string, bold: boolean, italics: boolean) {
    providing = true;
    try {
      const font = Object.getPrototypeOf(doc).provideFont.call(this, family, bold, italics) as EmbeddedFont;
      const name = `${family}\0${Boolean(bold)}\0${Boolean(italics)}`;
      if (!asked.has(name)) {
        asked.add(name);
        if (!fontIndex.has(font)) fontIndex.set(font, fonts.length);
        fonts.push([family, Boolean(bold), Boolean(italics)]);
      }
      return font;
    } finally {
      providing = false;
    }
  };
  doc.font = function (this: PdfDocument, ...args: unknown[]) {
    if (!providing) ownFonts = true;
    return Object.getPrototypeOf(doc).font.apply(this, args);
  };
  let pages: Page[];
  try {
    pages = run();
  } finally {
    delete (doc as Partial<PdfDocument>).provideFont;
    delete (doc as Partial<PdfDocument>).font;
  }
  if (ownFonts || doc._offsets.length !== refs || doc._fontSize !== fontSize) return pages;

  const made: KeptLayout = { pages, fonts, glyphs: [], lines: [], inlines: [], inlineFonts: [], svgItems: [], svgIndices: [] };
  for (const page of pages) {
    if (page.watermark) return pages;
    for (const entry of page.items) {
      switch (entry.type) {
        case 'line':
          made.lines.push(entry.item);
          for (const inline of entry.item.inlines as { font: EmbeddedFont }[]) {
            const index = fontIndex.get(inline.font);
            if (index === undefined) return pages;
            made.inlines.push(inline);
            made.inlineFonts.push(index);
          }
          break;
        case 'svg': {
          const index = plan.svgNodes.get(entry.item);
          if (index === undefined) return pages;
          made.svgItems.push(entry);
          made.svgIndices.push(index);
          break;
        }
        case 'vector':
          // printing puts a gradient or pattern in place of the colour
          if (entry.item.linearGradient || Array.isArray(entry.item.color)) return pages;
          break;
        case 'beginClip':
        case 'endClip':
        case 'beginVerticalAlignment':
        case 'endVerticalAlignment':
          break;
        default:
          return pages;
      }
    }
  }
  const byIndex = new Map([...fontIndex].map(([font, index]) => [index, font]));
  made.glyphs = fonts.map((_, index) => {
    const font = byIndex.get(index);
    if (!font) return [];
    return Object.values(font.font._glyphs).flatMap((glyph) => (glyph ? [[glyph.id, [...(glyph.codePoints ?? [])]] as [number, number[]]] : []));
  });

  plan.made = made;
  // printed next: its lines' printing is recorded, to be replayed the next time
  keepPrintingOf(made.lines);
  return pages;
}

function remember(key: string, layout: KeptLayout): void {
  kept.delete(key);
  if (kept.size >= KEEP) kept.delete(kept.keys().next().value!);
  kept.set(key, layout);
}

/** Do to `doc` what laying out did, and give the kept pages the plan's drawings and `doc`'s fonts. */
function reuse(layout: KeptLayout, plan: Plan, doc: PdfDocument): Page[] {
  const fonts = layout.fonts.map(([family, bold, italics]) => doc.provideFont(family, bold, italics));
  layout.glyphs.forEach((glyphs, index) => recreateGlyphs(fonts[index]!, glyphs));
  const { inlines, inlineFonts, svgItems, svgIndices } = layout;
  for (let i = 0; i < inlines.length; i++) inlines[i]!.font = fonts[inlineFonts[i]!];
  for (let i = 0; i < svgItems.length; i++) {
    const item = svgItems[i]!.item;
    const svg = sizer!.writeDimensions(plan.svgs[svgIndices[i]!]!, { width: item._width as number, height: item._height as number });
    svgItems[i]!.item = { ...item, svg };
  }
  return layout.pages;
}

/** A kept layout as plain data: pages, fonts and glyphs, the caller's extras and the recorded printing of its lines. */
interface LayoutFile {
  format: string;
  pages: { pageSize: unknown; pageMargins: unknown; items: FileItem[] }[];
  fonts: KeptLayout['fonts'];
  glyphs: KeptLayout['glyphs'];
  extras: unknown;
  drawings: (LineDrawing | null)[];
}

type FileItem =
  /** Inlines without what reads as absent, their font by index. */
  | { type: 'line'; line: Record<string, unknown>; inlines: Record<string, unknown>[] }
  | { type: 'svg'; svg: number; item: Record<string, unknown> }
  | { type: string; item?: unknown };

/**
 * Inline properties that pdfmake's renderer and text decorator (and pdfkit, given them)
 * only test for truth: written only when truthy. (`link` is not one: pdfkit tests it
 * against null, and makes a link of `false`.)
 */
const TRUTH_TESTED = new Set(['decoration', 'decorationColor', 'decorationStyle', 'background', 'linkToPage', 'linkToDestination', 'fontFeatures', 'noWrap', 'sup', 'sub']);

/** What pdfmake's renderer reads of an SVG item (its SVG text aside). */
const SVG_ITEM_KEYS = ['x', 'y', '_width', '_height', 'options', 'font', 'link', 'linkToPage', 'linkToDestination'];

/** Write a layout to the cache folder, if there is one and its pages are plain data. */
function writeLayout(key: string, layout: KeptLayout): void {
  if (!layoutsDir) return;
  const file = toFile(layout);
  if (!file) return;
  // (a cache that cannot be written is left as it is: laid out again by the next process)
  writeCheckedFile(path.join(layoutsDir, `${key.slice(0, 32)}.json`), Buffer.from(JSON.stringify(file)));
}

/** A layout an earlier process wrote, as a kept layout of this process (kept in memory too); undefined if none. */
function readLayout(key: string): KeptLayout | undefined {
  if (!layoutsDir || !LineClass) return undefined;
  const bytes = readCheckedFile(path.join(layoutsDir, `${key.slice(0, 32)}.json`));
  if (!bytes) return undefined;
  let layout: KeptLayout | undefined;
  try {
    layout = fromFile(JSON.parse(bytes.toString('utf8')) as LayoutFile, LineClass);
  } catch {
    return undefined;
  }
  if (layout) remember(key, layout);
  return layout;
}

function toFile(layout: KeptLayout): LayoutFile | undefined {
  const fontIndex = new Map(layout.inlines.map((inline, i) => [inline, layout.inlineFonts[i]!]));
  const svgIndex = new Map(layout.svgItems.map((item, i) => [item, layout.svgIndices[i]!]));
  const pages: LayoutFile['pages'] = [];
  for (const page of layout.pages) {
    const items: FileItem[] = [];
    for (const entry of page.items) {
      if (entry.type === 'line') {
        // a line's _node (the node it belongs to, for laying out again) the renderer never reads
        const { inlines, _node: _, ...line } = entry.item as { inlines: Record<string, unknown>[]; _node?: unknown };
        if (!isPlainData(line, 0)) return undefined;
        const rows: Record<string, unknown>[] = [];
        for (const inline of inlines) {
          const row: Record<string, unknown> = {};
          for (const key in inline) {
            const value = inline[key];
            if (key === 'font' || value === undefined || (TRUTH_TESTED.has(key) && !value)) continue;
            // an object could be shared (inlines of one text share its colour), and pdfmake
            // compares some by identity (underlines are grouped by colour): not written
            if (value !== null && typeof value === 'object') return undefined;
            row[key] = value;
          }
          if (!isPlainData(row, 0)) return undefined;
          row.font = fontIndex.get(inline as { font: unknown });
          rows.push(row);
        }
        items.push({ type: 'line', line, inlines: rows });
      } else if (entry.type === 'svg') {
        const item = Object.fromEntries(SVG_ITEM_KEYS.filter((k) => entry.item[k] !== undefined).map((k) => [k, entry.item[k]]));
        if (!isPlainData(item, 0)) return undefined;
        items.push({ type: 'svg', svg: svgIndex.get(entry)!, item });
      } else {
        // a vector's resetXY is for laying out again; the renderer reads only its data
        const item = entry.type === 'vector' ? (({ resetXY: _, ...data }) => data)(entry.item) : entry.item;
        if (item !== undefined && !isPlainData(item, 0)) return undefined;
        items.push({ type: entry.type, item });
      }
    }
    if (!isPlainData(page.pageSize, 0) || !isPlainData(page.pageMargins, 0)) return undefined;
    pages.push({ pageSize: page.pageSize, pageMargins: page.pageMargins, items });
  }
  if (!isPlainData(layout.extras, 0)) return undefined;
  const drawings = drawingsOf(layout.lines).map((d) => d ?? null);
  return { format: FORMAT, pages, fonts: layout.fonts, glyphs: layout.glyphs, extras: layout.extras, drawings };
}

function fromFile(file: LayoutFile, Line: new (maxWidth: number) => object): KeptLayout | undefined {
  if (file.format !== FORMAT) return undefined;
  const layout: KeptLayout = { pages: [], fonts: file.fonts, glyphs: file.glyphs, lines: [], inlines: [], inlineFonts: [], svgItems: [], svgIndices: [], extras: file.extras };
  for (const page of file.pages) {
    const items: PageItem[] = page.items.map((entry) => {
      if (entry.type === 'line' && 'inlines' in entry) {
        const inlines = entry.inlines as { font: unknown }[];
        for (const inline of inlines) layout.inlineFonts.push(inline.font as number);
        layout.inlines.push(...inlines);
        const line = Object.assign(new Line(entry.line.maxWidth as number), entry.line, { inlines });
        layout.lines.push(line);
        return { type: 'line', item: line as Record<string, unknown> };
      }
      if (entry.type === 'svg' && 'svg' in entry) {
        const item: PageItem = { type: 'svg', item: entry.item };
        layout.svgItems.push(item);
        layout.svgIndices.push(entry.svg);
        return item;
      }
      return { type: entry.type, item: (entry as { item?: Record<string, unknown> }).item! };
    });
    layout.pages.push({ items, pageSize: page.pageSize, pageMargins: page.pageMargins });
  }
  if (!Array.isArray(file.drawings) || file.drawings.length !== layout.lines.length || !file.drawings.every((d) => d === null || isDrawing(d))) return undefined;
  restoreDrawings(layout.lines, file.drawings);
  keepPrintingOf(layout.lines);
  return layout;
}

/** A recorded line printing as line-replay.ts writes it (its steps are checked as they are replayed). */
function isDrawing(d: LineDrawing): boolean {
  return Array.isArray(d.steps) && Array.isArray(d.glyphs) && Array.isArray(d.widths) && d.glyphs.length === d.widths.length && d.glyphs.every((ids, i) => Array.isArray(ids) && ids.length === d.widths[i]?.length) && typeof d.after === 'object';
}

/** JSON-exact data: finite numbers and other primitives, arrays and plain objects of them, a few levels deep. */
function isPlainData(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (value === undefined || depth > 4 || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.every((v) => isPlainData(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((v) => v === undefined || isPlainData(v, depth + 1));
}
