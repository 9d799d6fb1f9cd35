import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedJson } from '../load/json.js';
import { cachedValidator, rememberedValid, type ValidatorSource } from './ajv-cache.js';
import { closest } from './suggest.js';
import { describeValue, formatPath, pointerToPath, valueAt } from './validate.js';

const require = createRequire(import.meta.url);

/** Bump when the relaxations below change: cached validators then miss. */
const RELAXATIONS = 'fit-geometry-1';

interface RawSchema {
  definitions: Record<string, { anyOf?: unknown[]; properties?: Record<string, unknown> }>;
}

let validator: ValidateFunction | undefined;
let raw: RawSchema | undefined;
let knownKeys: Set<string> | undefined;

function rawSchema(): RawSchema {
  if (!raw) {
    raw = JSON.parse(fs.readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')) as RawSchema;
    const fit = raw.definitions.Fit;
    if (fit?.anyOf && raw.definitions.Geometry) fit.anyOf.push({ $ref: '#/definitions/Geometry' });
  }
  return raw;
}

/**
 * Vega-Lite's own published JSON Schema (draft-07), with two relaxations where the schema
 * is stricter than the compiler, for idioms briefs use: an encoding channel set to `null`
 * (drops a channel a layer inherits; see `relaxed`) and a projection fitted to any GeoJSON
 * geometry (Vega accepts one; the schema lists only features).
 *
 * Compiling the schema takes seconds, validating a spec milliseconds: the validator is
 * compiled when brief is built (see ajv-cache), named by the schema and the relaxations.
 */
function vegaLiteValidator(): ValidateFunction {
  validator ??= cachedValidator(vegaLiteValidatorSource());
  return validator;
}

/**
 * Each of the schema's definitions its own function (`inlineRefs: false`), not copied into
 * every place that uses it: the compiled validator is 6.3 MB instead of 8.1, loads in about
 * three quarters of the time and checks a first spec faster.
 */
const VEGA_LITE_AJV_OPTIONS = { allErrors: true, strict: false, logger: false, validateFormats: false, inlineRefs: false, code: { source: true } } as const;

/** How the Vega-Lite validator is made, and what from: the schema's text and our relaxations. */
export function vegaLiteValidatorSource(): ValidatorSource {
  return {
    name: 'vega-lite',
    identity: () => `${fs.readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8')}:${RELAXATIONS}:${JSON.stringify(VEGA_LITE_AJV_OPTIONS)}`,
    compile: () => {
      const { Ajv: AjvClass } = require('ajv') as { Ajv: typeof Ajv }; // loaded only to compile
      const ajv = new AjvClass(VEGA_LITE_AJV_OPTIONS);
      return { ajv, validate: ajv.compile(rawSchema()) };
    },
  };
}

/**
 * Check a chart spec against Vega-Lite's schema; each problem placed at its line:col.
 * A spec that passed before (same content, same Vega-Lite) is not checked again: loading
 * the validator is most of a cold build's checking time.
 */
export function validateVegaLite(json: LoadedJson): Diagnostic[] {
  const spec = relaxed(json.value);
  let validate: ValidateFunction | undefined;
  if (rememberedValid('vega-lite', validatorIdentity(), spec, () => (validate = vegaLiteValidator())(spec))) return [];
  return reduceErrors(validate?.errors ?? [], vegaLiteKeys()).map((group) => describe(group, json));
}

let identity: string | undefined;

/** What a verdict depends on besides the spec: Vega-Lite's version and our relaxations. */
function validatorIdentity(): string {
  if (!identity) {
    // the package's exports do not include its package.json: find it above the schema
    let dir = path.dirname(require.resolve('vega-lite/vega-lite-schema.json'));
    while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string };
    identity = `vega-lite@${version}:${RELAXATIONS}`;
  }
  return identity;
}

/** A copy of the spec without `null` encoding channels, which the compiler accepts. */
function relaxed(spec: unknown): unknown {
  const walk = (v: unknown, inEncoding: boolean): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, false));
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, child] of Object.entries(v)) {
      if (inEncoding && child === null) continue;
      Object.defineProperty(out, k, { value: walk(child, k === 'encoding'), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  return walk(spec, false);
}

/** Every property name the schema knows anywhere: a key outside it is a typo, not a wrong branch. */
function vegaLiteKeys(): Set<string> {
  if (knownKeys) return knownKeys;
  const keys = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      const props = (v as { properties?: unknown }).properties;
      if (props !== null && typeof props === 'object' && !Array.isArray(props)) for (const k of Object.keys(props)) keys.add(k);
      Object.values(v).forEach(visit);
    }
  };
  visit(rawSchema());
  knownKeys = keys;
  return keys;
}

/**
 * Keys that could stand where a misspelt one does: those of every schema object that
 * allows all the object's other keys (Ajv's error paths are relative to a `$ref`, so the
 * failing definition cannot be looked up directly).
 */
