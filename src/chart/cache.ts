import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../write/atomic.js';
import type { RenderedChart } from './types.js';

/**
 * Rendered charts by content. A chart's full key hashes its inputs *and* the bytes of
 * every file it read, but which files it reads is only known after drawing it. So each
 * entry is filed under the input key and remembers its files; a lookup re-reads them and
 * is a hit only when the full key comes out the same.
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

export function createChartCache(dir?: string): ChartCache {
  const memory = new Map<string, CacheEntry>();

  function fromDisk(inputKey: string): CacheEntry | undefined {
    if (!dir) return undefined;
    try {
      const entry = JSON.parse(fs.readFileSync(path.join(dir, `${inputKey}.json`), 'utf8')) as CacheEntry;
      return typeof entry.key === 'string' && Array.isArray(entry.files) && typeof entry.chart?.svg === 'string'
        ? entry
        : undefined;
    } catch {
      return undefined; // absent or damaged: draw again
    }
  }

  return {
    lookup(inputKey, readFile) {
      const entry = memory.get(inputKey) ?? fromDisk(inputKey);
      if (!entry) return undefined;
      let key: string;
      try {
        key = fullKey(inputKey, entry.files.map((url) => [url, readFile(url)] as [string, Buffer]));
      } catch {
        return undefined;
      }
      if (key !== entry.key) return undefined;
      memory.set(inputKey, entry);
      return entry.chart;
    },
    store(inputKey, entry) {
      memory.set(inputKey, entry);
      if (!dir) return;
      try {
        writeFileAtomic(path.join(dir, `${inputKey}.json`), JSON.stringify(entry), { durable: false });
      } catch {
        // a cache that cannot be written is no cache, not a failed build
      }
    },
  };
}
