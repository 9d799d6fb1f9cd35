import fs from 'node:fs';

/**
 * Font files parsed once per process instead of once per PDF.
 *
 * pdfkit opens a font for every document: it reads the file and parses it with fontkit,
 * decoding its tables (cmap, metrics, and the large GSUB/GPOS lookups) again each time.
 * Here the first document that opens a file keeps its fontkit font, and later documents
 * get a *view* of it: an object whose prototype is the parsed font, so decoded tables are
 * shared, but with its own glyph objects and its own layout engine. Glyph objects carry
 * the code points of their first use, which end up in the PDF's ToUnicode map; with its
 * own glyphs each document gets exactly the bytes a freshly parsed font would give,
 * whatever was built before it in the process. Each document also keeps pdfkit's own
 * per-document cache of shaped words, for the same reason.
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
  _glyphs: Record<number, unknown>;
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
  /** fontkit's getter that makes a font's layout engine (bound to the font it is read on). */
  layoutEngine: (this: FontkitFont) => unknown;
}

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
        const layoutEngine = findGetter(embedded.font, '_layoutEngine');
        if (layoutEngine) shared.set(src, { stamp, font: embedded.font, Embedded: embedded.constructor as SharedFont['Embedded'], layoutEngine });
      }
      return result;
    }
    // What pdfkit's `font()` does for a new file, over a view of the parsed font.
    const view = Object.create(entry.font) as FontkitFont;
    view._glyphs = {};
    entry.layoutEngine.call(view); // fontkit caches the engine on `view` itself
    const embedded = new entry.Embedded(this, view, `F${++this._fontCount}`);
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

/** A getter defined on `object`'s prototype chain (not on the object itself). */
function findGetter(object: object, key: string): ((this: FontkitFont) => unknown) | undefined {
  for (let proto = Object.getPrototypeOf(object); proto; proto = Object.getPrototypeOf(proto)) {
    const get = Object.getOwnPropertyDescriptor(proto, key)?.get;
    if (get) return get as (this: FontkitFont) => unknown;
  }
  return undefined;
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
