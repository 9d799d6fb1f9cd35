import { fromOpacity, glyphRuns, joinContent, opacity, type Opacity } from './replay-steps.js';

/**
 * Lines of text of a kept layout printed once, then replayed.
 *
 * A kept layout's lines (see layout-reuse.ts) are the same objects build after build, and
 * printing one writes the same operators every time: pdfkit's text path (option objects,
 * matrices, number formatting, shaping lookups, a dozen calls an inline) was the largest
 * part of a rebuild after a data edit. The first time a kept line is printed, what
 * printing does to the document is recorded: content operators, opacity states
 * (which make PDF objects the first time), fonts used (which enter the page's resources
 * and make the font's object the first time), and glyphs written (which enter the font's
 * subset, with their widths and code points, in order: that decides glyph numbers). Later
 * prints replay those steps on the document: the same calls in the same order, with glyph
 * numbers mapped to the document's own subsets, so the bytes are those of printing it.
 *
 * A line that does more (links, destinations, outlines, page numbers, decorations,
 * features, backgrounds) is printed as usual every time, as is any line whose glyphs the
 * document has not created yet (its shaping would create them).
 */

interface Glyph {
  advanceWidth: number;
  codePoints: number[];
}

interface EmbeddedFont {
  id: string;
  scale: number;
  font: { _glyphs: Record<number, Glyph | undefined> };
  subset: { glyphs: number[]; includeGlyph(id: number): number };
  widths: (number | undefined)[];
  unicode: (number[] | undefined)[];
  dictionary?: unknown;
  ref(): unknown;
}

interface Inline {
  font: EmbeddedFont;
  [key: string]: unknown;
}

interface Line {
  inlines: Inline[];
  [key: string]: unknown;
}

interface PdfDoc {
  /** (Read from the page's dictionary: pdfkit's getters add what they are asked for to the PDF.) */
  page: { fonts: Record<string, unknown>; dictionary: { data: Record<string, unknown> } };
  _offsets: unknown[];
  _font: EmbeddedFont;
  _fontSize: number;
  _fillColor?: unknown;
  _textOptions?: unknown;
  x: number;
  y: number;
  addContent(data: string): PdfDoc;
  _doOpacity(fill: unknown, stroke: unknown): unknown;
}

interface Renderer {
  pdfDocument: PdfDoc;
  renderLine(line: Line, x: number, y: number): void;
}

type Step =
  | { t: 'content'; data: string }
  | { t: 'opacity'; fill: Opacity; stroke: Opacity }
  /** Select a font: the index of the line's font (in the order its inlines first use them) and the size as written. */
  | { t: 'tf'; font: number; size: string }
  /** A text-showing operator: literal parts between runs of glyphs (the font's glyph ids). */
  | { t: 'glyphs'; parts: (string | number[])[] };

/** What printing a line did, as plain data (layout-reuse.ts keeps it on disk with its layout). */
export interface LineDrawing {
  x: number;
  y: number;
  steps: Step[];
  /** The glyph ids written, per font index (each once): each must exist in the document to replay. */
  glyphs: number[][];
  /** Their widths as the PDF gives them (computing a glyph's metrics can decode its outline). */
  widths: number[][];
  /** What printing leaves set: font (index), size, fill colour and its opacity, position. */
  after: { font: number; fontSize: number; fill: [unknown, Opacity] | null; x: number; y: number };
}

/** What a line holds that its printing reads; a line with anything else is printed as usual. */
const LINE_KEYS = new Set(['inlines', 'maxWidth', 'leadingCut', 'trailingCut', 'inlineWidths', 'newLineForced', 'x', 'y', 'lastLineInParagraph']);
/** The same for an inline, */
const INLINE_KEYS = new Set([
  'text', 'font', 'fontSize', 'color', 'opacity', 'width', 'height', 'x', 'alignment', 'characterSpacing', 'lineHeight',
  'leadingCut', 'trailingCut', 'noWrap', 'noNewLine', 'sup', 'sub', 'lineEnd', 'decorationColor', 'decorationStyle', 'decorationThickness',
  // the text node's own style, already resolved into the above
  'style', 'bold', 'italics',
]);
/** and what it may hold only as absent (null, or false but for `link`): each does more than write text. */
const INLINE_FEATURES = new Set(['link', 'linkToPage', 'linkToDestination', 'fontFeatures', 'decoration', 'background']);

const drawings = new WeakMap<object, LineDrawing | null>();
/** Lines of kept layouts: their printing is recorded, then replayed. */
const keptLines = new WeakSet<object>();
const stats = { recorded: 0, replayed: 0 };

