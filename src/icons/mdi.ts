import { createRequire } from 'node:module';
import { closest } from '../validate/suggest.js';

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
  let icons: Record<string, string> | undefined;
  const all = () => (icons ??= require('@mdi/js') as Record<string, string>);
  const key = (name: string) => 'mdi' + name.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  return {
    path: (name) => {
      const k = key(name);
      return Object.prototype.hasOwnProperty.call(all(), k) ? all()[k] : undefined;
    },
    suggest: (name) => {
      const names = Object.keys(all()).map((k) => k.slice(3).replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Za-z])(\d)/g, '$1$2').toLowerCase());
      return closest(name, names);
    },
  };
}

export function iconSvg(pathData: string, color: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24"><path d="${pathData}" fill="${color}"/></svg>`;
}
