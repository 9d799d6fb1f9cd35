import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { fingerprint } from './fingerprint.js';

/**
 * Brief's one store of results kept between runs (drawn charts, shaped text, compiled
 * validators…). Each result is named by a key that hashes all it depends on, and is
 * checked against a hash of its own bytes when read, so the store can only answer with
 * the bytes that were put under that key or with nothing: a file cut short by a crash,
 * flipped by a disk, or left by another build is a miss, removed so that it is made again.
 *
 * An entry is `DIR/KIND/KEY`: a one-line header, then the payload. One folder per kind,
 * with no folders by prefix under it: a first build made a folder for nearly every entry
 * it kept, and creating a folder cost as much as writing the entry (a fifth of a
 * millisecond each, on the build's thread). Folders by prefix of an earlier layout are
 * never read, and removed by the sweep.
 *
 *     brief-store 1 KIND KEY SHA256-OF-PAYLOAD PAYLOAD-LENGTH\n
 *
 * The header names the kind and key because a file's path is only where it should be: a
 * file copied or renamed onto another entry's path must not answer for that entry.
 */
export interface Store {
  /** The folder, or undefined for a store that keeps nothing (turned off). */
  readonly dir: string | undefined;
  /** The bytes kept under (kind, key), verified against their hash; undefined when absent, damaged, or kept for another key/kind. */
  get(kind: string, key: string): Buffer | undefined;
  /** Keep bytes under (kind, key): written atomically (temp file in the same folder + rename); a store that cannot be written is no store, never an error. */
  put(kind: string, key: string, bytes: Buffer | string): void;
  /** Whether results of `kind` were ever kept here (a sweep may have removed them since). */
  holds(kind: string): boolean;
  /** Remove the least recently used entries until the store is under its size budget. */
  sweep(): void;
  /** Every entry put so far written (a store that writes behind writes what it has not yet, now). */
  flush(): Promise<void>;
}

export interface StoreOptions {
  dir: string | undefined;
  /** The size budget; a sweep brings a store over it down to 80% of it. */
  maxBytes?: number;
  /** The clock, for tests of what is old. */
  now?: () => number;
  /**
   * Write entries later rather than in `put`: between the thread's tasks (a turn of its
   * event loop, as when a build waits for its charts), a couple of milliseconds at a
   * time, and what is left when it flushes. On a disk where creating a file takes a
   * millisecond or two (this benchmark machine, at times), a first build's hundred entries
   * written as they were put held its thread for 100-200 ms. What is put is answered by
   * `get` from memory until written; of a key put twice, the last is written. An entry not
   * written when the process ends is made again next time: a thread calls `flush` before
   * it ends.
   */
  writeBehind?: boolean;
}

/** The environment variable that names the store's folder, or turns it off with `off`. */
export const STORE_ENV = 'BRIEF_STORE';

const HEADER_VERSION = '1';
const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
const HOUR_MS = 3600 * 1000;
const SWEPT_STAMP = '.swept';
/** Names this thread's temporary files: its process and thread, and a random tag for a store other machines write too. */
const TEMP_TAG = `${process.pid}.${threadId}.${randomBytes(4).toString('hex')}`;
let temps = 0;
/** A header is far shorter: a file without a newline this early is not an entry. */
const MAX_HEADER_BYTES = 256;
/** How long a store that writes behind writes at a time, between its thread's tasks. */
const DRAIN_MS = 2;

