import fs from 'node:fs';
import path from 'node:path';
import { LEAFLET_SET_FILE } from '../leaflet/set.js';
import { BRIEF_FILE } from '../load/brief.js';
import { UsageError } from './io.js';

/** The content files that make a folder buildable: a brief, or a leaflet set. */
const CONTENT_FILES = [BRIEF_FILE, LEAFLET_SET_FILE];

function isContentFolder(dir: string): boolean {
  return CONTENT_FILES.some((f) => fs.existsSync(path.join(dir, f)));
}

/** Folders under `content/` that hold a brief.yaml or a leaflets.yaml, sorted by name. */
export function discoverBriefs(projectRoot: string): string[] {
  const content = path.join(projectRoot, 'content');
  if (!fs.existsSync(content)) return [];
  return fs
    .readdirSync(content, { withFileTypes: true })
    .filter((e) => e.isDirectory() && isContentFolder(path.join(content, e.name)))
    .map((e) => path.join(content, e.name))
    .sort();
}

/** A brief or leaflet set named on the command line: a folder, its content file, or a name under content/. */
export function resolveBriefArg(arg: string, cwd: string, projectRoot: string): string {
  const candidates = [path.resolve(cwd, arg), path.join(projectRoot, 'content', arg)];
  for (const c of candidates) {
    if (fs.existsSync(c) && fs.statSync(c).isFile() && CONTENT_FILES.includes(path.basename(c))) return path.dirname(c);
    if (isContentFolder(c)) return c;
  }
  const known = discoverBriefs(projectRoot).map((d) => path.basename(d));
  throw new UsageError(`no brief \`${arg}\`: expected a folder with ${BRIEF_FILE} or ${LEAFLET_SET_FILE}${known.length ? ` (briefs: ${known.join(', ')})` : ''}`);
}

/** The project root: the nearest folder upwards holding content/ or templates/. */
export function findProjectRootFrom(cwd: string): string {
  let dir = path.resolve(cwd);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'content')) || fs.existsSync(path.join(dir, 'templates'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(cwd);
    dir = up;
  }
}
