import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

/**
 * CommonJS files of brief's own build run with V8's code cache, kept beside each as
 * `FILE.v8` (node:vm's `cachedData`). Vega-Lite's schema validator is 6 MB of generated
 * code: compiling it and the functions a validation calls took a build 100 ms, 40 ms
 * with the cache. The cache is written when brief is built, after the code has run on
 * sample input (so that the functions it compiled lazily are in it too), headed by the
 * SHA-256 of the source it was made from: V8 itself checks a cache against its version
 * and flags, but against the source's length only, and would run the bytecode of an old
 * source of the same length. A cache of other bytes is not used, and one V8 turns down
 * is compiled as without one: a cache can cost time, never change what runs.
 */

/** Where the code cache of `file` is kept. */
export function codeCacheFile(file: string): string {
  return `${file}.v8`;
}

interface Loaded {
  exports: unknown;
  script: vm.Script;
  /** Whether V8 turned down the cache (another V8, other flags); undefined when none was given. */
  rejected: boolean | undefined;
}

const HEADER = 'brief-code-cache 1 ';

function sourceHash(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function load(file: string, bytes: Buffer, cachedData: Buffer | undefined): Loaded {
  const source = bytes.toString('utf8');
  // the wrapper Node gives a CommonJS module
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, rejected: cachedData ? script.cachedDataRejected === true : undefined };
}

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
  // the cache of these very bytes, or none
  const header = `${HEADER}${sourceHash(bytes)}\n`;
  const matches = kept !== undefined && kept.subarray(0, header.length).toString('latin1') === header;
  const { exports, rejected } = load(file, bytes, matches ? kept!.subarray(header.length) : undefined);
  return { exports, rejected: kept === undefined ? undefined : matches ? rejected : true };
}

/** Run `file` (its exports given to `warm`, to compile what a use of it compiles) and write its code cache. */
export async function writeCodeCache(file: string, warm: (exports: unknown) => void | Promise<void>): Promise<void> {
  const bytes = fs.readFileSync(file);
  const { exports, script } = load(file, bytes, undefined);
  await warm(exports);
  const target = codeCacheFile(file);
  const temp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temp, Buffer.concat([Buffer.from(`${HEADER}${sourceHash(bytes)}\n`, 'latin1'), script.createCachedData()]));
  fs.renameSync(temp, target);
}

/**
 * A package bundled by scripts/build.mjs into `dist/NAME.cjs` (with its code cache), for
 * a module of `dist/` whose `import.meta.url` is `moduleUrl`; undefined when running from
 * src/ or without the bundle: the caller loads the package itself.
 */
export function builtBundle(name: string, moduleUrl: string): string | undefined {
  const here = new URL('.', moduleUrl);
  if (here.protocol !== 'file:' || path.basename(fileURLToPath(here)) !== 'dist') return undefined;
  const bundle = path.join(fileURLToPath(here), `${name}.cjs`);
  return fs.existsSync(bundle) ? bundle : undefined;
}
