import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createHash } from 'node:crypto';
import Module from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * V8's compiled code for the CommonJS packages brief loads (pdfmake, pdfkit, fontkit,
 * Handlebars…), kept between processes: a cold build otherwise spends a fifth of its time
 * parsing and compiling the same JavaScript again.
 *
 * Node 22 does this itself (`module.enableCompileCache`), and is used when present. On
 * Node 20, CommonJS modules under `node_modules` are compiled through `vm.Script` with
 * the code cache a previous process wrote for the same file (path, size and mtime; V8
 * also refuses data made for another source, V8 version or flags, and the module is then
 * compiled as usual). The cache is written by `saveCompileCache()`, after the work, so it
 * holds the functions that work compiled, not just the modules' top levels. It lives in
 * `node_modules/.cache/brief/`, and a cache that cannot be read or written is no cache.
 */

/** A module compiled without a usable cache: its code is written by saveCompileCache. */
interface Compiled {
  script: vm.Script;
  file: string;
}

type CompileFn = (this: NodeModule, content: string, filename: string) => unknown;

interface ModuleInternals {
  prototype: { _compile: CompileFn };
  wrap(content: string): string;
  _resolveFilename(request: string, parent: NodeModule, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths?(request: string, parent: NodeModule): string[] | null;
  _extensions: unknown;
  _cache: unknown;
  enableCompileCache?(dir?: string): unknown;
}

const pending: Compiled[] = [];
let enabled = false;
const stats = { fromCache: 0, compiled: 0 };

/** Modules this process ran from the cache and compiled afresh (Node 20 path only). */
export function compileCacheStats(): { fromCache: number; compiled: number } {
  return { ...stats };
}

/** Start using (and filling) the code cache in `dir`, for modules loaded after this call. */
export function enableCompileCache(dir: string): void {
  if (enabled || process.env.BRIEF_COMPILE_CACHE === 'off') return;
  enabled = true;
  const M = Module as unknown as ModuleInternals;
  if (typeof M.enableCompileCache === 'function') {
    M.enableCompileCache(dir);
    return;
  }
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    return;
  }
  const compile = M.prototype._compile;
  const importer = (vm.constants as unknown as { USE_MAIN_CONTEXT_DEFAULT_LOADER?: unknown } | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  M.prototype._compile = function (this: NodeModule, content: string, filename: string) {
    if (!filename.includes(`${path.sep}node_modules${path.sep}`) || !/\.c?js$/.test(filename)) return compile.call(this, content, filename);
    const stat = fs.statSync(filename, { throwIfNoEntry: false });
    if (!stat) return compile.call(this, content, filename);
    const key = createHash('sha1').update(`${filename}\0${stat.size}\0${stat.mtimeMs}\0${process.version}`).digest('hex');
    const file = path.join(dir, `${key}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(M.wrap(content.startsWith('#!') ? `//${content.slice(2)}` : content), {
      filename,
      ...(cachedData ? { cachedData } : {}),
      ...(importer ? { importModuleDynamically: importer as never } : {}),
    });
    const fromCache = cachedData !== undefined && !script.cachedDataRejected;
    stats[fromCache ? 'fromCache' : 'compiled']++;
    if (!fromCache) pending.push({ script, file });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, requireFor(this, M), this, filename, path.dirname(filename));
  };
}

/** Write the code of modules compiled without a cache in this process (call after the work). */
export function saveCompileCache(): void {
  const M = Module as unknown as { flushCompileCache?(): void };
  if (typeof M.flushCompileCache === 'function') {
    M.flushCompileCache();
    return;
  }
  for (const { script, file } of pending.splice(0)) {
    try {
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, script.createCachedData());
      fs.renameSync(temp, file);
    } catch {
      // a read-only cache: compiled again next time
    }
  }
}

/** The `require` a CommonJS module gets, as Node makes it. */
function requireFor(mod: NodeModule, M: ModuleInternals): NodeJS.Require {
  const require = ((id: string) => mod.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) => M._resolveFilename(request, mod, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => M._resolveLookupPaths?.(request, mod) ?? null;
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = M._extensions as NodeJS.Require['extensions'];
  require.cache = M._cache as NodeJS.Require['cache'];
  return require;
}

/** `node_modules/.cache/brief/code/` of the install that `moduleUrl` (a bundle in dist/) belongs to. */
export function defaultCompileCacheDir(moduleUrl: string): string {
  const distDir = path.dirname(fileURLToPath(moduleUrl));
  return path.join(distDir, '..', 'node_modules', '.cache', 'brief', 'code');
}
