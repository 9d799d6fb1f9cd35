import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { writeFileAtomic } from '../write/atomic.js';

const require = createRequire(import.meta.url);

let ajvVersion: string | undefined;
let cacheDir: string | undefined;

/**
 * A compiled Ajv validator, kept as standalone code in `node_modules/.cache/brief/` so
 * that later processes load it instead of compiling the schema again (compiling is the
 * slow part of Ajv: a quarter of a second for our schemas, seconds for Vega-Lite's). The
 * file name hashes `identity` (the schema and whatever shapes the compiled code) with
 * Ajv's version. Without a writable cache every process compiles.
 */
export function cachedValidator(name: string, identity: string, compile: () => { ajv: Ajv; validate: ValidateFunction }): ValidateFunction {
  if (!ajvVersion || !cacheDir) {
    const ajvDir = path.dirname(require.resolve('ajv/package.json'));
    ajvVersion = (JSON.parse(fs.readFileSync(path.join(ajvDir, 'package.json'), 'utf8')) as { version: string }).version;
    cacheDir = path.join(ajvDir, '..', '.cache', 'brief');
  }
  const key = createHash('sha256').update(identity).update(`:ajv@${ajvVersion}`).digest('hex').slice(0, 16);
  const cacheFile = path.join(cacheDir, `${name}-validator-${key}.cjs`);
  try {
    return require(cacheFile) as ValidateFunction;
  } catch {
    // not cached yet (or unreadable): compile below
  }
  const { ajv, validate } = compile();
  try {
    writeFileAtomic(cacheFile, standalone.default(ajv, validate));
  } catch {
    // a read-only install: every process compiles
  }
  return validate;
}
