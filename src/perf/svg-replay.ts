/**
 * Charts drawn by svg-to-pdfkit once per process, then replayed.
 *
 * Turning a chart's SVG into PDF drawing operators (parsing the SVG, building its element
 * tree, parsing paths, laying out text) was the largest part of printing a brief, and
 * a rebuild after a data edit draws the same unchanged charts again. The first time an
 * SVG is drawn at a place on the page, what the drawing does to the document is recorded:
 * fonts opened and text encoded (in order: that decides the font subsets' glyph numbers),
 * content operators written, and opacity states used. Drawing it again at the same place
 * replays those steps on the document: the same calls in the same order, with glyph
 * numbers mapped to the document's own subsets, so the bytes are those of drawing it.
 *
 * A drawing that does more (gradients and patterns, masks and groups, images, links, spot
 * colours) is not recorded and is always drawn.
 *
 * With a cache folder (see keepDrawingsIn) recorded drawings are also kept on disk, by a
 * hash of the SVG, its place and options and the document's fonts, so a cold build
 * replays the charts an earlier process drew.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../write/atomic.js';
import { fromOpacity, glyphRuns, joinContent, opacity, type Opacity } from './replay-steps.js';


interface Subset {
  glyphs: number[];
  includeGlyph(glyphId: number): number;
}

interface EmbeddedFont {
  id: string;
  subset?: Subset;
  encode(text: string, features?: unknown): unknown;
  ref(): unknown;
}

interface Page {
  fonts: Record<string, unknown>;
  /** The dictionaries behind pdfkit's getters (which create what they are asked for). */
  resources: { data: Record<string, object | undefined> };
  dictionary: { data: Record<string, unknown[] | object | undefined> };
}

interface PdfDoc {
  page: Page;
  _font: EmbeddedFont;
  _strokeColor?: unknown;
  _imageCount?: number;
  _groupCount?: number;
  _maskCount?: number;
  _patternCount?: number;
  _gradCount?: number;
  fonts?: unknown;
  font(src: unknown, ...rest: unknown[]): PdfDoc;
  addContent(data: string): PdfDoc;
  _doOpacity(fill: unknown, stroke: unknown): unknown;
}

type SvgToPdf = (doc: PdfDoc, svg: unknown, x: number, y: number, options: Record<string, unknown>) => unknown;

/** One step of a recorded drawing. */
type Step =
  | { t: 'font'; src: string }
  | { t: 'encode'; src: string; text: string }
  | { t: 'opacity'; fill: Opacity; stroke: Opacity }
  | { t: 'content'; data: string }
  | { t: 'tf'; src: string; size: string }
  /** A text-showing operator: literal parts between runs of glyphs (original glyph ids). */
  | { t: 'glyphs'; parts: (string | number[])[] };

interface Drawing {
  steps: Step[];
  /**
   * The stroke colour the drawing leaves set, if it set one (svg-to-pdfkit puts the fill
   * colour back itself, and leaves the stroke colour as it last set it).
   */
  strokeColor?: { value: unknown };
}

/** Drawings kept in memory (oldest dropped first). */
const KEEP = 64;
/** Bump when what a recorded drawing holds changes: drawings on disk then miss. */
const FORMAT = 'svg-replay-1';

let drawingsDir: string | undefined;

/** Keep recorded drawings in `dir` between processes (undefined: in memory only). */
export function keepDrawingsIn(dir: string | undefined): void {
  drawingsDir = dir;
}

const patched = new WeakSet<object>();

/** Make pdfmake's svg-to-pdfkit module (its `default` export) replay drawings it has made before. */
export function replaySvgDrawings(module: { default: SvgToPdf }): void {
  if (patched.has(module)) return;
  patched.add(module);
  const draw = module.default;
  const drawings = new Map<string, Drawing | null>();
  const remember = (key: string, drawing: Drawing | null) => {
    drawings.delete(key);
    if (drawings.size >= KEEP) drawings.delete(drawings.keys().next().value!);
    drawings.set(key, drawing);
  };

  module.default = function (doc, svg, x, y, options) {
    if (typeof svg !== 'string') return draw(doc, svg, x, y, options);
    const key = createHash('sha256').update(`${FORMAT}\n${JSON.stringify([x, y, options, doc.fonts ?? null])}\n`).update(svg).digest('hex');
    const file = drawingsDir ? path.join(drawingsDir, 'drawings', `${key.slice(0, 32)}.json`) : undefined;
    let known = drawings.get(key);
    if (known === undefined && file) known = readDrawing(file);
    if (known) {
      remember(key, known);
      return replay(doc, known);
    }
    if (known === null) return draw(doc, svg, x, y, options);
    const drawing = record(doc, () => draw(doc, svg, x, y, options));
    remember(key, drawing ?? null);
    if (drawing && file) {
      try {
        writeFileAtomic(file, JSON.stringify(drawing), { durable: false });
      } catch {
        // a read-only cache: drawn again by the next process
      }
    }
    return undefined;
  };
}

/**
 * What only drawings that cannot be replayed change on a document. Read from the page's
 * dictionaries themselves: pdfkit's getters would add an empty entry to the PDF.
 */
function sideEffects(doc: PdfDoc): string {
  const resources = doc.page.resources.data;
  const count = (o: object | undefined) => (o ? Object.keys(o).length : -1);
  return JSON.stringify([
    count(resources.XObject),
    count(resources.Pattern),
    count(resources.ColorSpace),
    count(resources.Shading),
    count(doc.page.dictionary.data.Annots),
    doc._imageCount ?? 0,
    doc._groupCount ?? 0,
    doc._maskCount ?? 0,
    doc._patternCount ?? 0,
    doc._gradCount ?? 0,
  ]);
}

