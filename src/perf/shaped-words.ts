import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../write/atomic.js';
import { packageVersion } from './package-version.js';
import { inOrderOfUse } from './use-order.js';

/**
 * Words shaped once per font file: in memory for the life of a process, and on disk
 * between processes when a cache folder is set (the CLI's, see chart-cache-dir.ts, whose
 * name already changes with brief's bundle and lockfile, so with fontkit's version).
 *
 * Shaping a word (fontkit's GSUB/GPOS pass) depends on the font's bytes and the word
 * only, so a cached word is exactly what shaping it again would give. A shaped word is
 * kept as plain data: glyph ids, positions scaled to 1000 units as pdfkit scales them,
 * and the glyph lookups the shaping made, in order, with the code points each passed;
 * see shared-fonts.ts for how a document replays them.
 *
 * A cold build reads its fonts' whole files, so each file keeps at most STORED_WORDS
 * words, those last used by a process that saved last: figures that change from run to
 * run (a batch's, a watch session's) would otherwise fill it with words no build reads
 * again. On disk, positions are kept as fontkit gives them, before scaling, and of the
 * lookups only the first of each glyph, the only one a document replays: both shorter.
 */

export interface Glyph {
  id: number;
  advanceWidth: number;
  /** fontkit's cache of the glyph's metrics (computing them decodes the outline). */
  _metrics?: object;
}

/** Metrics by glyph id, computed once per font: a new glyph object is given them. */
export type GlyphMetrics = Map<number, object>;

/** fontkit's glyph position (x/y advance and offset) plus pdfkit's `advanceWidth`. */
export type Position = Record<string, number>;

/** The part of a fontkit font that shaping uses. */
export interface ShapingFont {
  _glyphs: Record<number, Glyph | undefined>;
  getGlyph(id: number, codePoints?: number[]): Glyph;
  layout(text: string, features?: unknown): { glyphs: Glyph[]; positions: Position[] };
}

export interface ShapedWord {
  /** Every glyph lookup the shaping made, in order: glyph id and the code points passed. */
  lookups: [number, number[]][];
  ids: number[];
  positions: Position[];
  advanceWidth: number;
}

export interface WordShaper {
  /**
   * A word shaped with the font's default features, positions times `scale` (pdfkit's
   * 1000 / unitsPerEm: one number per font, so it does not key the cache).
   */
  shape(word: string, scale: number): ShapedWord;
}

/** Words kept in memory per font before the cache starts over (a long `brief watch` stays bounded). */
const MAX_WORDS = 50_000;
/** Words kept on disk per font, the most recently used: a cold build parses them all. */
export const STORED_WORDS = 6_000;
/** The position fields, in fontkit's order; a position with others is not written to disk. */
const FIELDS = ['xAdvance', 'yAdvance', 'xOffset', 'yOffset', 'advanceWidth'] as const;
const FORMAT = 2;

/**
 * A word on disk: lookups flattened as id, count, code points…; for each glyph, fontkit's
 * four position numbers and the glyph's advance width, unscaled.
 */
type StoredWord = [lookups: number[], ids: number[], positions: number[]];

/** A cache file's words, in its order (least recently used first), each checked when used. */
type StoredWords = Map<string, unknown>;

interface Store {
  file: string;
  /** Words shaped in this process and not yet written. */
  fresh: Map<string, StoredWord>;
  /** Words this process took from the file: kept as recently used at the next save. */
  used: Set<string>;
}

const stores = new Set<Store>();

/**
 * A shaper for one parsed font. `shaper` is a view of the font with a layout engine of its
 * own; its glyph table is emptied before each word so that the lookups it logs are the
 * word's own. With `cacheDir`, words shaped by earlier processes are read from
 * `cacheDir/shaped-HASH.json` (HASH of the font file's bytes) and new ones are added there
 * by `saveShapedWords()`.
 */
export function createWordShaper(shaper: ShapingFont, fontBytes: Buffer | undefined, cacheDir: string | undefined, metrics: GlyphMetrics = new Map()): WordShaper {
  let lookups: [number, number[]][] = [];
  const getGlyph = shaper.getGlyph;
  shaper.getGlyph = function (id: number, codePoints: number[] = []) {
    lookups.push([id, [...codePoints]]);
    return withMetrics(getGlyph.call(this, id, codePoints), metrics);
  };
  const words = new Map<string, ShapedWord>();
  const store = cacheDir && fontBytes ? openStore(cacheDir, fontBytes) : undefined;
  const stored = store ? readStore(store.file) : undefined;

  return {
    shape(word, scale) {
      const known = words.get(word);
      if (known) return known;
      if (words.size >= MAX_WORDS) words.clear();
      const s = storedWord(stored, word);
      if (s) {
        const shaped = fromStored(s, scale);
        words.set(word, shaped);
        store!.used.add(word);
        return shaped;
      }
      shaper._glyphs = {};
      lookups = [];
      const run = shaper.layout(word);
      // what pdfkit's layoutRun does to a fresh run, and GlyphRun's advanceWidth after it
      let advanceWidth = 0;
      const positions = run.positions.map((p, i) => {
        const scaled: Position = {};
        for (const key in p) scaled[key] = p[key]! * scale;
        scaled.advanceWidth = run.glyphs[i]!.advanceWidth * scale;
        advanceWidth += scaled.xAdvance!;
        return scaled;
      });
      for (const glyph of Object.values(shaper._glyphs)) if (glyph?._metrics && !metrics.has(glyph.id)) metrics.set(glyph.id, glyph._metrics);
      const shaped: ShapedWord = { lookups, ids: run.glyphs.map((g) => g.id), positions, advanceWidth };
      words.set(word, shaped);
      const fresh = store && store.fresh.size < STORED_WORDS ? toStored(shaped, run) : undefined;
      if (fresh) store!.fresh.set(word, fresh);
      return shaped;
    },
  };
}