export function openStore(options: StoreOptions): Store {
  const { dir, maxBytes = DEFAULT_MAX_BYTES, now = Date.now, writeBehind = false } = options;
  if (dir === undefined) {
    // still checks its names: a bad kind must fail in tests run with the store off too
    return {
      dir,
      get: (kind, key) => void checkNames(kind, key),
      put: (kind, key) => checkNames(kind, key),
      holds: () => false,
      sweep() {},
      flush: async () => {},
    };
  }
  // when this process next looks at the stamp: a long `brief watch` sweeps hourly too
  let nextSweepCheck = 0;
  // folders this process made or found: made once, not once an entry (a sweep may empty a kind's folder, never remove it)
  const folders = new Set<string>();
  // with writeBehind: what is put and not yet written, by file (the last put of each), and the next drain
  const unwritten = new Map<string, { entry: Buffer; payload: Buffer }>();
  let draining: NodeJS.Immediate | undefined;

  const tempOf = (file: string) => `${file}.${TEMP_TAG}.${++temps}.tmp`;
  /** Write an entry atomically (temp file in the same folder + rename); false when the store cannot be written. */
  const writeSync = (file: string, bytes: Buffer): boolean => {
    const temp = tempOf(file);
    try {
      const folder = path.dirname(file);
      if (!folders.has(folder)) {
        fs.mkdirSync(folder, { recursive: true });
        folders.add(folder);
      }
      // not flushed to disk: a reader takes a file that a crash cut short as a miss
      fs.writeFileSync(temp, bytes);
      fs.renameSync(temp, file);
      return true;
    } catch {
      folders.delete(path.dirname(file)); // deleted since? made again next time
      remove(temp);
      return false; // a store that cannot be written is no store: the result is made again next run
    }
  };
  /**
   * Write what is put and not yet written, for at most `budgetMs` (then again at the next
   * turn of the event loop), or all of it. Writes run on this thread, between its tasks:
   * as Node's background I/O, each entry took four round trips through this thread's event
   * loop (open, write, close, rename), and a build keeps its thread busy, so most were left
   * to the end and made the process wait for them as it ended.
   */
  const drain = (budgetMs = Infinity): void => {
    clearImmediate(draining);
    draining = undefined;
    const until = performance.now() + budgetMs;
    for (const [file, put] of unwritten) {
      unwritten.delete(file);
      writeSync(file, put.entry);
      if (performance.now() >= until) break;
    }
    if (unwritten.size > 0) draining = setImmediate(drain, DRAIN_MS);
  };

  const maybeSweep = (): void => {
    const time = now();
    if (time < nextSweepCheck) return;
    nextSweepCheck = time + HOUR_MS;
    const last = statOrUndefined(path.join(dir, SWEPT_STAMP))?.mtimeMs;
    // another process swept lately (a stamp from the future is a clock that was wrong)
    if (last !== undefined && time >= last && time - last < HOUR_MS) return;
    sweepStore(dir, maxBytes, time);
  };

  return {
    dir,
    get(kind, key) {
      const file = entryPath(dir, kind, key);
      // put by this process and not yet written: its bytes, as they were put
      const pending = unwritten.get(file);
      if (pending) return pending.payload;
      let bytes: Buffer;
      let stat: fs.Stats;
      try {
        const fd = fs.openSync(file, 'r');
        try {
          stat = fs.fstatSync(fd);
          bytes = fs.readFileSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      } catch {
        return undefined; // absent, or a store this process cannot read
      }
      const payload = verifiedPayload(bytes, kind, key);
      if (!payload) {
        removeIfUnchanged(file, stat);
        return undefined;
      }
      const time = now();
      if (time - stat.mtimeMs >= HOUR_MS) {
        // the sweep removes entries by mtime: one in use should look young
        try {
          fs.utimesSync(file, time / 1000, time / 1000);
        } catch {
          // a read-only store: the entry may be swept while in use, and made again
        }
      }
      return payload;
    },
    put(kind, key, bytes) {
      const file = entryPath(dir, kind, key);
      const payload = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
      const entry = Buffer.concat([header(kind, key, payload), payload]);
      if (writeBehind) {
        // the payload as a view of the entry, a copy the caller's buffer cannot change;
        // put again before written, only the last is written
        unwritten.set(file, { entry, payload: entry.subarray(entry.length - payload.length) });
        draining ??= setImmediate(drain, DRAIN_MS);
      } else if (!writeSync(file, entry)) return;
      maybeSweep();
    },
    holds: (kind) => fs.existsSync(path.join(dir, kind)) || [...unwritten.keys()].some((file) => path.basename(path.dirname(file)) === kind),
    sweep() {
      sweepStore(dir, maxBytes, now());
    },
    async flush() {
      drain();
    },
  };
}

/** A key: SHA-256 (hex) over the parts, each length-prefixed so ("ab","c") ≠ ("a","bc"), and over the fingerprint (fingerprint.ts) so entries of another brief build, package set or Node never match. */
export function storeKey(...parts: (string | Buffer | Uint8Array)[]): string {
  return keyWith(fingerprint(), ...parts);
}

/** storeKey with a given fingerprint, for tests that need entries of "another build". */
export function keyWith(fingerprint: string, ...parts: (string | Buffer | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of [fingerprint, ...parts]) {
    // the length in bytes, not in UTF-16 units: a string and its UTF-8 bytes are one part
    const bytes = typeof part === 'string' ? Buffer.from(part) : part;
    hash.update(`${bytes.length}:`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** Where the store lives: env BRIEF_STORE = `off` (no store), a folder path, or unset → `defaultDir`. */
export function storeDirFromEnv(env: Record<string, string | undefined>, defaultDir: string | undefined): string | undefined {
  const value = env[STORE_ENV];
  if (value === undefined || value === '') return defaultDir;
  return value === 'off' ? undefined : value;
}

function entryPath(dir: string, kind: string, key: string): string {
  checkNames(kind, key);
  return path.join(dir, kind, key);
}

/** Kind and key become parts of a path and words of the header: no separators, no spaces. */
function checkNames(kind: string, key: string): void {
  if (!KIND.test(kind)) throw new Error(`store kind ${JSON.stringify(kind)} is not [a-z0-9-]+`);
  if (!/^[0-9a-f]{64}$/.test(key)) throw new Error(`store key ${JSON.stringify(key)} is not a storeKey`);
}

function header(kind: string, key: string, payload: Buffer): Buffer {
  const digest = createHash('sha256').update(payload).digest('hex');
  return Buffer.from(`brief-store ${HEADER_VERSION} ${kind} ${key} ${digest} ${payload.length}\n`);
}

/**
 * The payload of an entry file read for (kind, key), or undefined when the file is not
 * that entry whole. Rebuilding the header the payload should have and comparing it with
 * the one kept checks every field at once: version, kind, key, length and hash.
 */
function verifiedPayload(bytes: Buffer, kind: string, key: string): Buffer | undefined {
  const end = bytes.subarray(0, MAX_HEADER_BYTES).indexOf(0x0a);
  if (end < 0) return undefined;
  const payload = bytes.subarray(end + 1);
  return header(kind, key, payload).equals(bytes.subarray(0, end + 1)) ? payload : undefined;
}

/**
 * Remove a damaged entry, unless another process has meanwhile renamed a new one onto its
 * path: removing that would be safe, but would throw away good work.
 */
function removeIfUnchanged(file: string, read: fs.Stats): void {
  try {
    const current = fs.statSync(file);
    if (current.ino === read.ino && current.dev === read.dev) remove(file);
  } catch {
    // already gone: nothing to remove
  }
}

interface SweptFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/**
 * Bring the store at `dir` to at most 80% of `maxBytes` if it is over, least recently
 * used first (a hit refreshes an entry's mtime), so that the next runs do not sweep again
 * at once. Also removes temp files that a crash left behind, and stamps the sweep's time
 * for the other processes that share the folder.
 */
function sweepStore(dir: string, maxBytes: number, now: number): void {
  try {
    const stamp = path.join(dir, SWEPT_STAMP);
    fs.writeFileSync(stamp, '');
    fs.utimesSync(stamp, now / 1000, now / 1000);
  } catch {
    return; // no folder, or one this process cannot write
  }
  const entries: SweptFile[] = [];
  // only what the store writes: folders named as kinds, files named as keys (or their
  // temporary files), and, of the earlier layout, folders named by a key's first two
  // characters holding such files. Nothing else in the folder is touched.
  for (const kind of subfolders(dir).filter((folder) => KIND.test(path.basename(folder)))) {
    for (const name of fileNames(kind)) {
      const file = path.join(kind, name);
      const stat = statOrUndefined(file);
      if (stat?.isDirectory() && PREFIX.test(name)) {
        // a folder by prefix of the earlier layout: its entries are never read
        for (const old of fileNames(file)) if (ENTRY.test(old)) remove(path.join(file, old));
        removeEmptyFolder(file);
        continue;
      }
      if (!stat?.isFile() || !ENTRY.test(name)) continue;
      if (name.endsWith('.tmp')) {
        // a young one is a put in flight in another process
        if (now - stat.mtimeMs > HOUR_MS) remove(file);
        continue;
      }
      entries.push({ file, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  }
  let total = entries.reduce((sum, entry) => sum + entry.size, 0);
  if (total <= maxBytes) return;
  entries.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const entry of entries) {
    if (total <= maxBytes * 0.8) break;
    // one that cannot be removed (held open on Windows) is left for the next sweep
    if (remove(entry.file)) total -= entry.size;
  }
}

function remove(file: string): boolean {
  try {
    fs.rmSync(file, { force: true });
    return true;
  } catch {
    return false;
  }
}

function removeEmptyFolder(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // not empty (not the store's), or left for the next sweep
  }
}

/** Names the store gives: kinds, a key's first two characters (the earlier layout), entries and their temporary files. */
const KIND = /^[a-z0-9-]+$/;
const PREFIX = /^[0-9a-f]{2}$/;
const ENTRY = /^[0-9a-f]{64}(\..+\.tmp)?$/;

function subfolders(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name));
  } catch {
    return [];
  }
}

function fileNames(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}
