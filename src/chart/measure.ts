import type { ResolvedFonts } from '../theme/types.js';
import { FontFiles } from '../print/face.js';
import { splitByFont } from '../print/fallback.js';
import { fontChain } from '../theme/fallback.js';
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
/**
 * Characters past which a text is measured a prefix at a time: a label of a CSV's long
 * cell is cut to a few dozen characters by its `limit`, and measuring it whole (over and
 * over, as the cut is searched for) took minutes and gigabytes for a few thousand labels.
 */
const LONG_TEXT = 256;
/** The first part measured of a text that may be wider than its limit; each next is twice as long. */
const FIRST_PART = 32;

export interface TextMeasurer {
  /** Font file that draws `item`'s text: its family (or the default), weight and style. */
  fileOf(item: TextItem): string;
  /** The font files that draw `item`'s text, the family's own first, then its fallbacks (see print/fallback.ts). */
  chainOf(item: TextItem): string[];
  /** Advance width of `text` drawn with the font chain `files` at `size`, in the same units as `size`. */
  widthIn(files: string[], size: number, text: string): number;
  /**
   * Width of exactly `text` (no trimming, no truncation): what Vega's own truncation asks.
   * Of a long text wider than `item.limit`, the width of a part of it already as wide.
   */
  rawWidth(item: TextItem, text: unknown): number;
  /** Width of one line after Vega's trimming and `limit` truncation. */
  fittedWidth(item: TextItem, text: unknown): number;
  /** The line as Vega will draw it: trimmed and, past `item.limit`, cut with an ellipsis. */
  fit(item: TextItem, text: unknown): string;
  /** The fallback fonts asked for a character since the last call, each once: what the measured widths depended on. */
  takeTried(): string[];
}

/**
 * A measurer for one set of fonts. A family Vega names that the fonts lack
 * ("sans-serif", "Helvetica Neue", …) is drawn in `defaultFamily`, both here and by
 * the printer (it falls back to the SVG node's `font`), so measuring it there is exact.
 * A character the family has no glyph for is measured in the fallback font that will
 * print it.
 */
export function createTextMeasurer(fonts: ResolvedFonts, defaultFamily: string, fontFiles: FontFiles = new FontFiles(undefined)): TextMeasurer {
  const families = new Map<string, string>();
  for (const name of Object.keys(fonts)) families.set(name.toLowerCase(), name);
  const fallback = families.get(defaultFamily.toLowerCase());
  if (!fallback) throw new Error(`chart font "${defaultFamily}" is not among the resolved fonts`);
  const widths = new Map<string, { width: number; tried: string[] }>();
  const tried = new Set<string>();

  // the font files of each font, weight and style asked for, found once: asked for every measurement
  const chains = new Map<string, string[]>();
  function chainOf(item: TextItem): string[] {
    const key = `${item.font}\u0000${item.fontWeight}\u0000${item.fontStyle}`;
    let chain = chains.get(key);
    if (!chain) chains.set(key, (chain = fontChain(fonts, familyOf(item.font) ?? fallback!, faceName(item.fontWeight, item.fontStyle))));
    return chain;
  }

  function familyOf(font: string | undefined): string | undefined {
    if (!font) return undefined;
    for (const name of String(font).split(',')) {
      const family = families.get(name.trim().replace(/['"]/g, '').toLowerCase());
      if (family) return family;
    }
    return undefined;
  }

  function widthIn(files: string[], size: number, text: string): number {
    if (!text || !(size > 0)) return 0;
    const key = `${files.join('\u0000')}\u0000${size}\u0000${text}`;
    let measured = widths.get(key);
    if (measured === undefined) {
      const chain = files.map((file) => fontFiles.get(file));
      measured = { width: 0, tried: [] };
      const asked = new Set<string>();
      for (const piece of splitByFont(chain, text, (font) => asked.add(font.file))) {
        const font = chain[Math.max(0, piece.font)]!;
        measured.width += (font.advance(piece.text) * size) / font.factsOf.unitsPerEm;
      }
      measured.tried = [...asked];
      if (widths.size >= WIDTH_CACHE_LIMIT) widths.clear();
      // a long text is seldom measured twice; keeping it would hold megabytes of keys
      if (text.length <= LONG_TEXT) widths.set(key, measured);
    }
    for (const file of measured.tried) tried.add(file);
    return measured.width;
  }

  function rawWidth(item: TextItem, text: unknown): number {
    const files = chainOf(item);
    const size = fontSizeOf(item);
    const line = text == null ? '' : String(text);
    const limit = Number(item.limit);
    // Vega only asks whether a long text is narrower than its limit: a part as wide says it is not
    if (limit > 0) {
      for (let reach = FIRST_PART; reach < line.length; reach *= 2) {
        const width = widthIn(files, size, line.slice(0, reach));
        if (width >= limit) return width;
      }
    }
    return widthIn(files, size, line);
  }

  function fit(item: TextItem, text: unknown): string {
    const line = lineOf(text);
    const limit = Number(item.limit);
    if (!(limit > 0) || !line) return line;
    const files = chainOf(item);
    const size = fontSizeOf(item);
    return truncate(line, limit, item.ellipsis ?? '\u2026', item.dir === 'rtl', (t) => widthIn(files, size, t));
  }

  return {
    fileOf: (item) => chainOf(item)[0]!,
    chainOf,
    widthIn,
    rawWidth,
    fit,
    fittedWidth: (item, text) => widthIn(chainOf(item), fontSizeOf(item), fit(item, text)),
    takeTried() {
      const out = [...tried].sort();
      tried.clear();
      return out;
    },
  };
}

function fontSizeOf(item: TextItem): number {
  return item.fontSize != null ? +item.fontSize || 0 : 11;
}

function lineOf(text: unknown): string {
  return text == null ? '' : String(text).trim();
}

/**
 * Vega's own truncation (vega-scenegraph `truncate`), with our widths. A long text is
 * measured by parts from the end it is drawn from, each twice as long as the last, up to
 * the first as wide as `limit`, and the cut is searched for within that part: the same
 * characters are kept as when the whole is measured, at a cost that grows with what
 * fits, not with the text.
 */
function truncate(text: string, limit: number, ellipsis: string, rtl: boolean, width: (t: string) => number): string {
  const part = (n: number) => (rtl ? text.slice(text.length - n) : text.slice(0, n));
  let reach = text.length > LONG_TEXT ? FIRST_PART : text.length;
  while (reach < text.length && width(part(reach)) < limit) reach *= 2;
  const searched = reach < text.length ? part(reach) : text;
  if (searched === text && width(text) < limit) return text;
  const room = limit - width(ellipsis);
  let lo = 0;
  let hi = searched.length;
  if (rtl) {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (width(searched.slice(mid)) > room) lo = mid + 1;
      else hi = mid;
    }
    return ellipsis + searched.slice(lo);
  }
  while (lo < hi) {
    const mid = 1 + ((lo + hi) >>> 1);
    if (width(searched.slice(0, mid)) < room) lo = mid;
    else hi = mid - 1;
  }
  return searched.slice(0, lo) + ellipsis;
}
