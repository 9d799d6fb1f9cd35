import { FaceChain } from './fallback.js';

/**
 * The shapes of pdfmake's laid-out pages that brief's renderer reads, and a check that
 * the pages pdfmake hands over have them. pdfmake documents no layout output, so these
 * are pinned to the version in package.json; an upgrade that renames a field, changes a
 * type or adds an item kind fails here with what changed, instead of printing a page with
 * something missing.
 */

/** pdfmake's document is a pdfkit document: drawn on with pdfkit's public API. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pdfkit ships no types; its public API is documented at pdfkit.org
export type PdfKitDocument = any;


export interface TextInline {
  text: string;
  /** The face the layout asked for: brief's chain of faces (fallback.ts), as pdfmake got it. */
  font: FaceChain;
  fontSize: number;
  width: number;
  height: number;
  x: number;
  color?: string;
  link?: string;
  characterSpacing?: number;
  trailingCut?: number;
  decoration?: string;
  sup?: boolean;
  sub?: boolean;
  /** The theme text style the inline was written in (brief's own property, carried through by pdfmake). */
  style?: string;
  /** The structure element the run belongs to (brief's own; none: an artifact). */
  tag?: number;
  /** The run's language, when not the document's (brief's own). */
  lang?: string;
  /** A page number: a pagination artifact (brief's own). */
  pagination?: boolean;
  /** A named destination where the inline stands, for links within the document (`#NAME`; brief's own). */
  anchor?: string;
}

export interface LaidOutLine {
  x: number;
  y: number;
  inlines: TextInline[];
}

export type LaidOutVector = { lineWidth?: number; dash?: { length: number; space?: number; phase?: number }; lineJoin?: string; lineCap?: string; color?: string; lineColor?: string; fillOpacity?: number; strokeOpacity?: number } & (
  | { type: 'rect'; x: number; y: number; w: number; h: number; r?: number }
  | { type: 'line'; x1: number; y1: number; x2: number; y2: number }
  | { type: 'ellipse'; x: number; y: number; r1: number; r2: number }
  | { type: 'polyline'; points: { x: number; y: number }[]; closePath?: boolean }
  | { type: 'path'; d: string }
);

export interface LaidOutSvg {
  svg: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The family the SVG's text falls back to. */
  font?: string;
  /** The Figure the drawing is (brief's own; none: an artifact, such as an icon). */
  tag?: number;
}

/** A PNG or JPEG picture: `image` names it in the document's image registry, where pdfmake opened it to measure it. */
export interface LaidOutImage {
  image: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The Figure the picture is (brief's own). */
  tag?: number;
}

export type ItemType = 'line' | 'vector' | 'svg' | 'image' | 'beginClip' | 'endClip';

export interface LaidOutPage {
  pageSize: { width: number; height: number };
  items: { type: ItemType; item: unknown }[];
}

/** What the renderer cannot draw faithfully: refused, never approximated. */
const UNSUPPORTED_INLINE = ['background', 'linkToPage', 'linkToDestination', 'fontFeatures'] as const;
const UNSUPPORTED_VECTOR = ['linearGradient'] as const;

/**
 * pdfmake's pages, checked field by field for what the renderer reads. Throws (an
 * internal error: brief and pdfmake disagree) naming the page, item and field.
 */
export function readPages(raw: unknown): LaidOutPage[] {
  const fail = (where: string, what: string): never => {
    throw new Error(`pdfmake's layout is not what brief's renderer reads (${where}: ${what}); is pdfmake still the version package.json pins?`);
  };
  if (!Array.isArray(raw)) fail('pages', 'not an array');
  const pages = raw as unknown[];
  pages.forEach((page, p) => {
    const at = `page ${p + 1}`;
    if (!isObject(page) || !isObject(page.pageSize) || typeof page.pageSize.width !== 'number' || typeof page.pageSize.height !== 'number') fail(at, 'no numeric pageSize');
    const { items, watermark } = page as { items: unknown; watermark?: unknown };
    if (watermark !== undefined) fail(at, 'a watermark');
    if (!Array.isArray(items)) fail(at, 'no items');
    (items as unknown[]).forEach((entry, i) => {
      const where = `${at}, item ${i + 1}`;
      if (!isObject(entry) || !isObject(entry.item)) return fail(where, 'not {type, item}');
      const item = entry.item;
      switch (entry.type) {
        case 'line':
          numbers(item, ['x', 'y'], where, fail);
          if (!Array.isArray(item.inlines)) fail(where, 'a line without inlines');
          for (const inline of item.inlines as unknown[]) {
            if (!isObject(inline) || typeof inline.text !== 'string' || !(inline.font instanceof FaceChain)) fail(where, 'an inline without text or face');
            numbers(inline as Record<string, unknown>, ['fontSize', 'width', 'height', 'x'], where, fail);
            for (const key of UNSUPPORTED_INLINE) if ((inline as Record<string, unknown>)[key] != null) fail(where, `an inline with \`${key}\``);
            const { opacity } = inline as { opacity?: unknown };
            if (opacity != null && opacity !== 1) fail(where, 'an inline with an opacity');
            const { link } = inline as { link?: unknown };
            if (link != null && typeof link !== 'string') fail(where, 'a link that is not a URL');
          }
          break;
        case 'vector':
          if (!['rect', 'line', 'ellipse', 'polyline', 'path'].includes(item.type as string)) fail(where, `a vector of type \`${String(item.type)}\``);
          for (const key of UNSUPPORTED_VECTOR) if (item[key] != null) fail(where, `a vector with \`${key}\``);
          if (Array.isArray(item.color)) fail(where, 'a pattern fill');
          break;
        case 'svg':
          if (typeof item.svg !== 'string') fail(where, 'an SVG that is not text');
          numbers(item, ['x', 'y', 'width', 'height'], where, fail);
          break;
        case 'image':
          if (typeof item.image !== 'string') fail(where, 'an image that is not named');
          numbers(item, ['x', 'y', 'width', 'height'], where, fail);
          if (item.opacity != null && item.opacity !== 1) fail(where, 'an image with an opacity');
          for (const key of ['cover', 'fit', 'link', 'linkToPage', 'linkToDestination']) if (item[key] != null) fail(where, `an image with \`${key}\``);
          break;
        case 'beginClip':
          numbers(item, ['x', 'y', 'width', 'height'], where, fail);
          break;
        case 'endClip':
          break;
        case 'beginVerticalAlignment':
        case 'endVerticalAlignment':
          // table cells mark where vertical alignment would apply; brief aligns cells to the top only
          if (item.verticalAlignment !== undefined && item.verticalAlignment !== 'top') fail(where, `vertical alignment \`${String(item.verticalAlignment)}\``);
          break;
        default:
          fail(where, `an item of type \`${String(entry.type)}\``);
      }
    });
  });
  return (pages as LaidOutPage[]).map((page) => ({ ...page, items: page.items.filter((i) => i.type !== ('beginVerticalAlignment' as ItemType) && i.type !== ('endVerticalAlignment' as ItemType)) }));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function numbers(item: Record<string, unknown>, keys: string[], where: string, fail: (where: string, what: string) => never): void {
  for (const key of keys) if (typeof item[key] !== 'number' || !Number.isFinite(item[key])) fail(where, `\`${key}\` is not a number`);
}
