import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { closest } from '../validate/suggest.js';
import { writeFileAtomic } from '../write/atomic.js';

export interface IconSet {
  /** SVG path data (24×24 view box) of an icon, or undefined when the name is unknown. */
  path(name: string): string | undefined;
  /** A near name for a likely typo. */
  suggest(name: string): string | undefined;
}

const require = createRequire(import.meta.url);

/**
 * Material Design Icons (Apache-2.0, npm `@mdi/js`), picked by their kebab-case names as
 * on materialdesignicons.com: `robot-industrial` → `mdiRobotIndustrial`. Loaded on first use.
 */
export function materialDesignIcons(): IconSet {
  const all = () => (allIcons ??= readIcons());
  const key = (name: string) => 'mdi' + name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  return {
    path: (name) => iconPath(key(name), all),
    suggest: (name) => {
      const names = [...all().keys()].map((k) => k.slice(3).replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Za-z])(\d)/g, '$1$2').toLowerCase());
      return closest(name, names);
    },
  };
}

/** Read once per process: the package's files do not change while it runs. */
let allIcons: Map<string, string> | undefined;

let keptDir: string | undefined;
/** The paths of the icons looked up before, and the file that keeps them; null: none kept. */
let kept: { file: string; paths: Map<string, string> } | null | undefined;

/**
 * Keep the paths of the icons a build uses in `cacheDir` (undefined: none kept). Reading
 * every icon costs a cold build about 15 ms and a 2.8 MB string; a brief uses a dozen, and
 * with them kept it reads the package only for an icon it has not used before (or to
 * suggest a name for one that does not exist).
 */
export function keepIconPathsIn(cacheDir: string | undefined): void {
  if (cacheDir === keptDir) return;
  keptDir = cacheDir;
  kept = undefined;
}

function iconPath(key: string, all: () => Map<string, string>): string | undefined {
  const store = keptPaths();
  const known = store?.paths.get(key);
  if (known !== undefined) return known;
  const found = all().get(key);
  if (found !== undefined && store) {
    store.paths.set(key, found);
    try {
      writeFileAtomic(store.file, JSON.stringify(Object.fromEntries(store.paths)), { durable: false });
    } catch {
      // a read-only cache: the next process reads the package again
    }
  }
  return found;
}

/** The kept paths, in a file named by the package file's path, size and time: another version of the icons, another file. */
function keptPaths(): { file: string; paths: Map<string, string> } | null {
  if (kept !== undefined) return kept;
  kept = null;
  if (!keptDir) return kept;
  try {
    const source = require.resolve('@mdi/js/mdi.js');
    const stat = fs.statSync(source);
    const stamp = createHash('sha256').update(`${source}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 16);
    const file = path.join(keptDir, `icons-${stamp}.json`);
    const paths = new Map<string, string>();
    try {
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      if (data && typeof data === 'object' && !Array.isArray(data)) {
        for (const [name, value] of Object.entries(data)) if (/^mdi\w+$/.test(name) && typeof value === 'string') paths.set(name, value);
      }
    } catch {
      // none kept yet, or a damaged file: start again
    }
    kept = { file, paths };
  } catch {
    kept = null;
  }
  return kept;
}

/**
 * All icons, name → path. The package's ES module is one `export var mdiName = "…";` line
 * per icon: reading those lines takes a tenth of the time of loading it as a module (7,000
 * exports). Should the format ever change, the module is loaded instead.
 */
function readIcons(): Map<string, string> {
  const icons = new Map<string, string>();
  try {
    const text = fs.readFileSync(require.resolve('@mdi/js/mdi.js'), 'utf8');
    for (const m of text.matchAll(/^export var (mdi\w+) = "([^"\\]*)";$/gm)) icons.set(m[1]!, m[2]!);
  } catch {
    icons.clear();
  }
  if (icons.size > 0) return icons;
  return new Map(Object.entries(require('@mdi/js') as Record<string, string>));
}

export function iconSvg(pathData: string, color: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"><path d="${pathData}" fill="${color}"/></svg>`;
}
