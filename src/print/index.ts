import type { PdfNode } from '../layout/assemble.js';
import type { ResolvedFonts } from '../theme/types.js';
import type { FontFiles } from './face.js';
import type { Store } from '../store/store.js';
import type { StructNode } from '../layout/structure.js';
import { DEFAULT_STANDARDS, documentOptions, extraXmp, type DocumentInfo, type PdfStandard } from './standards.js';
import { drawSvg, layOut, loadPrintLibraries, scratchDocument } from './pdfmake.js';
import { primaryFontFiles } from '../theme/fallback.js';
import { prepareDrawings, renderPages, type PreparedDrawing, type PreparedDrawings } from './render.js';
import { drawnFragment } from './svg-form.js';
import { documentBytes } from './document-bytes.js';
import { loadShaper } from './shaper.js';
import type { LaidOutPage, LaidOutSvg, PdfKitDocument } from './pages.js';
import { svgMeasure } from './svg-size.js';

export interface PrintOptions {
  /** Where to keep the laid-out pages, under a key of all that layout reads. */
  keep?: { store: Store; key: string };
  /** The standards to conform to (default: PDF/A-2b and PDF/UA-1). */
  standards?: readonly PdfStandard[];
  /** Where drawings are kept as finished PDF forms between runs. */
  store?: Store;
}

export interface PrintedPdf {
  bytes: Buffer;
  pages: number;
  /** How tall the content of each sheet is, from its top (the footer, in the bottom margin, not counted), in points. */
  sheetHeights: number[];
  /** How tall content may be on a sheet: its height less its bottom margin. */
  sheetRoom: number;
  /** Per sheet, how many characters of its footer the layout left out (a footer taller than the bottom margin loses its last lines). */
  footerCut: number[];
  /** Characters no font of their chain has a glyph for, with the fonts tried: printed as empty boxes, so never to be written. */
  missingGlyphs: { character: string; fonts: string[] }[];
  /** Page numbers (1-based) each node with an `id` was laid out on. */
  placements: Map<string, number[]>;
  /** The font files the document sets text in. */
  fonts: string[];
}

/**
 * What printing in `fonts` needs before it starts, made ready: the libraries loaded, the
 * primary fonts read and their facts known. For a thread that would otherwise wait (on
 * charts drawn beside it); printing does the same itself when it was not done.
 */
export async function preparePrinting(fonts: ResolvedFonts, fontFiles: FontFiles): Promise<void> {
  await loadShaper();
  loadPrintLibraries();
  for (const file of primaryFontFiles(fonts)) void fontFiles.get(file).factsOf;
}

/**
 * Lay out ahead of printing, for a thread that would wait otherwise: `definition` is the
 * document with each chart as a blank (an empty SVG) of the size it is expected to come
 * out, and its pages are kept under `keep.key`, the key printing computes from the sizes
 * the charts did come out. Printing finds them when those are the sizes expected, and
 * lays out anew when not. The pages' other drawings (icons, pictures) are prepared as
 * printing prepares them, and found there.
 */
export async function layOutAhead(definition: PdfNode, fonts: ResolvedFonts, fontFiles: FontFiles, options: { keep: { store: Store; key: string }; standards: readonly PdfStandard[]; store?: Store }): Promise<void> {
  const laidOut = layOut(definition, fonts, { fontFiles, keep: options.keep, pdf: documentOptions(options.standards, definition.info as DocumentInfo, definition.language as string | undefined) });
  const drawn = (item: { type: string; item: unknown }) => item.type !== 'svg' || !EMPTY_SVG.test((item.item as LaidOutSvg).svg);
  const pages = laidOut.pages.map((page) => ({ ...page, items: page.items.filter(drawn) }));
  await drawingsOf(pages, fonts, options.store, options.standards.includes('a-1b'));
}

/** An SVG with nothing in it: a chart's blank, which draws nothing to prepare. */
const EMPTY_SVG = /^\s*<svg\b[^>]*\/>\s*$/;

/**
 * A chart's drawing made into the PDF form printing will set it as, kept in `store` where
 * printing looks it up: as the pages hold it (its root sized as the layout sizes it), split
 * and made opaque as printing does.
 */
export async function prepareChartForm(chart: { svg: string; width: number; height: number }, font: string, fonts: ResolvedFonts, store: Store, standards: readonly PdfStandard[]): Promise<void> {
  const size = { width: chart.width, height: chart.height };
  const svg: LaidOutSvg = { svg: svgMeasure.writeDimensions(chart.svg, size), ...size, x: 0, y: 0, font };
  await drawingsOf([{ pageSize: size, items: [{ type: 'svg', item: svg }] }], fonts, store, standards.includes('a-1b'));
}

/** The drawings of `pages` as printing sets them: split, made opaque for PDF/A-1, their graphics each a form (kept in `store`). */
function drawingsOf(pages: LaidOutPage[], fonts: ResolvedFonts, store: Store | undefined, opaque: boolean) {
  const draw = (doc: PdfKitDocument, svg: LaidOutSvg) => drawSvg(doc, svg, fonts);
  return prepareDrawings(pages, opaque, (svg) => drawnFragment(svg, store, scratchDocument, draw), recentDrawings);
}

/**
 * The drawings this thread prepared last, by what they were prepared from: a chart made
 * into its form while the others were drawn (prepareChartForm) is not split and read back
 * from the store again when its pages print. Neither is changed once prepared.
 */
