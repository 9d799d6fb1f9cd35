import type { Face, FontFile } from './face.js';
import type { FaceChain } from './fallback.js';
import type { ItemType, LaidOutLine, LaidOutPage, LaidOutSvg, TextInline } from './pages.js';
import type { PdfNode } from '../layout/assemble.js';
import { svgMeasure } from './svg-size.js';

/**
 * Laid-out pages as plain data, to keep in the store and print again without laying out.
 *
 * After a data edit a brief's text is unchanged and only a chart's drawing differs: the
 * same words on the same lines of the same pages. The caller keys the kept pages by
 * everything layout reads (the layout markup, the theme, the fonts' bytes and the size of
 * every drawing); a drawing's own content never moves anything, so each SVG on a kept
 * page names the SVG of the definition it stands for, by its place in the definition, and
 * is drawn from the definition being printed. Faces are kept as the files they set text
 * in, in the order the layout first asked for them, so that a reused layout names them as
 * a fresh one would and the PDF's bytes are the same; an inline names its chain of faces.
 *
 * The caller's key holds the bytes of the theme's own fonts, not of its fallback fonts
 * (those are read only when a character needs them): the kept pages name each fallback
 * font the layout asked for a character with the hash of its bytes, and are used again
 * only while every one of them is the same.
 */

/** The SVG nodes of a definition in a fixed order (its own key order), each marked with its place. */
export function numberSvgs(definition: PdfNode): PdfNode[] {
  const nodes: PdfNode[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') {
      const node = value as PdfNode;
      if (typeof node.svg === 'string') {
        node.svgPlace = nodes.length;
        nodes.push(node);
      }
      for (const key of Object.keys(node)) if (key !== 'svg') walk(node[key]);
    }
  };
  walk(definition.content);
  return nodes;
}

type KeptInline = Pick<TextInline, 'text' | 'fontSize' | 'width' | 'height' | 'x' | 'color' | 'link' | 'characterSpacing' | 'trailingCut' | 'decoration' | 'sup' | 'sub' | 'style' | 'tag' | 'lang' | 'pagination' | 'anchor'> & { face: number };
type KeptItem =
  | { type: 'line'; x: number; y: number; inlines: KeptInline[] }
  | { type: 'svg'; place: number; x: number; y: number; width: number; height: number }
  | { type: Exclude<ItemType, 'line' | 'svg'>; item: Record<string, unknown> };

export interface KeptLayout {
  version: 2;
  /** Font files, in the order faces were first asked for. */
  faces: string[];
  /** The chains of font files inlines are set in (an inline's `face` is an index here). */
  chains: string[][];
  /** Each fallback font the layout asked for a character, with the SHA-256 of its bytes. */
  fallbacks: [string, string][];
  pages: { width: number; height: number; items: KeptItem[] }[];
  placements: [string, number[]][];
}

const INLINE_FIELDS = ['text', 'fontSize', 'width', 'height', 'x', 'color', 'link', 'characterSpacing', 'trailingCut', 'decoration', 'sup', 'sub', 'style', 'tag', 'lang', 'pagination', 'anchor'] as const;

/** The pages as plain data; undefined when a page holds something that cannot be kept (an SVG the definition does not number). */
export function keepLayout(pages: LaidOutPage[], fonts: { faces: Face[]; chains: FaceChain[]; tried: FontFile[] }, placements: Map<string, number[]>): KeptLayout | undefined {
  const faceIndex = new Map(fonts.chains.map((chain, i) => [chain, i]));
  const out: KeptLayout = {
    version: 2,
    faces: fonts.faces.map((f) => f.file),
    chains: fonts.chains.map((chain) => chain.files.map((f) => f.file)),
    fallbacks: fonts.tried.map((f) => [f.file, f.hash]),
    pages: [],
    placements: [...placements].map(([id, on]) => [id, [...on]]),
  };
  for (const page of pages) {
    const items: KeptItem[] = [];
    for (const { type, item } of page.items) {
      if (type === 'line') {
        const line = item as LaidOutLine;
        const inlines: KeptInline[] = [];
        for (const inline of line.inlines) {
          const face = faceIndex.get(inline.font);
          if (face === undefined) return undefined;
          const kept: Record<string, unknown> = { face };
          for (const key of INLINE_FIELDS) if (inline[key] !== undefined && inline[key] !== null) kept[key] = inline[key];
          inlines.push(kept as KeptInline);
        }
        items.push({ type, x: line.x, y: line.y, inlines });
      } else if (type === 'svg') {
        const svg = item as LaidOutSvg & { svgPlace?: unknown };
        if (typeof svg.svgPlace !== 'number') return undefined;
        items.push({ type, place: svg.svgPlace, x: svg.x, y: svg.y, width: svg.width, height: svg.height });
      } else if (type === 'image') {
        // a picture is opened by pdfmake's layout, which a kept layout skips
        return undefined;
      } else {
        // vectors and clips: numbers, strings and arrays of them (a function, pdfmake's own, is dropped)
        items.push({ type, item: JSON.parse(JSON.stringify(item)) as Record<string, unknown> });
      }
    }
    out.pages.push({ width: page.pageSize.width, height: page.pageSize.height, items });
  }
  return out;
}

/**
 * Kept pages made whole again for `definition`'s SVGs and the document's faces (asked
 * for in the kept order); undefined when they do not fit (another number of SVGs).
 */
export function restoreLayout(
  kept: KeptLayout,
  svgs: PdfNode[],
  fonts: { face: (file: string) => Face; chain: (files: string[]) => FaceChain; hash: (file: string) => string },
): { pages: LaidOutPage[]; placements: Map<string, number[]> } | undefined {
  if (kept.version !== 2) return undefined;
  if (kept.fallbacks.some(([file, hash]) => fonts.hash(file) !== hash)) return undefined;
  kept.faces.forEach(fonts.face);
  const faces = kept.chains.map(fonts.chain);
  const pages: LaidOutPage[] = [];
  for (const page of kept.pages) {
    const items: LaidOutPage['items'] = [];
    for (const entry of page.items) {
      if (entry.type === 'line') {
        items.push({ type: 'line', item: { x: entry.x, y: entry.y, inlines: entry.inlines.map(({ face, ...inline }) => ({ ...inline, font: faces[face]! })) } });
      } else if (entry.type === 'svg') {
        const node = svgs[entry.place];
        if (!node) return undefined;
        const svg = svgMeasure.writeDimensions(node.svg, { width: entry.width, height: entry.height });
        items.push({ type: 'svg', item: { svg, ...(typeof node.font === 'string' ? { font: node.font } : {}), ...(typeof node.tag === 'number' ? { tag: node.tag } : {}), x: entry.x, y: entry.y, width: entry.width, height: entry.height } });
      } else {
        items.push({ type: entry.type, item: entry.item });
      }
    }
    pages.push({ pageSize: { width: page.width, height: page.height }, items });
  }
  return { pages, placements: new Map(kept.placements) };
}
