import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const versions = new Map<string, string>();

/**
 * The version of an installed package, read from its package.json without loading the
 * package ('unknown' when it cannot be found). Cache entries made by a package put its
 * version in their key: a cache folder named by `BRIEF_CHART_CACHE` outlives upgrades.
 */
export function packageVersion(name: string): string {
  let version = versions.get(name);
  if (version === undefined) {
    version = 'unknown';
    try {
      // the package's entry file, then up to the package.json that names the package
      let dir = path.dirname(require.resolve(name));
      for (let i = 0; i < 8; i++) {
        const file = path.join(dir, 'package.json');
        if (fs.existsSync(file)) {
          const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
          if (data.name === name && typeof data.version === 'string') {
            version = data.version;
            break;
          }
        }
        dir = path.dirname(dir);
      }
    } catch {
      // not installed as expected: 'unknown'
    }
    versions.set(name, version);
  }
  return version;
}