const recentDrawings = new (class implements PreparedDrawings {
  private readonly drawings = new Map<string, PreparedDrawing>();
  /** The length of the keys held (each holds its drawing's SVG): what the drawings weigh, roughly. */
  private length = 0;
  get(key: string): PreparedDrawing | undefined {
    const drawing = this.drawings.get(key);
    if (drawing) {
      // the most recently used last, the first to go the least recently used
      this.drawings.delete(key);
      this.drawings.set(key, drawing);
    }
    return drawing;
  }
  set(key: string, drawing: PreparedDrawing): void {
    if (key.length > RECENT_DRAWINGS_LENGTH / 4) return;
    if (!this.drawings.has(key)) this.length += key.length;
    this.drawings.set(key, drawing);
    while (this.drawings.size > RECENT_DRAWINGS || this.length > RECENT_DRAWINGS_LENGTH) {
      const oldest = this.drawings.keys().next().value!;
      this.drawings.delete(oldest);
      this.length -= oldest.length;
    }
  }
})();

/** How many drawings `recentDrawings` holds, at most: those of a brief or two. */
const RECENT_DRAWINGS = 64;
/** How much SVG text they hold, at most (a drawing of more than a quarter of it is not held). */
const RECENT_DRAWINGS_LENGTH = 8_000_000;

/**
 * Print a pdfmake document definition (consumed: pdfmake writes into it):
 *
 *   lay out (pdfmake, with brief's faces; or the pages kept under `keep.key`) → check the pages' shapes
 *     → render (brief, pdfkit's public API) → embed the faces' subsets → bytes
 *
 * Only the theme's font files are read (a fallback font only when a character needs it); nothing is fetched.
 */
export async function printPdf(definition: PdfNode, fonts: ResolvedFonts, fontFiles: FontFiles, options: PrintOptions = {}): Promise<PrintedPdf> {
  await loadShaper();
  const info = definition.info as DocumentInfo;
  const language = definition.language as string | undefined;
  const standards = options.standards ?? DEFAULT_STANDARDS;
  const structure = definition.structure as StructNode | undefined;
  const laidOut = layOut(definition, fonts, {
    fontFiles,
    ...(options.keep ? { keep: options.keep } : {}),
    pdf: documentOptions(standards, info, language),
  });
  for (const xml of extraXmp(standards, info)) laidOut.doc.appendXML(xml);
  const opaque = standards.includes('a-1b');
  const drawings = await drawingsOf(laidOut.pages, fonts, options.store, opaque);
  const draw = (doc: PdfKitDocument, svg: LaidOutSvg) => drawSvg(doc, svg, fonts);
  const bytes = await documentBytes(laidOut.doc, () => {
    renderPages(laidOut, draw, fonts, structure, { opaque, drawings, forms: new Map() });
    // PDF/A-1 asks a subset to list the glyphs it holds
    for (const face of laidOut.faces()) face.embed(laidOut.doc, { cidSet: standards.includes('a-1b') });
  });
  fontFiles.save();
  const missingGlyphs = laidOut.missing();
  const bottomMargin = (definition.pageMargins as number[] | undefined)?.[3] ?? 0;
  const sheetRoom = (laidOut.pages[0]?.pageSize.height ?? 0) - bottomMargin;
  return {
    bytes,
    pages: laidOut.pages.length,
    placements: laidOut.placements,
    fonts: [...new Set(laidOut.faces().map((face) => face.file))],
    missingGlyphs,
    sheetHeights: laidOut.pages.map((page) => contentHeight(page, bottomMargin)),
    sheetRoom,
    footerCut: laidOut.pages.map((page, i) => footerCut(footerOf(i + 1, laidOut.pages.length), page, bottomMargin)),
  };

  function footerOf(page: number, pages: number): unknown {
    return typeof definition.footer === 'function' ? (definition.footer as (page: number, pages: number) => unknown)(page, pages) : definition.footer;
  }
}

/**
 * How many characters of a sheet's footer are missing from its laid-out lines. pdfmake
 * sets the footer in the bottom margin and leaves out, silently, the lines that do not fit.
 */
function footerCut(footer: unknown, page: LaidOutPage, bottomMargin: number): number {
  const letters = (text: string) => text.replace(/[\s\u00ad\u2010]/g, '').length;
  let wanted = 0;
  const visit = (node: unknown, inText: boolean): void => {
    if (typeof node === 'string') wanted += inText ? letters(node) : 0;
    else if (Array.isArray(node)) node.forEach((n) => visit(n, inText));
    else if (node && typeof node === 'object') for (const [key, value] of Object.entries(node)) if (key === 'text' || key === 'stack' || key === 'columns' || key === 'table' || key === 'body') visit(value, inText || key === 'text');
  };
  visit(footer, false);
  let laid = 0;
  const top = page.pageSize.height - bottomMargin;
  for (const { type, item } of page.items) {
    if (type !== 'line') continue;
    const line = item as { y: number; inlines: { text: string }[] };
    if (line.y >= top) laid += letters(line.inlines.map((i) => i.text).join(''));
  }
  return Math.max(0, wanted - laid);
}

/** The bottom of a sheet's lowest content above its bottom margin (where the footer is). */
function contentHeight(page: LaidOutPage, bottomMargin: number): number {
  const limit = page.pageSize.height - bottomMargin;
  let bottom = 0;
  for (const { type, item } of page.items) {
    const box = item as { y?: number; h?: number; height?: number; inlines?: { height: number }[] };
    if (typeof box.y !== 'number' || box.y >= limit) continue;
    const height = type === 'line' ? Math.max(0, ...(box.inlines ?? []).map((i) => i.height)) : (box.h ?? box.height ?? 0);
    bottom = Math.max(bottom, Math.min(limit, box.y + height));
  }
  return bottom;
}
