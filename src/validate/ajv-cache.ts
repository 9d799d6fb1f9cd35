import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { requireCached } from './code-cache.js';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { findProjectRoot } from '../chart/project-root.js';
import { processStore } from '../store/process-store.js';
import { storeKey } from '../store/store.js';

const require = createRequire(import.meta.url);

/** A validator to compile: its name, what it is compiled from (the schema and its options), and how. */
export interface ValidatorSource {
  name: string;
  identity(): string;
  compile(): { ajv: Ajv; validate: ValidateFunction };
}

/** Where `scripts/build.mjs` writes the validators it compiles, beside the CLI's bundle. */
export function builtValidatorsDir(): string {
  return path.join(findProjectRoot(), 'dist', 'validators');
}

/**
 * How a validator's standalone code is finished before it is written (esbuild's transform
 * options, which `scripts/build.mjs` runs it with): minified, the parts of the schema its
 * code never reads dropped, pure ASCII. Part of its file's name, so that finishing it
 * otherwise writes every file again.
 */
export const BUILT_VALIDATOR_FORM = { minify: true, treeShaking: true, format: 'cjs', platform: 'node', target: 'node20', charset: 'ascii' } as const;

/** The file of a validator compiled at build time: named by its name and the hash of its identity and form. */
export function builtValidatorFile(name: string, identity: string): string {
  const hash = createHash('sha256').update(JSON.stringify(BUILT_VALIDATOR_FORM)).update('\0').update(identity).digest('hex');
  return path.join(builtValidatorsDir(), `${name}-${hash.slice(0, 16)}.cjs`);
}

/**
 * A compiled Ajv validator (compiling is the slow part of Ajv: a quarter of a second for
 * our schemas, seconds and hundreds of MB for Vega-Lite's):
 *
 * 1. compiled when brief was built, as Ajv's standalone code in `dist/validators/`,
 *    named by the hash of what it was compiled from, so a schema changed since is not
 *    answered by an old validator;
 * 2. else kept in the store (brief run from its sources without a build): checked
 *    against its bytes before it is run;
 * 3. else compiled now, and kept.
 */
export function cachedValidator(source: ValidatorSource): ValidateFunction {
  const { name, compile } = source;
  const identity = source.identity();
  const built = builtValidatorFile(name, identity);
  if (fs.existsSync(built)) {
    const validate = requireCached(built).exports;
    if (typeof validate === 'function') return validate as ValidateFunction;
  }
  const store = processStore();
  const key = storeKey('ajv standalone validator', name, identity);
  const kept = store.get('validator', key);
  if (kept) {
    const validate = evaluate(kept.toString('utf8'));
    if (validate) return validate;
  }
  const { ajv, validate } = compile();
  if (store.dir !== undefined) store.put('validator', key, standaloneCode(ajv, validate));
  return validate;
}

/** A compiled validator as a CommonJS module whose export is the validator (Ajv's standalone code). */
export function standaloneCode(ajv: Ajv, validate: ValidateFunction): string {
  const standalone = require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv, validate: ValidateFunction) => string };
  return standalone.default(ajv, validate);
}

/** Standalone code is a CommonJS module whose export is the validator; it requires Ajv's runtime helpers. */
function evaluate(code: string): ValidateFunction | undefined {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', 'require', code)(module, module.exports, require);
  return typeof module.exports === 'function' ? (module.exports as ValidateFunction) : undefined;
}

/**
 * Whether `value` passes a validator, remembered across processes for values that pass:
 * an empty store entry keyed by `identity` (the schema, its version) and the value's JSON.
 * A value seen valid before is not validated again, and its validator is not even loaded;
 * `check` runs only for values not seen valid. A value's JSON is a pure function of its
 * parsed content, so a verdict is never stale.
 */
export function rememberedValid(name: string, identity: string, value: unknown, check: () => boolean): boolean {
  const store = processStore();
  const key = storeKey('valid', name, identity, JSON.stringify(value));
  if (store.get('valid', key)) return true;
  if (!check()) return false;
  store.put('valid', key, 'valid');
  return true;
}