function keysBeside(object: unknown, typo: string): string[] {
  const present = object !== null && typeof object === 'object' ? Object.keys(object).filter((k) => k !== typo && vegaLiteKeys().has(k)) : [];
  const allowed = new Set<string>();
  for (const def of Object.values(rawSchema().definitions)) {
    const props = def.properties;
    if (props && present.every((k) => Object.prototype.hasOwnProperty.call(props, k))) for (const k of Object.keys(props)) allowed.add(k);
  }
  return [...allowed];
}

const WRAPPERS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'not']);

/**
 * Vega-Lite's schema is an `anyOf` of spec kinds, channel definitions and so on, so one
 * mistake comes back as dozens of errors, one per branch that did not match. Keep what a
 * person would say: a key no branch knows (a typo); else the errors at the deepest place,
 * values before missing or extra keys. Errors at one place are merged into one message.
 */
function reduceErrors(errors: ErrorObject[], knownKeys: Set<string>): ErrorObject[][] {
  const real = errors.filter((e) => !WRAPPERS.has(e.keyword));
  const extra = (e: ErrorObject) => String((e.params as { additionalProperty?: unknown }).additionalProperty);
  const typos = real.filter((e) => e.keyword === 'additionalProperties' && !knownKeys.has(extra(e)));
  if (typos.length > 0) {
    // one message per misspelt key; its siblings' errors say which keys each branch allows
    const seen = new Set<string>();
    return typos
      .filter((t) => !seen.has(`${t.instancePath}/${extra(t)}`) && seen.add(`${t.instancePath}/${extra(t)}`))
      .map((t) => [t, ...real.filter((o) => o !== t && o.keyword === 'additionalProperties' && o.instancePath === t.instancePath)]);
  }
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length - 1);
  const rank = (e: ErrorObject) => (e.keyword === 'additionalProperties' ? 3 : e.keyword === 'required' ? 2 : e.keyword === 'enum' || e.keyword === 'const' || e.keyword === 'type' ? 0 : 1);
  const candidates = real.filter((e) => e.keyword !== 'additionalProperties');
  const pool = candidates.length > 0 ? candidates : real;
  if (pool.length === 0) return [];
  const deepest = Math.max(...pool.map(depth));
  const atDeepest = pool.filter((e) => depth(e) === deepest);
  const best = Math.min(...atDeepest.map(rank));
  const chosen = atDeepest.filter((e) => rank(e) === best);
  const byPath = new Map<string, ErrorObject[]>();
  for (const e of chosen) byPath.set(e.instancePath, [...(byPath.get(e.instancePath) ?? []), e]);
  return [...byPath.values()].slice(0, 2);
}

function describe(group: ErrorObject[], json: LoadedJson): Diagnostic {
  const first = group[0]!;
  const path = pointerToPath(first.instancePath);
  const where = path.length === 0 ? 'the spec' : `\`${formatPath(path)}\``;
  const found = valueAt(json.value, path);
  switch (first.keyword) {
    case 'additionalProperties': {
      const key = String((first.params as { additionalProperty: unknown }).additionalProperty);
      const near = closest(key, keysBeside(found, key));
      return json.diagnose([...path, key], 'chart-unknown-key', `unknown property \`${key}\` in ${where}: Vega-Lite has no such property here`, near ? `did you mean \`${near}\`?` : undefined, 'key');
    }
    case 'required': {
      const missing = [...new Set(group.map((e) => String((e.params as { missingProperty: unknown }).missingProperty)))];
      const list = missing.map((m) => `\`${m}\``);
      const others = list.slice(1).join(', ');
      return json.diagnose(path, 'chart-missing-key', `${where} is missing the required property ${list[0]}${others ? ` (other kinds of view need one of ${others} instead)` : ''}`);
    }
    case 'enum':
    case 'const':
    case 'type': {
      const values: string[] = [];
      const types: string[] = [];
      for (const e of group) {
        const p = e.params as { allowedValues?: unknown[]; allowedValue?: unknown; type?: string | string[] };
        if (e.keyword === 'enum') values.push(...(p.allowedValues ?? []).map(show));
        else if (e.keyword === 'const') values.push(show(p.allowedValue));
        else types.push(...[p.type ?? []].flat());
      }
      const uniqueValues = [...new Set(values)];
      const shown = uniqueValues.length > 12 ? [...uniqueValues.slice(0, 12).map((v) => `\`${v}\``), '…'] : uniqueValues.map((v) => `\`${v}\``);
      const alternatives = [...[...new Set(types)].map((t) => `${/^[aeiou]/.test(t) ? 'an' : 'a'} ${t}`), ...(shown.length === 1 ? shown : shown.length ? [`one of ${shown.join(', ')}`] : [])];
      const said = alternatives.length > 1 ? `${alternatives.slice(0, -1).join(', ')} or ${alternatives[alternatives.length - 1]}` : alternatives[0];
      const near = typeof found === 'string' ? closest(found, uniqueValues) : undefined;
      return json.diagnose(path, 'chart-invalid-value', `${where} must be ${said}, found ${describeValue(found)}`, near ? `did you mean \`${near}\`?` : undefined);
    }
    default:
      return json.diagnose(path, 'chart-invalid-value', `${where} ${first.message ?? 'is not valid'}, found ${describeValue(found)}`);
  }
}

/** A schema value as written in a spec, without JSON quotes around strings. */
function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
