import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { readCheckedFile, writeCheckedFile } from './checked-file.js';
import { deferPostTableBody, type PostTableFont } from './post-table.js';
import { createWordShaper, fontFileHash, withMetrics, type Glyph, type GlyphMetrics, type Position, type ShapingFont, type WordShaper } from './shaped-words.js';

/**
 * Font files parsed once per process instead of once per PDF.
 *
 * pdfkit opens a font for every document: it reads the file and parses it with fontkit,
 * decoding its tables (cmap, metrics, and the large GSUB/GPOS lookups) again each time.
 * Here the first document that opens a file keeps its fontkit font, and later documents
 * get a *view* of it: an object whose prototype is the parsed font, so decoded tables are
 * shared, but with its own glyph objects and its own layout engine. Glyph objects carry
 * the code points of their first use, which end up in the PDF's ToUnicode map; with its
 * own glyphs each document's bytes depend on its own text only, never on what was built
 * before it in the process.
 *
 * Shaping (fontkit's GSUB/GPOS pass, the larger part of printing a page) is shared too:
 * pdfkit shapes text a word at a time, and each word is shaped once per process and font
 * file, on a view of its own with an empty glyph table. What a document keeps of a shaped
 * word is plain data: glyph ids, scaled positions, and the glyph lookups the shaping made
 * in order with the code points each passed. A document replays those lookups on its own
 * view, so its glyphs are created in the order, and with the code points, that shaping the
 * document's words one after another gives: the same bytes with or without the cache.
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

interface FontkitFont extends ShapingFont, PostTableFont {
  _tables?: { head?: { checkSumAdjustment?: number }; name?: { records?: unknown } };
}

/** A shaped run as pdfkit's `layoutRun` returns it (positions scaled to 1000 units). */
interface Run {
  glyphs: Glyph[];
  positions: Position[];
  advanceWidth: number;
}

interface EmbeddedFont {
  font: FontkitFont;
  subset?: { glyphs: number[]; encode(): Buffer };
  name?: string;
  scale: number;
  layoutCache?: Record<string, unknown>;
  layoutCached?: unknown;
  layoutRun(text: string, features?: unknown): Run;
}

interface SharedFont {
  stamp: string;
  font: FontkitFont;
  Embedded: new (document: PdfKitDocument, font: FontkitFont, id: string) => EmbeddedFont;
  /** fontkit's getter that makes a font's layout engine (bound to the font it is read on). */
  layoutEngine: (this: FontkitFont) => unknown;
  words: WordShaper;
  metrics: GlyphMetrics;
  /** Encoded subsets by glyph list (see memoizeSubsets). */
  subsets: Map<string, Buffer>;
  /** Where encoded subsets are kept between processes, as `DIR/FONTHASH-`; undefined: in memory only. */
  subsetFiles: string | undefined;
}

/** Encoded subsets kept per font (oldest dropped first). */
const SUBSETS_KEPT = 16;

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
        if (layoutEngine) {
          const metrics: GlyphMetrics = new Map();
          // the bytes pdfkit read the font from, which fontkit keeps
          const bytes = cacheFolder ? fontBytes(embedded.font) : undefined;
          deferPostTableBody(embedded.font);
          const entry: SharedFont = {
            stamp,
            font: embedded.font,
            Embedded: embedded.constructor as SharedFont['Embedded'],
            layoutEngine,
            words: wordShaper(embedded.font, layoutEngine, metrics, bytes),
            metrics,
            subsets: new Map(),
            subsetFiles: cacheFolder && bytes ? path.join(cacheFolder, 'subsets', `${fontFileHash(bytes)}-`) : undefined,
          };
          shared.set(src, entry);
          replayShapedWords(embedded, entry);
          memoizeSubsets(embedded, entry);
        }
      }
      return result;
    }
    // What pdfkit's `font()` does for a new file, over a view of the parsed font.
    const view = Object.create(entry.font) as FontkitFont;
    view._glyphs = {};
    ownLayoutEngine(view, entry.layoutEngine);
    const embedded = new entry.Embedded(this, view, `F${++this._fontCount}`);
    replayShapedWords(embedded, entry);
    memoizeSubsets(embedded, entry);
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

let cacheFolder: string | undefined;

/**
 * Keep shaped words and encoded subsets on disk in `dir` between processes (undefined: in
 * memory only). Takes effect for fonts first opened after the call.
 */
export function keepShapedWordsIn(dir: string | undefined): void {
  cacheFolder = dir;
}

function fontBytes(font: FontkitFont): Buffer | undefined {
  const bytes = font.stream?.buffer;
  return Buffer.isBuffer(bytes) ? bytes : undefined;
}

/** A shaper over a view of the parsed font with its own layout engine; `bytes`, the font file's, to keep words on disk. */
function wordShaper(font: FontkitFont, layoutEngine: SharedFont['layoutEngine'], metrics: GlyphMetrics, bytes: Buffer | undefined): WordShaper {
  const shaper = Object.create(font) as FontkitFont;
  shaper._glyphs = {};
  ownLayoutEngine(shaper, layoutEngine);
  return createWordShaper(shaper, bytes, cacheFolder, metrics);
}

