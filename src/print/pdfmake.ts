import { createRequire } from 'node:module';
import type { PdfNode } from '../layout/assemble.js';
import type { ResolvedFonts } from '../theme/types.js';
import { readPages, type LaidOutPage, type LaidOutSvg, type PdfKitDocument } from './pages.js';
import { svgMeasure } from './svg-size.js';

/**
 * pdfmake's layout engine, and nothing else of pdfmake: the one place brief reaches into
 * it. pdfmake's package exports a single entry that lays out *and* prints; its own
 * `Printer.createPdfKitDocument` is these same steps followed by its renderer. brief
 * prints with a renderer of its own (render.ts: it marks what it draws for tagged PDF,
 * makes one link per line, and uses pdfkit's public API only), so it takes the layout
 * step alone: pdfmake's `LayoutBuilder` and the pdfkit document subclass it measures with,
 * from the files pdfmake ships. pdfmake is pinned to one version in package.json, and
 * `readPages` (pages.ts) checks every page it hands over against the shapes the renderer
 * knows: an upgrade that changes them fails loudly, naming what changed, never prints
 * silently wrong (test/print/seam.test.ts holds the same check over a varied document).
 */

const require = createRequire(import.meta.url);

interface LayoutBuilder {
  registerTableLayouts(layouts: Record<string, unknown>): void;
  layoutDocument(
    content: unknown,
    doc: PdfKitDocument,
    styles: Record<string, unknown>,
    defaultStyle: Record<string, unknown>,
    background: unknown,
    header: unknown,
    footer: unknown,
    watermark: unknown,
    pageBreakBefore: (node: NodeInfo) => boolean,
  ): unknown[];
}

/** What pdfmake's documented `pageBreakBefore` hook is told of each node. */
export interface NodeInfo {
  id?: string;
  pageNumbers: number[];
  pages: number;
}

interface PdfMakeModules {
  LayoutBuilder: new (pageSize: PageSize, margins: Margins, measure: typeof svgMeasure) => LayoutBuilder;
  PDFDocument: new (
    fonts: ResolvedFonts,
    images: object,
    patterns: object,
    attachments: object,
    options: Record<string, unknown>,
    virtualfs: null,
    localAccessPolicy: (file: string) => boolean,
  ) => PdfKitDocument;
  svgToPdfkit: SvgToPdfkit;
}

/** svg-to-pdfkit's one documented function, in the copy pdfmake ships and its own renderer draws with. */
type SvgToPdfkit = (doc: PdfKitDocument, svg: string, x: number, y: number, options: Record<string, unknown>) => void;

let modules: PdfMakeModules | undefined;

/** Loaded on first use: a `brief check` that stops at a content error never pays for it. */
function pdfmakeModules(): PdfMakeModules {
  modules ??= {
    LayoutBuilder: (require('pdfmake/js/LayoutBuilder.js') as { default: PdfMakeModules['LayoutBuilder'] }).default,
    PDFDocument: (require('pdfmake/js/PDFDocument.js') as { default: PdfMakeModules['PDFDocument'] }).default,
    svgToPdfkit: (require('pdfmake/js/3rd-party/svg-to-pdfkit.js') as { default: SvgToPdfkit }).default,
  };
  return modules;
}

interface PageSize {
  width: number;
  height: number;
  orientation: 'portrait' | 'landscape';
}
interface Margins {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface DocumentOptions {
  /** pdfkit's document options beyond the page size: PDF version, standard, language, info. */
  pdf: Record<string, unknown>;
}

export interface LaidOutDocument {
  /** The pdfkit document the layout measured with: the renderer draws into it. */
  doc: PdfKitDocument;
  pages: LaidOutPage[];
  /** Page numbers (1-based) each node with an `id` was laid out on. */
  placements: Map<string, number[]>;
  /** The font file of each font object the layout chose, so the renderer can select it by its public name. */
  fontFiles: Map<object, string>;
}

/**
 * Lay out a pdfmake document definition (consumed: pdfmake writes into it). Only the
 * theme's font files may be read.
 */
export function layOut(definition: PdfNode, fonts: ResolvedFonts, options: DocumentOptions): LaidOutDocument {
  const { LayoutBuilder, PDFDocument } = pdfmakeModules();
  const allowed = new Set(Object.values(fonts).flatMap((f) => [f.normal, f.bold, f.italics, f.bolditalics]));
  const [width, height] = definition.pageSize as [number, number];
  const doc = new PDFDocument(fonts, {}, {}, {}, { ...options.pdf, size: [width, height], autoFirstPage: false, bufferPages: false, fontLayoutCache: true, font: null }, null, (file) => allowed.has(file));

  const fontFiles = new Map<object, string>();
  for (const [family, faces] of Object.entries(fonts)) {
    for (const [bold, italics, face] of [[false, false, 'normal'], [true, false, 'bold'], [false, true, 'italics'], [true, true, 'bolditalics']] as const) {
      fontFiles.set(doc.provideFont(family, bold, italics), faces[face]);
    }
  }

  const [left, top, right, bottom] = definition.pageMargins as [number, number, number, number];
  const builder = new LayoutBuilder({ width, height, orientation: width > height ? 'landscape' : 'portrait' }, { left, top, right, bottom }, svgMeasure);
  const placements = new Map<string, number[]>();
  const raw = builder.layoutDocument(definition.content, doc, definition.styles ?? {}, definition.defaultStyle ?? {}, undefined, undefined, definition.footer, undefined, (node) => {
    if (typeof node.id === 'string') placements.set(node.id, [...node.pageNumbers]);
    return false;
  });
  return { doc, pages: readPages(raw), placements, fontFiles };
}

/**
 * Draw a laid-out SVG (a chart, an icon) as vectors. Its text is set in the document's
 * own fonts: a family the document has by name, else the SVG's fallback family (the
 * chart font), as chart text was measured (src/chart/measure.ts).
 */
export function drawSvg(doc: PdfKitDocument, svg: LaidOutSvg, fonts: ResolvedFonts): void {
  const families = new Map(Object.entries(fonts).map(([name, faces]) => [name.toLowerCase(), faces]));
  const fallback = families.get((svg.font ?? '').toLowerCase()) ?? Object.values(fonts)[0];
  pdfmakeModules().svgToPdfkit(doc, svg.svg, svg.x, svg.y, {
    width: svg.width,
    height: svg.height,
    assumePt: true,
    useCSS: false,
    fontCallback: (family: string, bold: boolean, italic: boolean) => {
      const named = family.split(',').map((f) => families.get(f.trim().replace(/['"]/g, '').toLowerCase())).find((f) => f !== undefined);
      const faces = named ?? fallback;
      if (!faces) throw new Error('an SVG asks for text, and the document has no fonts');
      return faces[bold ? (italic ? 'bolditalics' : 'bold') : italic ? 'italics' : 'normal'];
    },
  });
}
