import { createRequire } from 'node:module';
import { LAYOUT_OF, type PdfNode } from '../layout/assemble.js';
import type { ResolvedFonts } from '../theme/types.js';
import { Face, type FontFile, type FontFiles } from './face.js';
import { FaceChain } from './fallback.js';
import { familyLanguage, fontChain } from '../theme/fallback.js';
import { readPages, type LaidOutPage, type LaidOutSvg, type PdfKitDocument } from './pages.js';
import { svgMeasure } from './svg-size.js';
import { keepLayout, numberSvgs, restoreLayout, type KeptLayout } from './kept-layout.js';
import { storeKey, type Store } from '../store/store.js';
import { pdfkitLibrary, printBundle } from './libraries.js';

/**
 * pdfmake's layout engine, and nothing else of pdfmake: the one place brief reaches into
 * it. pdfmake's package exports a single entry that lays out *and* prints; its own
 * `Printer.createPdfKitDocument` is these same steps followed by its renderer. brief
 * prints with a renderer of its own (render.ts: it sets text in faces it shapes and keeps
 * (face.ts), makes one link per line, and draws on a plain pdfkit document through
 * pdfkit's public API), so it takes the layout step alone: pdfmake's `LayoutBuilder`, from
 * the files pdfmake ships, and the copy of svg-to-pdfkit pdfmake draws SVGs with. pdfmake is pinned to one version in package.json, and
 * `readPages` (pages.ts) checks every page it hands over against the shapes the renderer
 * knows: an upgrade that changes them fails loudly, naming what changed, never prints
 * silently wrong (test/print/seam.test.ts holds the same check over a varied document).
 */

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

const require = createRequire(import.meta.url);

interface PdfMakeModules {
  LayoutBuilder: new (pageSize: PageSize, margins: Margins, measure: typeof svgMeasure) => LayoutBuilder;
  svgToPdfkit: SvgToPdfkit;
}

/** svg-to-pdfkit's one documented function, in the copy pdfmake ships and its own renderer draws with. */
type SvgToPdfkit = (doc: PdfKitDocument, svg: string, x: number, y: number, options: Record<string, unknown>) => void;

let modules: PdfMakeModules | undefined;

/** A document of one page of `width` × `height` points, uncompressed: a drawing made there is read back (svg-form.ts). */
export function scratchDocument(width: number, height: number): PdfKitDocument {
  return new (pdfkitLibrary())({ size: [width, height], margin: 0, compress: false, font: null });
}

/** The printing libraries, loaded now rather than at the first document's print. */
export function loadPrintLibraries(): void {
  pdfmakeModules();
}

/** From the printing libraries' bundle (libraries.ts), or, run from src/, from the package's files. */
function pdfmakeModules(): PdfMakeModules {
  if (!modules) {
    const bundle = printBundle();
    modules = bundle
      ? { LayoutBuilder: bundle.LayoutBuilder as PdfMakeModules['LayoutBuilder'], svgToPdfkit: bundle.svgToPdfkit as SvgToPdfkit }
      : {
          LayoutBuilder: (require('pdfmake/js/LayoutBuilder.js') as { default: PdfMakeModules['LayoutBuilder'] }).default,
          svgToPdfkit: (require('pdfmake/js/3rd-party/svg-to-pdfkit.js') as { default: SvgToPdfkit }).default,
        };
  }
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
  /** The font files of the process, with the words they shaped (see face.ts). */
  fontFiles: FontFiles;
  /** Where to keep the laid-out pages, under a key of all that layout reads (see kept-layout.ts). */
  keep?: { store: Store; key: string };
}

export interface LaidOutDocument {
  /** The pdfkit document the layout measured with: the renderer draws into it. */
  doc: PdfKitDocument;
  pages: LaidOutPage[];
  /** Page numbers (1-based) each node with an `id` was laid out on. */
  placements: Map<string, number[]>;
  /** The faces of a theme family and style, as the layout got them (made on first use: chart text asks too). */
  face(family: string, bold: boolean, italics: boolean): FaceChain;
  /** The faces the document's text is set in, to embed once the pages are drawn. */
  faces(): Face[];
  /** Characters no font of their chain has, with the fonts tried, first seen first. */
  missing(): { character: string; fonts: string[] }[];
  /** A PNG or JPEG picture the layout measured, by the name it laid it out under (pdfkit's opened image). */
  image(name: string): unknown;
}