/**
 * Make one document's font take shaped words from the process-wide cache. Runs with
 * explicit features (rare) are shaped by pdfkit as before. Positions are shared between
 * documents: pdfkit copies a position before changing it.
 */
function replayShapedWords(embedded: EmbeddedFont, entry: SharedFont): void {
  metricsOf.set(embedded, entry.metrics);
  const native = embedded.layoutRun;
  embedded.layoutRun = function (this: EmbeddedFont, text: string, features?: unknown): Run {
    if (features) return native.call(this, text, features);
    const word = entry.words.shape(text, this.scale);
    const font = this.font;
    for (const [id, codePoints] of word.lookups) {
      if (!font._glyphs[id]) withMetrics(font.getGlyph(id, [...codePoints]), entry.metrics);
    }
    return { glyphs: word.ids.map((id) => font.getGlyph(id)), positions: word.positions, advanceWidth: word.advanceWidth };
  };
}

const metricsOf = new WeakMap<object, GlyphMetrics>();

/**
 * Create glyphs on a document's font as its first lookups of them would: each id with
 * the code points it was first looked up with, unless the font already has it (and with
 * the metrics the process knows for it, as the shaped words' own lookups do).
 */
export function recreateGlyphs(embedded: { font: object }, glyphs: ReadonlyArray<readonly [number, readonly number[]]>): void {
  const font = embedded.font as FontkitFont;
  const metrics = metricsOf.get(embedded);
  for (const [id, codePoints] of glyphs) {
    if (font._glyphs[id]) continue;
    const glyph = font.getGlyph(id, [...codePoints]);
    if (metrics) withMetrics(glyph, metrics);
  }
}

/**
 * A document's font subset encoded once per glyph list: the embedded font file is a pure
 * function of the parsed font and the glyphs it keeps, in their order, and a rebuild
 * after a data edit embeds the same glyphs again. (The bytes are only read: pdfkit copies
 * them into the PDF.) With a cache folder they are kept on disk too, so a cold build of
 * unchanged text decodes no glyph outlines at all. Encoding can add the components of
 * composite glyphs to the subset's list; pdfkit reads nothing of the list after encoding.
 */
function memoizeSubsets(embedded: EmbeddedFont, entry: SharedFont): void {
  const subset = embedded.subset;
  if (!subset || typeof subset.encode !== 'function' || !Array.isArray(subset.glyphs)) return;
  const encode = subset.encode;
  subset.encode = function (this: NonNullable<EmbeddedFont['subset']>) {
    const key = this.glyphs.join(',');
    let bytes = entry.subsets.get(key);
    if (!bytes) {
      const file = entry.subsetFiles && `${entry.subsetFiles}${createHash('sha256').update(key).digest('hex').slice(0, 32)}.ttf`;
      bytes = file ? readCheckedFile(file) : undefined;
      if (!bytes) {
        bytes = encode.call(this);
        if (file) writeCheckedFile(file, bytes);
      }
      if (entry.subsets.size >= SUBSETS_KEPT) entry.subsets.delete(entry.subsets.keys().next().value!);
      entry.subsets.set(key, bytes);
    }
    return bytes;
  };
}

/**
 * Give a view its own layout engine, made on first use: the engine works on the font it
 * was made for, and one inherited from the parsed font would create glyphs in the parsed
 * font's table. Made lazily, a process whose words all come from the cache never decodes
 * the font's GSUB and GPOS tables. (fontkit's getter replaces this one with the engine.)
 */
function ownLayoutEngine(view: FontkitFont, layoutEngine: SharedFont['layoutEngine']): void {
  Object.defineProperty(view, '_layoutEngine', {
    configurable: true,
    get(this: FontkitFont) {
      return layoutEngine.call(this);
    },
  });
}

/** A getter defined on `object`'s prototype chain (not on the object itself). */
function findGetter(object: object, key: string): ((this: FontkitFont) => unknown) | undefined {
  for (let proto = Object.getPrototypeOf(object); proto; proto = Object.getPrototypeOf(proto)) {
    const get = Object.getOwnPropertyDescriptor(proto, key)?.get;
    if (get) return get as (this: FontkitFont) => unknown;
  }
  return undefined;
}

/** A file's size and modification time, which change when it is replaced (undefined: not a file). */
export function fileStamp(file: string): string | undefined {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  return stat?.isFile() ? `${stat.size}:${stat.mtimeMs}` : undefined;
}

/** pdfkit's own test for two opened files being the same font. */
function isEqualFont(a: EmbeddedFont, b: EmbeddedFont): boolean {
  if (a.font._tables?.head?.checkSumAdjustment !== b.font._tables?.head?.checkSumAdjustment) return false;
  return JSON.stringify(a.font._tables?.name?.records) === JSON.stringify(b.font._tables?.name?.records);
}