/**
 * A glyph with the metrics its font already computed for that id, if any: glyph objects
 * are made afresh for every word and every document, and computing metrics decodes the
 * glyph's outline. Metrics depend on the font's tables only.
 */
export function withMetrics<G extends Glyph | null>(glyph: G, metrics: GlyphMetrics): G {
  if (glyph && !glyph._metrics) {
    const known = metrics.get(glyph.id);
    if (known) glyph._metrics = known;
  }
  return glyph;
}

/**
 * Write the words shaped since the last save to their fonts' cache files, merged with what
 * is there: the words this process used last, then the freshly shaped, and of all those
 * the last STORED_WORDS kept.
 */
export function saveShapedWords(): void {
  for (const store of stores) {
    if (store.fresh.size === 0) continue;
    const kept = readStore(store.file) ?? new Map();
    const wellFormed = (words: Iterable<string>) => [...words].flatMap((word): [string, StoredWord][] => {
      const s = storedWord(kept, word);
      return s ? [[word, s]] : [];
    });
    const entries = inOrderOfUse(wellFormed(kept.keys()), wellFormed(store.used), store.fresh, STORED_WORDS);
    store.fresh.clear();
    store.used.clear();
    const words = entries.map(([word, s]) => [word, ...s]);
    try {
      writeFileAtomic(store.file, JSON.stringify({ format: FORMAT, words }), { durable: false });
    } catch {
      // a read-only cache: the next process shapes these words again
    }
  }
}

/**
 * 16 hex digits of the SHA-256 of a font file and of fontkit's version: what names the
 * font's files in a cache folder (shaped words, subsets), which fontkit makes.
 */
export function fontFileHash(fontBytes: Buffer): string {
  let hash = fontHashes.get(fontBytes);
  if (!hash) {
    hash = createHash('sha256').update(`fontkit ${packageVersion('fontkit')}\0`).update(fontBytes).digest('hex').slice(0, 16);
    fontHashes.set(fontBytes, hash);
  }
  return hash;
}

/** Hashes by font bytes: a font's shaped words and subsets are named by the same one. */
const fontHashes = new WeakMap<Buffer, string>();

function openStore(cacheDir: string, fontBytes: Buffer): Store {
  const file = path.join(cacheDir, `shaped-${fontFileHash(fontBytes)}.json`);
  for (const s of stores) if (s.file === file) return s;
  const store: Store = { file, fresh: new Map(), used: new Set() };
  stores.add(store);
  return store;
}

/** The words in a cache file; undefined when there is none or it is not ours. */
function readStore(file: string): StoredWords | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(text) as { format?: unknown; words?: unknown };
    if (data.format !== FORMAT || !Array.isArray(data.words)) return undefined;
    const words: StoredWords = new Map();
    for (const entry of data.words as unknown[]) {
      if (Array.isArray(entry) && typeof entry[0] === 'string') words.set(entry[0], entry);
    }
    return words;
  } catch {
    return undefined;
  }
}

/** A word of a cache file, if it is there and well formed. */
function storedWord(words: StoredWords | undefined, word: string): StoredWord | undefined {
  const entry = words?.get(word) as unknown[] | undefined;
  if (!entry) return undefined;
  const s = entry.slice(1);
  return isStoredWord(s) ? s : undefined;
}

function isStoredWord(s: unknown): s is StoredWord {
  return (
    Array.isArray(s) &&
    s.length === 3 &&
    Array.isArray(s[0]) &&
    Array.isArray(s[1]) &&
    Array.isArray(s[2]) &&
    s[2].length === s[1].length * FIELDS.length &&
    (s[2] as unknown[]).every((n) => typeof n === 'number')
  );
}

/** What to keep of a shaped word: `run`'s unscaled positions, if they have fontkit's four fields, in its order. */
function toStored(word: ShapedWord, run: { glyphs: Glyph[]; positions: Position[] }): StoredWord | undefined {
  const positions: number[] = [];
  for (let g = 0; g < run.positions.length; g++) {
    const p = run.positions[g]!;
    const keys = Object.keys(p);
    if (keys.length !== FIELDS.length - 1 || keys.some((k, i) => k !== FIELDS[i])) return undefined;
    for (const k of keys) positions.push(p[k]!);
    positions.push(run.glyphs[g]!.advanceWidth);
  }
  if (positions.some((n) => typeof n !== 'number')) return undefined;
  // a document replays a lookup only for a glyph it has not made yet: the first of each id is the one that counts
  const seen = new Set<number>();
  const lookups = word.lookups.flatMap(([id, codePoints]) => (seen.has(id) ? [] : (seen.add(id), [id, codePoints.length, ...codePoints])));
  return [lookups, word.ids, positions];
}

/** The shaped word, positions scaled as `shape` scales them (the same products and sum, in the same order). */
function fromStored([flat, ids, numbers]: StoredWord, scale: number): ShapedWord {
  const lookups: [number, number[]][] = [];
  for (let i = 0; i < flat.length; ) {
    const id = flat[i]!;
    const n = flat[i + 1]!;
    lookups.push([id, flat.slice(i + 2, i + 2 + n)]);
    i += 2 + n;
  }
  const positions: Position[] = [];
  let advanceWidth = 0;
  for (let g = 0; g < ids.length; g++) {
    const p: Position = {};
    FIELDS.forEach((f, k) => (p[f] = numbers[g * FIELDS.length + k]! * scale));
    advanceWidth += p.xAdvance!;
    positions.push(p);
  }
  return { lookups, ids, positions, advanceWidth };
}