/**
 * Lay out a pdfmake document definition (consumed: pdfmake writes into it). Only the
 * theme's font files may be read; a fallback font only when a character asks for it.
 */
export function layOut(definition: PdfNode, fonts: ResolvedFonts, options: DocumentOptions): LaidOutDocument {
  const { LayoutBuilder } = pdfmakeModules();
  const [width, height] = definition.pageSize as [number, number];
  const doc = new (pdfkitLibrary())({ ...options.pdf, size: [width, height], autoFirstPage: false, font: null }) as PdfKitDocument;

  // What pdfmake's layout asks of its document is each text's font, by family and style:
  // it gets a chain of brief's faces, which shape from the store and are embedded by
  // brief (face.ts, fallback.ts); and each picture's size: pdfmake names the picture's
  // data URL, and the picture is opened by pdfkit's public `openImage`, once per picture.
  const faces = new Map<FontFile, Face>();
  // the faces each part of the content asked for, first asked first (see below)
  let asked = new Set<Face>();
  const faceOf = (font: FontFile): Face => {
    let face = faces.get(font);
    if (!face) {
      face = new Face(font, `B${faces.size + 1}`);
      faces.set(font, face);
    }
    asked.add(face);
    return face;
  };
  let tried = new Set<FontFile>();
  const missing = new Map<string, FontFile[]>();
  const report = {
    tried: (font: FontFile) => void tried.add(font),
    missing: (character: string, chain: FontFile[]) => void (missing.has(character) || missing.set(character, chain)),
  };
  let chains = new Map<string, FaceChain>();
  const chainOf = (files: string[]): FaceChain => {
    const key = files.join('\0');
    let chain = chains.get(key);
    if (!chain) {
      chain = new FaceChain(files.map((file) => options.fontFiles.get(file)), faceOf, report);
      chains.set(key, chain);
    }
    return chain;
  };
  // a family named for a language of its own (a run marked `{lang=ja}`) or, unnamed, the document's
  const documentLanguage = definition.language as string | undefined;
  // pdfmake asks for every text it measures: each name and style found once per part
  let provided = new Map<string, FaceChain>();
  const provideFont = (name: string, bold: boolean, italics: boolean): FaceChain => {
    const key = `${name}\0${bold}\0${italics}`;
    let chain = provided.get(key);
    if (!chain) {
      const { family, lang = documentLanguage } = familyLanguage(name);
      const files = fontChain(fonts, family, bold ? (italics ? 'bolditalics' : 'bold') : italics ? 'italics' : 'normal', lang);
      if (files.length === 0) throw new Error(`Font '${family}' is not among the theme's fonts`);
      chain = chainOf(files);
      provided.set(key, chain);
    }
    return chain;
  };
  const opened = new Map<string, unknown>();
  const images: Record<string, string> = {};
  const layoutDocument = {
    images,
    provideImage(name: string): unknown {
      const url = images[name];
      const data = url === undefined ? undefined : /^data:image\/(?:png|jpeg);base64,(.*)$/.exec(url)?.[1];
      if (data === undefined) throw new Error(`an image that is not a PNG or JPEG data URL: ${name}`);
      let image = opened.get(url!);
      if (!image) {
        image = doc.openImage(Buffer.from(data, 'base64'));
        opened.set(url!, image);
      }
      return image;
    },
    provideFont,
  };

  // The content is laid out a part at a time, each part starting a sheet of its own (a
  // page of a brief: a node with `pageBreak: 'before'` starts the next), and each part's
  // sheets are kept in the store under a key of that part alone: after a text edit only
  // the page that changed is laid out again. A part is laid out as it would be in the
  // whole: from the top of a sheet, with the footers of the sheets it lands on. Each part
  // has chains of faces of its own and names the faces it asked for, in the order it
  // asked, so that the document makes its faces in one order (and writes the same bytes)
  // whichever parts were kept.
  const [left, top, right, bottom] = definition.pageMargins as [number, number, number, number];
  const footer = definition.footer as ((page: number) => PdfNode | null) | PdfNode | undefined;
  // a footer that is told the page count (pdfmake's second argument) needs the whole
  // document at once: it is laid out as one part
  const parts = typeof footer === 'function' && footer.length > 1 ? [definition.content as PdfNode[]] : partsOf(definition.content);
  const pages: LaidOutPage[] = [];
  const placements = new Map<string, number[]>();
  /** A part starts with no faces asked, no fallbacks tried and chains of its own. */
  const startPart = () => {
    asked = new Set();
    tried = new Set();
    chains = new Map();
    provided = new Map();
  };
  const documentKey = options.keep ? lookKey(options.keep.key, definition) : undefined;
  for (const part of parts) {
    const offset = pages.length;
    const footerAt = (sheet: number): unknown => (typeof footer === 'function' ? footer(offset + sheet) : footer);
    startPart();
    const svgs = numberSvgs({ content: part });
    const key = documentKey !== undefined ? partKey(documentKey, part, footerAt(1)) : undefined;
    const keptBytes = key !== undefined ? options.keep!.store.get('layout', key) : undefined;
    let laid: { pages: LaidOutPage[]; placements: Map<string, number[]> } | undefined;
    if (keptBytes) {
      const kept = JSON.parse(keptBytes.toString('utf8')) as KeptLayout & { footers?: string[] };
      // the footers of the sheets it lands on, past the first, are those it was laid out with
      const sameFooters = (kept.footers ?? []).every((json, i) => keyJson(footerAt(i + 2)) === json);
      const restored = sameFooters ? restoreLayout(kept, svgs, { face: (file) => faceOf(options.fontFiles.get(file)), chain: chainOf, hash: (file) => options.fontFiles.get(file).hash }) : undefined;
      if (restored) laid = { pages: readPages(restored.pages), placements: restored.placements };
      else startPart();
    }
    if (!laid) {
      const builder = new LayoutBuilder({ width, height, orientation: width > height ? 'landscape' : 'portrait' }, { left, top, right, bottom }, svgMeasure);
      const partPlacements = new Map<string, number[]>();
      const raw = builder.layoutDocument(part, layoutDocument, definition.styles ?? {}, definition.defaultStyle ?? {}, undefined, undefined, footer === undefined ? undefined : footerAt, undefined, (node) => {
        if (typeof node.id === 'string') partPlacements.set(node.id, [...node.pageNumbers]);
        return false;
      });
      laid = { pages: readPages(raw), placements: partPlacements };
      if (key !== undefined) {
        const kept = keepLayout(laid.pages, { faces: [...asked], chains: [...chains.values()], tried: [...tried] }, partPlacements);
        const footers = laid.pages.slice(1).map((_, i) => keyJson(footerAt(i + 2)));
        if (kept && footers.every((json) => json !== undefined)) options.keep!.store.put('layout', key, JSON.stringify({ ...kept, footers }));
      }
    }
    pages.push(...laid.pages);
    for (const [id, on] of laid.placements) placements.set(id, [...(placements.get(id) ?? []), ...on.map((page) => page + offset)]);
  }
  return {
    doc,
    pages,
    placements,
    face: provideFont,
    faces: () => [...faces.values()],
    missing: () => [...missing].map(([character, chain]) => ({ character, fonts: chain.map((font) => font.factsOf.postscriptName) })),
    image: layoutDocument.provideImage,
  };
}

