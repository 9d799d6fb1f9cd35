import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../write/atomic.js';

/**
 * The build manifest, `.brief-manifest.json` in the output folder: for each PDF, the
 * hash of every input it was made from, and what came out. A PDF whose inputs hash the
 * same as recorded, and whose file still hashes as the PDF that was written, is up to
 * date: a file changed since in any way (another tool's output, a copy, a damaged disk)
 * is built again, whatever its size.
 *
 * A sharded run (`--shard K/N`) writes `.brief-manifest.shard-K-of-N.json` instead, so
 * shards sharing an output folder never overwrite each other's record; reading merges
 * the main file and every shard file, and an unsharded run folds them back into one.
 */
export const MANIFEST_FILE = '.brief-manifest.json';
const SHARD_FILE = /^\.brief-manifest\.shard-(\d+)-of-(\d+)\.json$/;

export interface ManifestEntry {
  /** Content folder the PDF comes from, relative to the project root. */
  source: string;
  /** Row key, for a leaflet of a set. */
  leaflet?: string;
  /** Hash over `inputs`: the whole up-to-date check. */
  inputsHash: string;
  /** Input → SHA-256: files by path; a leaflet's own rows (table and joined datasets) as `FOLDER#KEY`; the tool as `tool`. */
  inputs: Record<string, string>;
  pages: number;
  bytes: number;
  sha256: string;
  /** The font files the PDF sets text in, from the project's root: read ahead by the next build (a hint, never trusted for what it holds). */
  fonts?: string[];
}

export interface Manifest {
  version: 1;
  /** PDF file name (in the output folder) → entry. */
  outputs: Record<string, ManifestEntry>;
}

export function emptyManifest(): Manifest {
  return { version: 1, outputs: {} };
}

export function readManifest(outDir: string): Manifest {
  const merged = emptyManifest();
  const files = [MANIFEST_FILE, ...listShardFiles(outDir)];
  for (const name of files) {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(outDir, name), 'utf8')) as Manifest;
      if (m.version === 1 && m.outputs && typeof m.outputs === 'object') Object.assign(merged.outputs, m.outputs);
    } catch {
      // absent or damaged: everything in it counts as out of date
    }
  }
  return merged;
}

/** Write the manifest (sorted, so it diffs well); an unsharded write absorbs shard files. */
export function writeManifest(outDir: string, manifest: Manifest, shard?: { index: number; count: number }): void {
  const sorted: Manifest = { version: 1, outputs: Object.fromEntries(Object.entries(manifest.outputs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  const name = shard ? `.brief-manifest.shard-${shard.index}-of-${shard.count}.json` : MANIFEST_FILE;
  writeFileAtomic(path.join(outDir, name), JSON.stringify(sorted, null, 2) + '\n');
  if (!shard) for (const f of listShardFiles(outDir)) fs.rmSync(path.join(outDir, f), { force: true });
}

/** Is the PDF for `entry` still the one recorded? Its bytes are hashed: a PDF is a few hundred KB. */
export function isUpToDate(outDir: string, output: string, inputsHash: string, entry: ManifestEntry | undefined): boolean {
  if (!entry || entry.inputsHash !== inputsHash) return false;
  try {
    const bytes = fs.readFileSync(path.join(outDir, output));
    return bytes.length === entry.bytes && createHash('sha256').update(bytes).digest('hex') === entry.sha256;
  } catch {
    return false;
  }
}

function listShardFiles(outDir: string): string[] {
  try {
    return fs.readdirSync(outDir).filter((f) => SHARD_FILE.test(f)).sort();
  } catch {
    return [];
  }
}
