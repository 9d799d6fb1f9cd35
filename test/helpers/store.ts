import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store/store.js';

/** A store in a fresh temporary folder, with the keys of its entries of one kind. */
export function tempStore(): { store: Store; dir: string; keys(kind: string): string[]; file(kind: string, key: string): string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-store-'));
  const store = openStore({ dir });
  const file = (kind: string, key: string) => path.join(dir, kind, key);
  const keys = (kind: string) => {
    const root = path.join(dir, kind);
    if (!fs.existsSync(root)) return [];
    return fs.readdirSync(root).filter((f) => !f.endsWith('.tmp')).sort();
  };
  return { store, dir, keys, file };
}
