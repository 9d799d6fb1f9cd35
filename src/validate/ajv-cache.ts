import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { writeFileAtomic } from '../write/atomic.js';

const require = createRequire(import.meta.url);

let ajvVersion: string | undefined;
let cacheDir: string | undefined;

function locateCache(): { ajvVersion: string; cacheDir: string } {
  if (!ajvVersion || !cacheDir) {
    const ajvDir = path.dirname(require.resolve('ajv/package.json'));
    ajvVersion = (JSON.parse(fs.readFileSync(path.join(ajvDir, 'package.json'), 'utf8')) as { version: string }).version;
    cacheDir = path.join(ajvDir, '..', '.cache', 'brief');
  }
  return { ajvVersion, cacheDir };
}

/**
 * A compiled Ajv validator, kept as standalone code in `node_modules/.cache/brief/` so
 * that later processes load it instead of compiling the schema again (compiling is the
 * slow part of Ajv: a quarter of a second for our schemas, seconds for Vega-Lite's). The
 * file name hashes `identity` (the schema and whatever shapes the compiled code) with
 * Ajv's version. Without a writable cache every process compiles.
 */
export function cachedValidator(name: string, identity: string, compile: () => { ajv: Ajv; validate: ValidateFunction }): ValidateFunction {
  const { ajvVersion, cacheDir } = locateCache();
  const key = createHash('sha256').update(identity).update(`:ajv@${ajvVersion}`).digest('hex').slice(0, 16);
  const cacheFile = path.join(cacheDir, `${name}-validator-${key}.cjs`);
  try {
    const cached = require(cacheFile) as unknown;
    if (typeof cached === 'function') return cached as ValidateFunction;
  } catch {
    // not cached yet (or unreadable): compile below
  }
  const { ajv, validate } = compile();
  try {
    const standalone = require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv, validate: ValidateFunction) => string };
    writeFileAtomic(cacheFile, standalone.default(ajv, validate), { durable: false });
  } catch {
    // a read-only install: every process compiles
  }
  return validate;
}

/**
 * Whether `value` passes a validator, remembered across processes for values that pass:
 * a marker file named by the hash of `identity` (the schema, its version), Ajv's version
 * and the value's JSON. A value seen valid before is not validated again, and its
 * validator is not even loaded; `check` runs only for values not seen valid. A value's
 * JSON is a pure function of its parsed content, so a marker is never stale.
 */
export function rememberedValid(name: string, identity: string, value: unknown, check: () => boolean): boolean {
  const { ajvVersion, cacheDir } = locateCache();
  const key = createHash('sha256').update(identity).update(`:ajv@${ajvVersion}:`).update(JSON.stringify(value)).digest('hex').slice(0, 32);
  const marker = path.join(cacheDir, `${name}-valid`, key);
  if (fs.existsSync(marker)) return true;
  if (!check()) return false;
  try {
    writeFileAtomic(marker, '', { durable: false });
  } catch {
    // a read-only install: validated again next time
  }
  return true;
}
