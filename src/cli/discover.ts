import fs from 'node:fs';
import path from 'node:path';
import { BRIEF_FILE } from '../load/brief.js';
import { UsageError } from './io.js';

/** Folders under `content/` that hold a brief.yaml, sorted by name. */
export function discoverBriefs(projectRoot: string): string[] {
  const content = path.join(projectRoot, 'content');
  if (!fs.existsSync(content)) return [];
  return fs
    .readdirSync(content, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(content, e.name, BRIEF_FILE)))
    .map((e) => path.join(content, e.name))
    .sort();
}

/** A brief named on the command line: a folder, its brief.yaml, or a name under content/. */
export function resolveBriefArg(arg: string, cwd: string, projectRoot: string): string {
  const candidates = [path.resolve(cwd, arg), path.join(projectRoot, 'content', arg)];
  for (const c of candidates) {
    if (fs.existsSync(c) && fs.statSync(c).isFile() && path.basename(c) === BRIEF_FILE) return path.dirname(c);
    if (fs.existsSync(path.join(c, BRIEF_FILE))) return c;
  }
  const known = discoverBriefs(projectRoot).map((d) => path.basename(d));
  throw new UsageError(`no brief \`${arg}\`: expected a folder with ${BRIEF_FILE}${known.length ? ` (briefs: ${known.join(', ')})` : ''}`);
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