/** The content in parts, each starting a sheet: a new part at each node with `pageBreak: 'before'`. */
function partsOf(content: unknown): PdfNode[][] {
  const nodes = (Array.isArray(content) ? content : [content]) as PdfNode[];
  const parts: PdfNode[][] = [];
  for (const node of nodes) {
    if (parts.length === 0 || node?.pageBreak === 'before') parts.push([node?.pageBreak === 'before' ? withoutBreak(node) : node]);
    else parts[parts.length - 1]!.push(node);
  }
  return parts;
}

function withoutBreak(node: PdfNode): PdfNode {
  const { pageBreak: _break, ...rest } = node;
  return rest;
}

/**
 * What every part of a document is laid out with: the caller's key (what layout reads
 * besides the definition: the theme, the bytes of its fonts), and the document's language,
 * styles, page size and margins. Undefined when those cannot be written down whole.
 */
function lookKey(documentKey: string, definition: PdfNode): string | undefined {
  const json = keyJson([definition.pageSize, definition.pageMargins, definition.language ?? null, definition.styles ?? {}, definition.defaultStyle ?? {}]);
  return json === undefined ? undefined : storeKey('look of laid-out sheets', documentKey, json);
}

/**
 * The key of a part's sheets: the document's look (lookKey), the part's content and its
 * first sheet's footer. Undefined when the part cannot be written down whole (a function
 * in it). SVGs count by their size alone: a kept sheet draws each from the definition
 * being printed (kept-layout.ts).
 */
