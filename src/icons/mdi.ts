import fs from 'node:fs';
import { createRequire } from 'node:module';
import { closest } from '../validate/suggest.js';
import { storeKey, type Store } from '../store/store.js';

export interface IconSet {
  /** SVG path data (24×24 view box) of an icon, or undefined when the name is unknown. */
  path(name: string): string | undefined;
  /** A near name for a likely typo. */
  suggest(name: string): string | undefined;
}

const require = createRequire(import.meta.url);

/** Every icon, read once per process: the installed package does not change while it runs. */
let allIcons: Map<string, string> | undefined;

/**
 * Material Design Icons (Apache-2.0, npm `@mdi/js`), picked by their kebab-case names as
 * on materialdesignicons.com: `robot-industrial` → `mdiRobotIndustrial`. Reading every
 * icon costs a build about 15 ms and a 2.8 MB string while a brief uses a dozen: the
 * paths looked up are kept in the store (whose keys change with the package's version),
 * and the package is read only for an icon not looked up before, or to suggest a name.
 */
export function materialDesignIcons(store?: Store): IconSet {
  const all = () => (allIcons ??= readIcons());
  const key = (name: string) => 'mdi' + name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  return {
    path(name) {
      const id = key(name);
      const storeAt = storeKey('mdi icon path', id);
      const kept = store?.get('icon', storeAt);
      if (kept) return kept.toString('utf8');
      const found = all().get(id);
      if (found !== undefined) store?.put('icon', storeAt, found);
      return found;
    },
    suggest: (name) => {
      const names = [...all().keys()].map((k) => k.slice(3).replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Za-z])(\d)/g, '$1$2').toLowerCase());
      return closest(name, names);
    },
  };
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
