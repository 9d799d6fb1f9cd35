import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { diagnostic, UserError } from '../diagnostics/diagnostic.js';
import { decodeText } from './decode.js';

/** No file a brief names is read past this size: YAML, CSV and JSON have tighter limits of their own. */
export const FILE_LIMITS = { maxBytes: 32 * 1024 * 1024 };

/**
 * Why a file of a brief may not be read, if it may not: it resolves (through symlinks)
 * outside the project root, or it is too large to hold in memory. Missing or unreadable
 * files are left to the read itself. Without a root, only the size is checked.
 */
export function refuseFile(file: string, projectRoot: string | undefined, rootName = 'the project'): { rule: string; message: string; hint?: string } | undefined {
  let real: string;
  let root: string | undefined;
  try {
    real = fs.realpathSync(file);
    root = projectRoot === undefined ? undefined : fs.realpathSync(projectRoot);
  } catch {
    return undefined;
  }
  if (root !== undefined && real !== root && !real.startsWith(root + path.sep)) {
    return { rule: 'outside-project', message: `the file leads outside ${rootName} (to ${real})`, hint: 'copy the file into the brief\'s folder instead of linking to it' };
  }
  const stat = fs.statSync(real);
  if (stat.isFile() && stat.size > FILE_LIMITS.maxBytes) {
    return { rule: 'file-too-large', message: `file is ${stat.size} bytes; at most ${FILE_LIMITS.maxBytes} are read`, hint: 'aggregate the data before it goes into a brief' };
  }
  return undefined;
}

/**
 * The files of one project as a load reads them: every read goes through `refuseFile`, and
 * a refusal or a failed read is a `UserError` at the file, never a stack. The SHA-256 of
 * each file read is kept, for the manifest and for caches keyed by content. Files a user
 * names on the command line are not `confined` to the project: only their size is checked.
 */
export interface ProjectFiles {
  projectRoot: string;
  /** A path as messages print it: relative to the project root. */
  rel(file: string): string;
  /** The file's text, which must be UTF-8 (see `decodeText`). */
  read(file: string): string;
  /** The file's bytes (an image's). */
  bytes(file: string): Buffer;
  /** Relative path → SHA-256 of the bytes read. */
  hashes: Map<string, string>;
}

export function projectFiles(projectRoot: string, options: { confined?: boolean } = {}): ProjectFiles {
  return filesConfinedTo(projectRoot, options.confined === false ? undefined : { root: projectRoot, name: 'the project' });
}

/**
 * The files of a content folder `dir`: those of its project when it lies inside it; else
 * (a brief folder named on the command line from elsewhere) those of the folder itself,
 * which its files may not lead out of, named by their path from the project.
 */
export function contentFiles(dir: string, projectRoot: string): ProjectFiles {
  return filesConfinedTo(projectRoot, isInside(dir, projectRoot) ? { root: projectRoot, name: 'the project' } : { root: dir, name: "the brief's folder" });
}

/** Whether `file` is `dir` or under it, symlinks resolved. */
export function isInside(file: string, dir: string): boolean {
  try {
    const real = fs.realpathSync(file);
    const root = fs.realpathSync(dir);
    return real === root || real.startsWith(root + path.sep);
  } catch {
    return false;
  }
}

function filesConfinedTo(projectRoot: string, confinedTo: { root: string; name: string } | undefined): ProjectFiles {
  const hashes = new Map<string, string>();
  const rel = (file: string) => path.relative(projectRoot, file) || file;
  const files: ProjectFiles = {
    projectRoot,
    rel,
    hashes,
    read: (file) => decodeText(files.bytes(file), rel(file)),
    bytes(file) {
      const at = { file: rel(file), line: 0, column: 0 };
      // nothing outside the project (a symlinked data file), nothing too big to hold
      const refused = refuseFile(file, confinedTo?.root, confinedTo?.name);
      if (refused) throw new UserError(diagnostic(at, refused.rule, refused.message, { hint: refused.hint }));
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(file);
      } catch (error) {
        throw new UserError(diagnostic(at, 'unreadable', `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
      }
      hashes.set(rel(file), createHash('sha256').update(bytes).digest('hex'));
      return bytes;
    },
  };
  return files;
}

/**
 * The files of a content folder's `dir` whose names match: plain files and symlinks (a
 * symlink is read through `refuseFile`, which refuses one that leads out of the project).
 */
export function listContentFiles(dir: string, pattern: RegExp): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && pattern.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}
