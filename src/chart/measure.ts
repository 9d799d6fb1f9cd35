import type { FontFaceFiles, ResolvedFonts } from '../theme/types.js';
import { FontFiles } from '../print/face.js';
import { faceName, type FaceName } from '../theme/face-name.js';

export { faceName, type FaceName };

/**
 * Text measurement for Vega from the very font files, and the very shaping, the PDF sets
 * labels with (src/print/face.ts): a label that Vega lays out is exactly as wide as the
 * glyphs later printed. Words are shaped a piece at a time (each piece ends after a space
 * or tab), as they are printed: kerning across a space is lost there, and here too.
 */

/** The text-related fields of a Vega scenegraph item. */
export interface TextItem {
  font?: string;
  fontSize?: number;
  fontWeight?: string | number;
  fontStyle?: string;
  limit?: number;
  ellipsis?: string;
  dir?: string;
}

const WIDTH_CACHE_LIMIT = 200_000;

export interface TextMeasurer {
  /** Font file that draws `item`'s text: its family (or the default), weight and style. */
  fileOf(item: TextItem): string;
  /** Advance width of `text` drawn with `file` at `size`, in the same units as `size`. */
  widthIn(file: string, size: number, text: string): number;
  /** Width of exactly `text` (no trimming, no truncation): what Vega's own truncation asks. */
  rawWidth(item: TextItem, text: unknown): number;
  /** Width of one line after Vega's trimming and `limit` truncation. */
  fittedWidth(item: TextItem, text: unknown): number;
  /** The line as Vega will draw it: trimmed and, past `item.limit`, cut with an ellipsis. */
  fit(item: TextItem, text: unknown): string;
}

/**
 * A measurer for one set of fonts. A family Vega names that the fonts lack
 * ("sans-serif", "Helvetica Neue", …) is drawn in `defaultFamily`, both here and by
 * the printer (it falls back to the SVG node's `font`), so measuring it there is exact.
 */
export function createTextMeasurer(fonts: ResolvedFonts, defaultFamily: string, fontFiles: FontFiles = new FontFiles(undefined)): TextMeasurer {
  const families = new Map<string, FontFaceFiles>();
  for (const [name, faces] of Object.entries(fonts)) families.set(name.toLowerCase(), faces);
  const fallback = families.get(defaultFamily.toLowerCase());
  if (!fallback) throw new Error(`chart font "${defaultFamily}" is not among the resolved fonts`);
  const widths = new Map<string, number>();

  function fileOf(item: TextItem): string {
    const faces = familyOf(item.font) ?? fallback!;
    return faces[faceName(item.fontWeight, item.fontStyle)];
  }

  function familyOf(font: string | undefined): FontFaceFiles | undefined {
    if (!font) return undefined;
    for (const name of String(font).split(',')) {
      const faces = families.get(name.trim().replace(/['"]/g, '').toLowerCase());
      if (faces) return faces;
    }
    return undefined;
  }

  function widthIn(file: string, size: number, text: string): number {
    if (!text || !(size > 0)) return 0;
    const key = `${file}\u0000${size}\u0000${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      const font = fontFiles.get(file);
      width = (font.advance(text) * size) / font.factsOf.unitsPerEm;
      if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
      widths.set(key, width);
    }
    return width;
  }

  function rawWidth(item: TextItem, text: unknown): number {
    return widthIn(fileOf(item), fontSizeOf(item), text == null ? '' : String(text));
  }

  function fit(item: TextItem, text: unknown): string {
    const line = lineOf(text);
    const limit = Number(item.limit);
    if (!(limit > 0) || !line) return line;
    const file = fileOf(item);
    const size = fontSizeOf(item);
    return truncate(line, limit, item.ellipsis ?? '\u2026', item.dir === 'rtl', (t) => widthIn(file, size, t));
  }

  return {
    fileOf,
    widthIn,
    rawWidth,
    fit,
    fittedWidth: (item, text) => widthIn(fileOf(item), fontSizeOf(item), fit(item, text)),
  };
}

function fontSizeOf(item: TextItem): number {
  return item.fontSize != null ? +item.fontSize || 0 : 11;
}

function lineOf(text: unknown): string {
  return text == null ? '' : String(text).trim();
}

/** Vega's own truncation (vega-scenegraph `truncate`), with our widths. */
function truncate(text: string, limit: number, ellipsis: string, rtl: boolean, width: (t: string) => number): string {
  if (width(text) < limit) return text;
  const room = limit - width(ellipsis);
  let lo = 0;
  let hi = text.length;
  if (rtl) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (width(text.slice(mid)) > room) lo = mid + 1;
      else hi = mid;
    }
    return ellipsis + text.slice(lo);
  }
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (width(text.slice(0, mid)) < room) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo) + ellipsis;
}
