import fs from 'node:fs';

/**
 * Font files parsed once per process instead of once per PDF.
 *
 * pdfkit opens a font for every document: it reads the file, parses it with fontkit and
 * shapes every word afresh (GSUB/GPOS lookups decoded anew each time). For a brief that is
 * most of the cost of printing its text. Here the first document that opens a file keeps
 * its fontkit font and its cache of shaped words; later documents get a new embedded font
 * (own id, own glyph subset, so their bytes are what they would have been) over the same
 * parsed font and the same shaped words. Shaping is a pure function of font file and text,
 * and pdfkit copies a cached run before changing it, so sharing it changes no output.
 *
 * Only fonts opened by file path are shared, and only while the file's size and mtime stay
 * the same.
 */

/** The slice of pdfkit's document the sharing needs. */
interface PdfKitDocument {
  font(src: unknown, family?: unknown, size?: unknown): PdfKitDocument;
  _font: EmbeddedFont;
  _fontFamilies: Record<string, EmbeddedFont>;
  _registeredFonts: Record<string, unknown>;
  _fontCount: number;
}

interface FontkitFont {
  _tables?: { head?: { checkSumAdjustment?: number }; name?: { records?: unknown } };
}

interface EmbeddedFont {
  font: FontkitFont;
  name?: string;
  layoutCache?: Record<string, unknown>;
  layoutCached?: unknown;
}

interface SharedFont {
  stamp: string;
  font: FontkitFont;
  Embedded: new (document: PdfKitDocument, font: FontkitFont, id: string) => EmbeddedFont;
  layoutCache: Record<string, unknown> | undefined;
  documents: number;
}

/** Words shaped per font before the cache starts over (a long `watch` or a big batch). */
const LAYOUT_CACHE_LIMIT = 200_000;

const patched = new WeakSet<object>();

/** Make every document of this pdfkit class share parsed fonts (idempotent). */
export function shareFontsAcrossDocuments(PdfKit: { prototype: PdfKitDocument }): void {
  const proto = PdfKit.prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  const open = proto.font;
  const shared = new Map<string, SharedFont>();

  proto.font = function (this: PdfKitDocument, src: unknown, family?: unknown, size?: unknown) {
    if (typeof src !== 'string' || typeof family === 'string' || this._registeredFonts[src] || this._fontFamilies[src]) {
      return open.call(this, src, family, size);
    }
    const stamp = fileStamp(src);
    const entry = stamp ? shared.get(src) : undefined;
    if (!stamp || !entry || entry.stamp !== stamp) {
      const result = open.call(this, src, family, size);
      const embedded = this._font;
      if (stamp && typeof embedded?.layoutCached === 'function' && this._fontFamilies[src] === embedded) {
        shared.set(src, { stamp, font: embedded.font, Embedded: embedded.constructor as SharedFont['Embedded'], layoutCache: embedded.layoutCache, documents: 1 });
      }
      return result;
    }
    // What pdfkit's `font()` does for a new file, with the parsed font and shaped words reused.
    const embedded = new entry.Embedded(this, entry.font, `F${++this._fontCount}`);
    if (embedded.layoutCache && entry.layoutCache) {
      if (++entry.documents % 64 === 0 && Object.keys(entry.layoutCache).length > LAYOUT_CACHE_LIMIT) entry.layoutCache = Object.create(null) as Record<string, unknown>;
      embedded.layoutCache = entry.layoutCache;
    }
    const same = embedded.name ? this._fontFamilies[embedded.name] : undefined;
    if (same && isEqualFont(embedded, same)) {
      this._fontFamilies[src] = same;
    } else {
      this._fontFamilies[src] = embedded;
      if (embedded.name && !same) this._fontFamilies[embedded.name] = embedded;
    }
    return open.call(this, src, family, size);
  };
}

function fileStamp(file: string): string | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat?.isFile() ? `${stat.size}:${stat.mtimeMs}` : undefined;
}

/** pdfkit's own test for two opened files being the same font. */
function isEqualFont(a: EmbeddedFont, b: EmbeddedFont): boolean {
  if (a.font._tables?.head?.checkSumAdjustment !== b.font._tables?.head?.checkSumAdjustment) return false;
  return JSON.stringify(a.font._tables?.name?.records) === JSON.stringify(b.font._tables?.name?.records);
}