function partKey(look: string, part: PdfNode[], footer: unknown): string | undefined {
  const json = keyJson([part, footer ?? null]);
  return json === undefined ? undefined : storeKey('laid-out sheets of a part', look, json);
}

/**
 * `value` as JSON for a key; undefined when it holds a function, but for a table layout
 * that names what made it (LAYOUT_OF). An SVG given a width and a height is laid out by
 * them alone, and counts by them: its text is left out.
 */
function keyJson(value: unknown): string | undefined {
  let writable = true;
  const json = JSON.stringify(value, (key, v: unknown) => {
    if (typeof v === 'function') writable = false;
    // what pdfmake and kept-layout.ts mark on nodes they have seen
    if (key.startsWith('_') || key === 'svgPlace') return undefined;
    const node = v as { svg?: unknown; width?: unknown; height?: unknown; [LAYOUT_OF]?: unknown } | null;
    if (node && typeof node === 'object' && typeof node.svg === 'string' && typeof node.width === 'number' && typeof node.height === 'number') return { ...node, svg: '' };
    // a table layout's functions, by the maker and arguments they were made from
    if (node && typeof node === 'object' && Array.isArray(node[LAYOUT_OF])) return { [LAYOUT_OF]: node[LAYOUT_OF] };
    return v;
  });
  return writable ? json : undefined;
}

/**
 * Draw a laid-out SVG (a chart, an icon) as vectors. Its text is set in the document's
 * own fonts: a family the document has by name, else the SVG's fallback family (the
 * chart font), as chart text was measured (src/chart/measure.ts).
 */
export function drawSvg(doc: PdfKitDocument, svg: LaidOutSvg, fonts: ResolvedFonts): void {
  pdfmakeModules().svgToPdfkit(doc, svg.svg, svg.x, svg.y, {
    width: svg.width,
    height: svg.height,
    assumePt: true,
    useCSS: false,
    fontCallback: (family: string, bold: boolean, italic: boolean): string => {
      const faces = fonts[svgFamily(fonts, family, svg.font)];
      if (!faces) throw new Error('an SVG asks for text, and the document has no fonts');
      return faces[bold ? (italic ? 'bolditalics' : 'bold') : italic ? 'italics' : 'normal'];
    },
  });
}

/** The theme family an SVG's `font-family` list names, else the SVG's fallback (the chart font), else the first. */
export function svgFamily(fonts: ResolvedFonts, family: string | undefined, fallback: string | undefined): string {
  const byName = new Map(Object.keys(fonts).map((name) => [name.toLowerCase(), name]));
  const named = (family ?? '').split(',').map((f) => byName.get(f.trim().replace(/['"]/g, '').toLowerCase())).find((f) => f !== undefined);
  return named ?? byName.get((fallback ?? '').toLowerCase()) ?? Object.keys(fonts)[0]!;
}
