import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../write/atomic.js';
import { fontFileHash } from './shaped-words.js';
import { inOrderOfUse } from './use-order.js';

/**
 * The advance widths that chart text measurement took from fontkit, kept on disk per font
 * file, so that a process that draws a chart again (after a CSV edit, in a batch worker)
 * opens the font and runs fontkit's layout, whose first use decodes the font's GSUB and
 * GPOS tables (about 120 ms for a chart in Inter), only for text it has not measured
 * before. A width is `font.layout(piece).advanceWidth`, in font units, as fontkit gives
 * it: JSON gives the same number back, so the chart comes out the same.
 *
 * Each file keeps the KEPT_PIECES pieces used last, like the shaped words.
 */

export const KEPT_PIECES = 5_000;
const FORMAT = 1;

export interface KeptAdvances {
  /** The font's units per em, if kept. */
  unitsPerEm: number | undefined;
  /** The kept advance of `piece`, if any (and it counts as used). */
  get(piece: string): number | undefined;
  /** Keep a measured advance (and the font's units per em). */
  set(piece: string, advance: number, unitsPerEm: number): void;
}

interface Store extends KeptAdvances {
  file: string;
  /** What the file had, in its order, least recently used first. */
  kept: Map<string, number>;
  used: Set<string>;
  fresh: Map<string, number>;
}

const stores = new Map<string, Store>();

/** The kept advances of the font file `fontFile`, in `cacheDir`; undefined when the font cannot be read. */
export function keptAdvances(cacheDir: string, fontFile: string): KeptAdvances | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(fontFile);
  } catch {
    return undefined;
  }
  const file = path.join(cacheDir, `advances-${fontFileHash(bytes)}.json`);
  let store = stores.get(file);
  if (!store) {
    store = openStore(file);
    stores.set(file, store);
  }
  return store;
}

function openStore(file: string): Store {
  const { kept, unitsPerEm } = readFile(file);
  const store: Store = {
    file,
    kept,
    used: new Set(),
    fresh: new Map(),
    unitsPerEm,
    get(piece) {
      const fresh = store.fresh.get(piece);
      if (fresh !== undefined) return fresh;
      const advance = store.kept.get(piece);
      if (advance !== undefined) store.used.add(piece);
      return advance;
    },
    set(piece, advance, unitsPerEm) {
      if (store.unitsPerEm !== undefined && store.unitsPerEm !== unitsPerEm) return; // not the font the file was made for
      store.unitsPerEm = unitsPerEm;
      if (store.fresh.size < KEPT_PIECES) store.fresh.set(piece, advance);
    },
  };
  return store;
}

/** The advances in a file, in its order; none when there is no file, or it is not one of ours. */
function readFile(file: string): { kept: Map<string, number>; unitsPerEm: number | undefined } {
  const kept = new Map<string, number>();
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { format?: unknown; unitsPerEm?: unknown; advances?: unknown };
    if (data.format === FORMAT && typeof data.unitsPerEm === 'number' && data.unitsPerEm > 0 && Array.isArray(data.advances)) {
      for (const entry of data.advances as unknown[]) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'number' && Number.isFinite(entry[1])) kept.set(entry[0], entry[1]);
      }
      return { kept, unitsPerEm: data.unitsPerEm };
    }
  } catch {
    // none kept yet, or a damaged file: measure again
  }
  return { kept, unitsPerEm: undefined };
}

/**
 * Write the advances measured since the last save, merged with what the file has now
 * (another process may have added to it): the pieces used here last, at most KEPT_PIECES.
 */
export function saveKeptAdvances(): void {
  for (const store of stores.values()) {
    if (store.fresh.size === 0 || store.unitsPerEm === undefined) continue;
    const now = readFile(store.file);
    const others = now.unitsPerEm === store.unitsPerEm ? now.kept : new Map<string, number>();
    const used = [...store.used].flatMap((piece): [string, number][] => (store.kept.has(piece) ? [[piece, store.kept.get(piece)!]] : []));
    const advances = inOrderOfUse(others, used, store.fresh, KEPT_PIECES);
    store.kept = new Map(advances);
    store.used.clear();
    store.fresh.clear();
    try {
      writeFileAtomic(store.file, JSON.stringify({ format: FORMAT, unitsPerEm: store.unitsPerEm, advances }), { durable: false });
    } catch {
      // a read-only cache: measured again next time
    }
  }
}