/** Record the printing of these lines (a kept layout's) the next time they are printed, and replay it after. */
export function keepPrintingOf(lines: Iterable<object>): void {
  for (const line of lines) keptLines.add(line);
}

/** What printing each line did, where it was recorded (undefined: not printed yet, or not replayable). */
export function drawingsOf(lines: readonly object[]): (LineDrawing | undefined)[] {
  return lines.map((line) => drawings.get(line) ?? undefined);
}

/** Take these recorded printings (from drawingsOf, of the same layout) as the lines' own. */
export function restoreDrawings(lines: readonly object[], kept: readonly (LineDrawing | null | undefined)[]): void {
  lines.forEach((line, i) => {
    const drawing = kept[i];
    if (drawing) drawings.set(line, drawing);
  });
}
const patched = new WeakSet<object>();

/** Make pdfmake's renderer replay the kept lines it has printed before (idempotent). */
export function replayKeptLines(RendererClass: { prototype: Renderer }): void {
  const proto = RendererClass.prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  const render = proto.renderLine;
  proto.renderLine = function (this: Renderer, line: Line, x: number, y: number) {
    const doc = this.pdfDocument;
    const known = drawings.get(line);
    if (known && known.x === x && known.y === y) {
      const fonts = fontsOf(line);
      if (canReplay(doc, known, fonts)) {
        stats.replayed++;
        return replay(doc, known, fonts);
      }
    }
    if (known !== undefined || !keptLines.has(line) || !isPlain(line)) return render.call(this, line, x, y);
    const drawing = record(doc, line, x, y, () => render.call(this, line, x, y));
    drawings.set(line, drawing ?? null);
    if (drawing) stats.recorded++;
  };
}

/** Lines recorded and replayed in this process. */
export function lineReplayStats(): { recorded: number; replayed: number } {
  return { ...stats };
}

/** A line with nothing but text in plain styles. */
function isPlain(line: Line): boolean {
  for (const key in line) if (!LINE_KEYS.has(key) && line[key] != null && line[key] !== false) return false;
  for (const inline of line.inlines) {
    for (const key in inline) {
      if (INLINE_KEYS.has(key)) continue;
      // pdfkit makes a link of anything but null and undefined, false too
      const absent = key === 'link' ? inline[key] == null : !inline[key];
      if (!INLINE_FEATURES.has(key) || !absent) return false;
    }
  }
  return true;
}

/** The line's fonts, in the order its inlines first use them. */
function fontsOf(line: Line): EmbeddedFont[] {
  const fonts: EmbeddedFont[] = [];
  for (const inline of line.inlines) if (!fonts.includes(inline.font)) fonts.push(inline.font);
  return fonts;
}

