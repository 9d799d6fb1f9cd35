import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

/**
 * CommonJS files of brief's own build run with V8's code cache, kept beside each as
 * `FILE.v8` (node:vm's `cachedData`): the bundles of Vega, of the YAML parser and of
 * pdfmake's layout, and the schema validators (Vega-Lite's is 6 MB of generated code).
 * Compiling them, and the functions a build calls, was a fifth of a cold build's time.
 *
 * The caches are written when brief is built: scripts/build.mjs builds a brief of the
 * project once in a process with `BRIEF_CODE_CACHE=write`, which writes, as it ends, the
 * cache of every file it ran, the functions the build compiled included. Each cache is
 * headed by the SHA-256 of the source it was made from: V8 checks a cache against its
 * version and flags, but against the source's length only, and would run the bytecode of
 * an old source of the same length. A cache of other bytes is not used, and one V8 turns
 * down is compiled as without one: a cache can cost time, never change what runs.
 *
 * A file run here has no dynamic `import()`: Node 20 loses the import callback of a script
 * compiled from a code cache, and the import fails (test/validate/code-cache.test.ts
 * checks the bundles).
 */

/** Set to `write` in the build that writes the caches. */
export const CODE_CACHE_ENV = 'BRIEF_CODE_CACHE';

/** Where the code cache of `file` is kept. */
export function codeCacheFile(file: string): string {
  return `${file}.v8`;
}

const HEADER = 'brief-code-cache 1 ';

const headerOf = (bytes: Buffer) => `${HEADER}${createHash('sha256').update(bytes).digest('hex')}\n`;

/** The files this process ran, to write their caches as it ends (with `BRIEF_CODE_CACHE=write`). */
const ran = new Map<string, { bytes: Buffer; script: vm.Script }>();

/**
 * `require(file)`, compiled with the file's code cache when it has one of its bytes that
 * V8 takes. `rejected`: a cache was there and not used; undefined when there was none.
 */
export function requireCached(file: string): { exports: unknown; rejected: boolean | undefined } {
  const bytes = fs.readFileSync(file);
  let kept: Buffer | undefined;
  try {
    kept = fs.readFileSync(codeCacheFile(file));
  } catch {
    // none: compiled as by require
  }
  const header = headerOf(bytes);
  const matches = kept !== undefined && kept.subarray(0, header.length).toString('latin1') === header;
  // the wrapper Node gives a CommonJS module
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, {
    filename: file,
    ...(matches ? { cachedData: kept!.subarray(header.length) } : {}),
  });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  if (process.env[CODE_CACHE_ENV] === 'write') {
    if (ran.size === 0) process.once('exit', writeCodeCaches);
    ran.set(file, { bytes, script });
  }
  return { exports: module.exports, rejected: kept === undefined ? undefined : matches ? script.cachedDataRejected === true : true };
}

/** Write the cache of every file this process ran with requireCached, with what it compiled so far. */
export function writeCodeCaches(): void {
  for (const [file, { bytes, script }] of ran) {
    const target = codeCacheFile(file);
    const temp = `${target}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, Buffer.concat([Buffer.from(headerOf(bytes), 'latin1'), script.createCachedData()]));
      fs.renameSync(temp, target);
    } catch {
      // a cache not written costs time, nothing else
      fs.rmSync(temp, { force: true });
    }
  }
  ran.clear();
}

/**
 * A package bundled by scripts/build.mjs into `dist/NAME.cjs` (with its code cache), for
 * a module of `dist/` whose `import.meta.url` is `moduleUrl`; undefined when running from
 * src/ or without the bundle: the caller loads the package itself.
 */
function builtBundle(name: string, moduleUrl: string): string | undefined {
  const here = new URL('.', moduleUrl);
  if (here.protocol !== 'file:' || path.basename(fileURLToPath(here)) !== 'dist') return undefined;
  const bundle = path.join(fileURLToPath(here), `${name}.cjs`);
  return fs.existsSync(bundle) ? bundle : undefined;
}

/** The exports of each bundle of dist/ run so far (undefined: there is none), by name. */
const bundles = new Map<string, unknown>();

/**
 * The exports of the package bundled into `dist/NAME.cjs` (builtBundle), run once per
 * process with its code cache; undefined when running from src/ or without the bundle:
 * the caller loads the package itself.
 */
export function bundleExports<T>(name: string, moduleUrl: string): T | undefined {
  if (!bundles.has(name)) {
    const file = builtBundle(name, moduleUrl);
    bundles.set(name, file ? requireCached(file).exports : undefined);
  }
  return bundles.get(name) as T | undefined;
}