/**
 * Draw with `run` while recording what it does to `doc`; the drawing, or undefined when
 * it did something that cannot be replayed (or recorded text with a font it did not open).
 */
function record(doc: PdfDoc, run: () => void): Drawing | undefined {
  const raw: ({ t: 'content'; data: string } | Exclude<Step, { t: 'content' } | { t: 'tf' } | { t: 'glyphs' }>)[] = [];
  const sourceOf = new Map<EmbeddedFont, string>();
  const wrapped: EmbeddedFont[] = [];
  let inOpacity = false;
  let replayable = true;
  const before = sideEffects(doc);
  const strokeBefore = doc._strokeColor;

  doc.addContent = function (this: PdfDoc, data: string) {
    if (!inOpacity) raw.push({ t: 'content', data });
    return Object.getPrototypeOf(doc).addContent.call(this, data);
  };
  doc._doOpacity = function (this: PdfDoc, fill: unknown, stroke: unknown) {
    const known = [fill, stroke].every((o) => o === undefined || o === null || typeof o === 'number');
    if (!known) replayable = false; // not a drawing we can write down
    raw.push({ t: 'opacity', fill: opacity(fill), stroke: opacity(stroke) });
    inOpacity = true;
    try {
      return Object.getPrototypeOf(doc)._doOpacity.call(this, fill, stroke);
    } finally {
      inOpacity = false;
    }
  };
  doc.font = function (this: PdfDoc, src: unknown, ...rest: unknown[]) {
    const result = Object.getPrototypeOf(doc).font.call(this, src, ...rest) as PdfDoc;
    if (typeof src !== 'string' || rest.length > 0) {
      replayable = false;
      return result;
    }
    raw.push({ t: 'font', src });
    const font = this._font;
    sourceOf.set(font, src);
    if (!Object.hasOwn(font, 'encode')) {
      const encode = font.encode;
      font.encode = function (this: EmbeddedFont, text: string, features?: unknown) {
        if (features !== undefined) replayable = false;
        raw.push({ t: 'encode', src, text });
        return encode.call(this, text, features);
      };
      wrapped.push(font);
    }
    return result;
  };
  try {
    run();
  } finally {
    for (const key of ['addContent', '_doOpacity', 'font'] as const) delete (doc as Partial<PdfDoc>)[key];
    for (const font of wrapped) delete (font as Partial<EmbeddedFont>).encode;
  }
  if (!replayable || sideEffects(doc) !== before) return undefined;

  // Font names and glyph numbers are the document's own: keep fonts by file, glyphs by id.
  const byId = new Map([...sourceOf].map(([font, src]) => [font.id, { font, src }]));
  const steps: Step[] = [];
  let current: { font: EmbeddedFont; src: string } | undefined;
  for (const step of raw) {
    if (step.t !== 'content') {
      steps.push(step);
      continue;
    }
    const tf = /^\/(\S+) (\S+) Tf$/.exec(step.data);
    if (tf) {
      current = byId.get(tf[1]!);
      if (!current) return undefined;
      steps.push({ t: 'tf', src: current.src, size: tf[2]! });
      continue;
    }
    if (!step.data.includes('<')) {
      steps.push(step);
      continue;
    }
    const subset = current?.font.subset;
    const parts = subset ? glyphRuns(step.data, subset.glyphs) : undefined;
    if (!parts) return undefined;
    steps.push({ t: 'glyphs', parts });
  }
  return { steps: joinContent(steps), ...(doc._strokeColor !== strokeBefore ? { strokeColor: { value: copy(doc._strokeColor) } } : {}) };
}

/** Do to `doc` what the recorded drawing did. */
function replay(doc: PdfDoc, drawing: Drawing): void {
  const fonts = new Map<string, EmbeddedFont>();
  let current: EmbeddedFont | undefined;
  for (const step of drawing.steps) {
    switch (step.t) {
      case 'font':
        doc.font(step.src);
        fonts.set(step.src, doc._font);
        break;
      case 'encode':
        fonts.get(step.src)!.encode(step.text);
        break;
      case 'opacity':
        doc._doOpacity(fromOpacity(step.fill), fromOpacity(step.stroke));
        break;
      case 'content':
        doc.addContent(step.data);
        break;
      case 'tf': {
        current = fonts.get(step.src)!;
        if (!doc.page.fonts[current.id]) doc.page.fonts[current.id] = current.ref();
        doc.addContent(`/${current.id} ${step.size} Tf`);
        break;
      }
      case 'glyphs': {
        const subset = current!.subset!;
        let data = '';
        for (const part of step.parts) {
          data += typeof part === 'string' ? part : part.map((id) => `0000${subset.includeGlyph(id).toString(16)}`.slice(-4)).join('');
        }
        doc.addContent(data);
        break;
      }
    }
  }
  if (drawing.strokeColor) doc._strokeColor = copy(drawing.strokeColor.value);
}

/** A drawing an earlier process wrote; undefined when there is none (or it is unreadable). */
function readDrawing(file: string): Drawing | undefined {
  try {
    const drawing = JSON.parse(fs.readFileSync(file, 'utf8')) as Drawing;
    return Array.isArray(drawing.steps) ? drawing : undefined;
  } catch {
    return undefined;
  }
}

function copy<T>(value: T): T {
  return Array.isArray(value) ? ([...value] as T) : value;
}