/** Print with `run` while recording what it does to `doc`; undefined when it did what a replay would not. */
function record(doc: PdfDoc, line: Line, x: number, y: number, run: () => void): LineDrawing | undefined {
  const raw: Exclude<Step, { t: 'tf' } | { t: 'glyphs' }>[] = [];
  const fonts = fontsOf(line);
  const unreferenced = fonts.filter((font) => font.dictionary == null).length;
  const before = { refs: doc._offsets.length, page: pageEntries(doc) };
  if (doc._textOptions) return run(), undefined;
  let inOpacity = false;
  let opacityRefs = 0;
  let replayable = true;
  doc.addContent = function (this: PdfDoc, data: string) {
    if (!inOpacity) raw.push({ t: 'content', data });
    return Object.getPrototypeOf(doc).addContent.call(this, data);
  };
  doc._doOpacity = function (this: PdfDoc, fill: unknown, stroke: unknown) {
    if (![fill, stroke].every((o) => o === undefined || o === null || typeof o === 'number')) replayable = false;
    raw.push({ t: 'opacity', fill: opacity(fill), stroke: opacity(stroke) });
    const refs = this._offsets.length;
    inOpacity = true;
    try {
      return Object.getPrototypeOf(doc)._doOpacity.call(this, fill, stroke);
    } finally {
      inOpacity = false;
      opacityRefs += this._offsets.length - refs;
    }
  };
  try {
    run();
  } finally {
    delete (doc as Partial<PdfDoc>).addContent;
    delete (doc as Partial<PdfDoc>)._doOpacity;
  }
  if (!replayable) return undefined;
  const referenced = unreferenced - fonts.filter((font) => font.dictionary == null).length;
  if (doc._offsets.length !== before.refs + opacityRefs + referenced) return undefined;
  if (pageEntries(doc) !== before.page) return undefined;
  const fill = doc._fillColor;
  if (fill !== undefined && !(Array.isArray(fill) && fill.length === 2 && typeof fill[0] === 'string')) return undefined;
  const after = { font: fonts.indexOf(doc._font), fontSize: doc._fontSize, fill: fill ? ([fill[0], opacity(fill[1])] as [unknown, Opacity]) : null, x: doc.x, y: doc.y };
  if (after.font < 0) return undefined;

  const steps: Step[] = [];
  const glyphs = fonts.map(() => new Set<number>());
  const byId = new Map(fonts.map((font, index) => [font.id, index]));
  let current: number | undefined;
  for (const step of raw) {
    if (step.t === 'opacity') {
      steps.push(step);
      continue;
    }
    const tf = /^\/(\S+) (\S+) Tf$/.exec(step.data);
    if (tf) {
      current = byId.get(tf[1]!);
      if (current === undefined) return undefined;
      steps.push({ t: 'tf', font: current, size: tf[2]! });
      continue;
    }
    if (!step.data.includes('<')) {
      steps.push(step);
      continue;
    }
    const parts = current === undefined ? undefined : glyphRuns(step.data, fonts[current]!.subset.glyphs);
    if (!parts) return undefined;
    for (const part of parts) if (typeof part !== 'string') for (const id of part) glyphs[current!]!.add(id);
    steps.push({ t: 'glyphs', parts });
  }
  const ids = glyphs.map((set) => [...set]);
  // every one is in its subset now: includeGlyph only gives its number
  const widths = ids.map((list, f) => list.map((id) => fonts[f]!.widths[fonts[f]!.subset.includeGlyph(id)]!));
  if (widths.some((list) => list.some((w) => typeof w !== 'number'))) return undefined;
  return { x, y, steps: joinContent(steps), glyphs: ids, widths, after };
}

/** The page dictionary's entries, with the number of its annotations. */
function pageEntries(doc: PdfDoc): string {
  const data = doc.page.dictionary.data;
  return `${Object.keys(data).join()} ${Array.isArray(data.Annots) ? data.Annots.length : -1}`;
}

/** Whether the document has every glyph the drawing writes (else printing would shape, and create them). */
function canReplay(doc: PdfDoc, drawing: LineDrawing, fonts: EmbeddedFont[]): boolean {
  if (doc._textOptions || fonts.length !== drawing.glyphs.length) return false;
  for (let f = 0; f < fonts.length; f++) {
    const table = fonts[f]!.font._glyphs;
    for (const id of drawing.glyphs[f]!) if (!table[id]) return false;
  }
  return true;
}

/** Do to `doc` what printing the line did. */
function replay(doc: PdfDoc, drawing: LineDrawing, fonts: EmbeddedFont[]): void {
  let font: EmbeddedFont | undefined;
  let index = 0;
  for (const step of drawing.steps) {
    switch (step.t) {
      case 'content':
        doc.addContent(step.data);
        break;
      case 'opacity':
        doc._doOpacity(fromOpacity(step.fill), fromOpacity(step.stroke));
        break;
      case 'tf':
        font = fonts[step.font]!;
        index = step.font;
        if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
        doc.addContent(`/${font.id} ${step.size} Tf`);
        break;
      case 'glyphs': {
        let data = '';
        for (const part of step.parts) data += typeof part === 'string' ? part : encode(font!, part, drawing.glyphs[index]!, drawing.widths[index]!);
        doc.addContent(data);
        break;
      }
    }
  }
  const { after } = drawing;
  doc._font = fonts[after.font]!;
  doc._fontSize = after.fontSize;
  doc._fillColor = after.fill ? [after.fill[0], fromOpacity(after.fill[1])] : undefined;
  doc.x = after.x;
  doc.y = after.y;
}

/**
 * What pdfkit's `encode` does for these glyphs: include them in the subset, note widths
 * (the recorded ones: `known` ids, `widths` theirs) and code points; their hex.
 */
function encode(font: EmbeddedFont, ids: number[], known: number[], widths: number[]): string {
  let hex = '';
  for (const id of ids) {
    const gid = font.subset.includeGlyph(id);
    hex += `0000${gid.toString(16)}`.slice(-4);
    if (font.widths[gid] == null) font.widths[gid] = widths[known.indexOf(id)]!;
    if (font.unicode[gid] == null) font.unicode[gid] = font.font._glyphs[id]!.codePoints;
  }
  return hex;
}
