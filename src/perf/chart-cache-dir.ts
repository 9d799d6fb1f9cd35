import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/**
 * Where the CLI keeps drawn charts between processes, so a cold build redraws only the
 * charts whose spec, data or theme changed (and then never loads Vega at all).
 *
 * `BRIEF_CHART_CACHE` names the folder, or turns the cache off with `off`. Unset, the CLI
 * uses `node_modules/.cache/brief/charts-FINGERPRINT/` of brief's own install, where the
 * fingerprint hashes the running bundle and the lockfile: a new build of brief or a new
 * Vega starts a new folder, whatever the engine's version says. A folder that cannot be
 * written means no cache.
 */
export const CHART_CACHE_ENV = 'BRIEF_CHART_CACHE';

/** The cache folder the environment asks for; undefined when it asks for none. */
export function chartCacheDirFromEnv(env: Record<string, string | undefined>): string | undefined {
  const value = env[CHART_CACHE_ENV];
  return value && value !== 'off' ? value : undefined;
}

const fingerprints = new Map<string, string>();

/**
 * 16 hex digits that change with the running code (the bundle or module `moduleUrl`) and
 * with the installed packages (the lockfile of `packageRoot`): a new build of brief or a
 * new Vega, whatever the version numbers say.
 */
export function installFingerprint(moduleUrl: string, packageRoot: string): string {
  const key = `${moduleUrl}\0${packageRoot}`;
  let fingerprint = fingerprints.get(key);
  if (!fingerprint) {
    const hash = createHash('sha256').update(fs.readFileSync(fileURLToPath(moduleUrl)));
    for (const lock of ['package-lock.json', 'package.json']) {
      const file = path.join(packageRoot, lock);
      if (fs.existsSync(file)) {
        hash.update(fs.readFileSync(file));
        break;
      }
    }
    fingerprint = hash.digest('hex').slice(0, 16);
    fingerprints.set(key, fingerprint);
  }
  return fingerprint;
}

/** Folders of other builds of brief older than this are removed when a new one is made. */
export const STALE_CACHE_MS = 7 * 24 * 3600 * 1000;

/**
 * Entries of the folder in use that no process has written for this long are removed, in
 * a sweep at most once a day: a batch with new figures each run, or a long `brief watch`,
 * adds entries that no later build reads. An entry still in use is made again once.
 */
export const STALE_ENTRY_MS = 30 * 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 24 * 3600 * 1000;
const SWEPT_MARK = '.swept';

/**
 * The CLI's default folder for the running bundle `moduleUrl`, or `off` if it cannot be
 * written. Making a new one (a new build of brief, new packages) removes the folders of
 * other builds that no process has used for a week, so upgrades do not pile up caches.
 */
export function defaultChartCacheDir(moduleUrl: string, packageRoot: string, now = Date.now()): string {
  try {
    const parent = path.join(packageRoot, 'node_modules', '.cache', 'brief');
    const name = `charts-${installFingerprint(moduleUrl, packageRoot)}`;
    const dir = path.join(parent, name);
    if (!fs.existsSync(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      pruneOtherBuilds(parent, name, now);
    } else {
      fs.utimesSync(dir, now / 1000, now / 1000); // in use: not stale for another week
      sweepStaleEntries(dir, now);
      sweepStaleEntries(path.join(parent, 'code'), now);
    }
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch {
    return 'off';
  }
}

/** Remove the files (in `folder` and its subfolders) not written for STALE_ENTRY_MS, if no sweep ran in the last day. */
export function sweepStaleEntries(folder: string, now: number): void {
  const mark = path.join(folder, SWEPT_MARK);
  try {
    const last = fs.statSync(mark, { throwIfNoEntry: false })?.mtimeMs;
    if (last !== undefined && now - last < SWEEP_EVERY_MS) return;
    fs.writeFileSync(mark, '');
    fs.utimesSync(mark, now / 1000, now / 1000);
  } catch {
    return; // no folder, or one this process cannot write
  }
  const sweep = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 2) sweep(file, depth + 1);
        continue;
      }
      if (entry.name === SWEPT_MARK) continue;
      try {
        if (now - fs.statSync(file).mtimeMs > STALE_ENTRY_MS) fs.rmSync(file, { force: true });
      } catch {
        // removed by another process meanwhile
      }
    }
  };
  sweep(folder, 0);
}

function pruneOtherBuilds(parent: string, keep: string, now: number): void {
  for (const entry of fs.readdirSync(parent, { withFileTypes: true })) {
    if (!entry.isDirectory() || !/^charts-[0-9a-f]{16}$/.test(entry.name) || entry.name === keep) continue;
    const folder = path.join(parent, entry.name);
    try {
      if (now - fs.statSync(folder).mtimeMs > STALE_CACHE_MS) fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // another process removed or is using it: leave it
    }
  }
}
