import { createHash } from 'node:crypto';
import type { Store } from '../store/store.js';
import type { RenderedChart } from './types.js';

/**
 * Drawn charts by content: in this process, and through the store between processes. A
 * chart's full key hashes its inputs *and* the bytes of every file it read (a spec's
 * `data/…` URL), but which files it reads is only known after drawing it. So each entry
 * is kept under the input key and names its files; a lookup re-reads them and is a hit
 * only when the full key comes out the same.
 */
export interface CacheEntry {
  key: string;
  files: string[];
  chart: RenderedChart;
}

export interface ChartCache {
  lookup(inputKey: string, readFile: (url: string) => Buffer): RenderedChart | undefined;
  store(inputKey: string, entry: CacheEntry): void;
}

export function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? `${part.length}:` : `b${part.length}:`);
    hash.update(part);
  }
  return hash.digest('hex');
}

export function fullKey(inputKey: string, files: Map<string, Buffer> | [string, Buffer][]): string {
  const parts: (string | Buffer)[] = [inputKey];
  for (const [url, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) parts.push(url, bytes);
  return sha256(...parts);
}

/** Charts kept in memory per engine (a watcher's, a batch worker's), oldest dropped first. */
const MEMORY_KEEP = 64;

export function createChartCache(store: Store | undefined): ChartCache {
  const memory = new Map<string, CacheEntry>();

  function fromStore(inputKey: string): CacheEntry | undefined {
    const bytes = store?.get('chart', inputKey);
    if (!bytes) return undefined;
    try {
      const entry = JSON.parse(bytes.toString('utf8')) as CacheEntry;
      const { chart } = entry;
      return typeof entry.key === 'string' && Array.isArray(entry.files) && typeof chart?.svg === 'string' && typeof chart.width === 'number' && typeof chart.height === 'number' ? entry : undefined;
    } catch {
      return undefined; // the store verified these bytes: only a format of another build gets here
    }
  }

  const remember = (inputKey: string, entry: CacheEntry) => {
    memory.delete(inputKey);
    if (memory.size >= MEMORY_KEEP) memory.delete(memory.keys().next().value!);
    memory.set(inputKey, entry);
  };

  return {
    lookup(inputKey, readFile) {
      const entry = memory.get(inputKey) ?? fromStore(inputKey);
      if (!entry) return undefined;
      let key: string;
      try {
        key = fullKey(inputKey, entry.files.map((url) => [url, readFile(url)] as [string, Buffer]));
      } catch {
        return undefined;
      }
      if (key !== entry.key) return undefined;
      remember(inputKey, entry);
      return entry.chart;
    },
    store(inputKey, entry) {
      remember(inputKey, entry);
      store?.put('chart', inputKey, JSON.stringify(entry));
    },
  };
}
