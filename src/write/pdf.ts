import { createRequire } from 'node:module';
import type { PdfNode } from '../layout/assemble.js';
import type { ResolvedFonts } from '../theme/types.js';
import { keepShapedWordsIn, shareFontsAcrossDocuments } from '../perf/shared-fonts.js';
import { saveShapedWords } from '../perf/shaped-words.js';
import { deflateStreamsOnce, keepDeflatedStreamsIn } from '../perf/deflated-streams.js';
import { fasterStyleLookup } from '../perf/style-lookup.js';
import { installModuleStandIns } from '../perf/module-stand-ins.js';
import { fastPathsOn } from '../perf/fast-paths.js';
import { fasterSvgMeasure } from '../perf/svg-measure.js';
import { keepDrawingsIn, replaySvgDrawings } from '../perf/svg-replay.js';
import { keepLayoutsIn, planLayoutReuse, reuseLayouts } from '../perf/layout-reuse.js';
import { replayKeptLines } from '../perf/line-replay.js';

const require = createRequire(import.meta.url);

interface PdfMake {
  setFonts(fonts: ResolvedFonts): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(doc: PdfNode): { getBuffer(): Promise<Buffer> };
}

export interface PrintedPdf {
  bytes: Buffer;
  pages: number;
  /** Page numbers (1-based) each node with an `id` was laid out on. */
  placements: Map<string, number[]>;
}

let pdfmake: PdfMake | undefined;

/**
 * pdfmake, loaded on first use (a `brief check` of content errors never pays for it), with
 * charts' SVG sized without re-parsing, and unless BRIEF_FAST_PATHS=off, stand-ins for
 * modules it loads but seldom uses, fonts parsed once per process, styles resolved once
 * per document, charts drawn before replayed, layouts made before reused and streams
 * deflated before reused: see src/perf/.
 */
function loadPdfmake(): PdfMake {
  if (pdfmake) return pdfmake;
  const fromPdfmake = createRequire(require.resolve('pdfmake/js/Printer.js'));
  if (fastPathsOn()) {
    installModuleStandIns();
    shareFontsAcrossDocuments(fromPdfmake('pdfkit'));
    deflateStreamsOnce(fromPdfmake('pdfkit'));
    fasterStyleLookup(fromPdfmake('./StyleContextStack.js').default);
    replaySvgDrawings(fromPdfmake('./3rd-party/svg-to-pdfkit.js'));
    reuseLayouts(fromPdfmake('./LayoutBuilder.js').default, fromPdfmake('./SVGMeasure.js').default, fromPdfmake('./Line.js').default);
    replayKeptLines(fromPdfmake('./Renderer.js').default);
  }
  fasterSvgMeasure(fromPdfmake('./SVGMeasure.js').default, fromPdfmake('xmldoc').XmlDocument);
  pdfmake = require('pdfmake') as PdfMake;
  return pdfmake;
}

export interface PrintOptions {
  /** A folder to keep shaped words, chart drawings, layouts and deflated streams in between processes (see src/perf/). */
  cacheDir?: string | undefined;
}

/**
 * Lay out and print a pdfmake document definition to bytes. Only the theme's font files
 * may be read; nothing is fetched. The definition is consumed (pdfmake mutates it).
 */
export async function printPdf(doc: PdfNode, fonts: ResolvedFonts, options: PrintOptions = {}): Promise<PrintedPdf> {
  const pdfmake = loadPdfmake();
  keepShapedWordsIn(options.cacheDir);
  keepDrawingsIn(options.cacheDir);
  keepDeflatedStreamsIn(options.cacheDir);
  keepLayoutsIn(options.cacheDir);
  const allowed = new Set(Object.values(fonts).flatMap((f) => [f.normal, f.bold, f.italics, f.bolditalics]));
  pdfmake.setFonts(fonts);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p) => allowed.has(p));
  // the page-break hook sees where each node fell; a reused layout gives what it saw then
  const layout = planLayoutReuse<{ placements: [string, number[]][]; pages: number }>(doc, fonts);
  let placements = new Map<string, number[]>();
  let pages = 0;
  const userHook = doc.pageBreakBefore as ((node: PdfNode) => boolean) | undefined;
  doc.pageBreakBefore = (node: PdfNode) => {
    if (typeof node.id === 'string') placements.set(node.id, node.pageNumbers as number[]);
    pages = Math.max(pages, node.pages as number);
    return userHook ? userHook(node) : false;
  };
  let bytes: Buffer | undefined;
  try {
    bytes = await pdfmake.createPdf(doc).getBuffer();
    if (layout?.reused) {
      placements = new Map(layout.reused.placements);
      pages = layout.reused.pages;
    }
  } finally {
    layout?.done(bytes ? { placements: [...placements].map(([id, on]) => [id, [...on]]), pages } : undefined);
  }
  saveShapedWords();
  return { bytes, pages: pages || countPages(bytes), placements };
}

/** Page count from the page tree's /Count (used when no node reported it). */
function countPages(bytes: Buffer): number {
  const m = /\/Type \/Pages\s*\/Count (\d+)/.exec(bytes.toString('latin1'));
  return m ? Number(m[1]) : 0;
}
