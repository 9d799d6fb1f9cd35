import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** brief's own install, found once per process: it does not move while the process runs. */
let ownRoot: string | undefined;

/** The folder holding brief's own package.json, found by walking up from this module (or from `from`). */
export function findProjectRoot(from?: string): string {
  if (from === undefined) return (ownRoot ??= walkUp(fileURLToPath(import.meta.url)));
  return walkUp(from);
}

function walkUp(from: string): string {
  let dir = path.dirname(from);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'brief') return dir;
      } catch {
        // an unreadable manifest is not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json named "brief" above ${from}`);
    dir = parent;
  }
}
