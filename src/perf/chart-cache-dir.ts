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

/** The CLI's default folder for the running bundle `moduleUrl`, or `off` if it cannot be written. */
export function defaultChartCacheDir(moduleUrl: string, packageRoot: string): string {
  try {
    const dir = path.join(packageRoot, 'node_modules', '.cache', 'brief', `charts-${installFingerprint(moduleUrl, packageRoot)}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
    return dir;
  } catch {
    return 'off';
  }
}
