import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { processStore } from '../store/process-store.js';
import { storeKey } from '../store/store.js';

const require = createRequire(import.meta.url);

/**
 * A compiled Ajv validator, kept in the store as Ajv's standalone code so that later
 * processes load it instead of compiling the schema again (compiling is the slow part of
 * Ajv: a quarter of a second for our schemas, seconds for Vega-Lite's). The key hashes
 * `identity` (the schema and whatever shapes the compiled code); the store's keys also
 * change with Ajv's version and brief's code. The store checks the code's bytes before
 * it is run; without a store every process compiles.
 */
export function cachedValidator(name: string, identity: string, compile: () => { ajv: Ajv; validate: ValidateFunction }): ValidateFunction {
  const store = processStore();
  const key = storeKey('ajv standalone validator', name, identity);
  const kept = store.get('validator', key);
  if (kept) {
    const validate = evaluate(kept.toString('utf8'));
    if (validate) return validate;
  }
  const { ajv, validate } = compile();
  if (store.dir !== undefined) {
    const standalone = require('ajv/dist/standalone/index.js') as { default: (ajv: Ajv, validate: ValidateFunction) => string };
    store.put('validator', key, standalone.default(ajv, validate));
  }
  return validate;
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
