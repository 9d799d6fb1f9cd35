import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../write/atomic.js';
import { packageVersion } from './package-version.js';
import { createSizedCache } from './sized-cache.js';

/**
 * The values of YAML files that parsed cleanly, kept by the hash of their text, in this
 * process and (after `keepYamlValuesIn`) on disk between processes. A cold build then
 * reads a brief, its theme and its data descriptors with `JSON.parse`, and never loads
 * the YAML parser unless something has changed or an error must be placed in a file.
 *
 * Only values that JSON gives back exactly are kept: plain objects and arrays, strings,
 * booleans, null and finite numbers other than -0, each object once (an alias makes two
 * places share one object, which JSON would copy). Anything else (`.inf`, `.nan`) is
 * parsed every time. Each lookup returns fresh objects, so callers may change them.
 */

/** JSON kept in memory, in all (oldest dropped first): a watch session parses each file anew after every edit. */
const MEMORY_BUDGET = 8 * 1024 * 1024;

let dir: string | undefined;
const memory = createSizedCache<string>(MEMORY_BUDGET);

/** Keep values on disk in `cacheDir/yaml/` (undefined: in memory only). */
export function keepYamlValuesIn(cacheDir: string | undefined): void {
  dir = cacheDir ? path.join(cacheDir, 'yaml') : undefined;
}

/** The key of a YAML text: what `recall` and `remember` take. `parser` names how it is parsed (options and limits). */
export function yamlKey(source: string, parser: string): string {
  return createHash('sha256').update(`yaml ${packageVersion('yaml')} ${parser}\0`).update(source).digest('hex').slice(0, 32);
}

/** The value of the text with this key, if one was kept; undefined when none was. */
export function recallYamlValue(key: string): { value: unknown } | undefined {
  let json = memory.get(key);
  if (json === undefined && dir) {
    try {
      json = fs.readFileSync(path.join(dir, `${key}.json`), 'utf8');
    } catch {
      return undefined;
    }
  }
  if (json === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(json);
    memory.set(key, json);
    return { value };
  } catch {
    return undefined; // a damaged entry: parse the text again
  }
}

/** Keep the value of a text that parsed cleanly, if JSON gives it back exactly. */
export function rememberYamlValue(key: string, value: unknown): void {
  if (!isJsonExact(value, new Set())) return;
  const json = JSON.stringify(value);
  memory.set(key, json);
  if (!dir) return;
  try {
    writeFileAtomic(path.join(dir, `${key}.json`), json, { durable: false });
  } catch {
    // a read-only cache: the next process parses this file again
  }
}

/**
 * Whether `JSON.parse(JSON.stringify(value))` is a deep copy of `value` with nothing shared:
 * `seen` holds the objects met so far, and an object met twice fails.
 */
export function isJsonExact(value: unknown, seen: Set<object>): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || seen.has(value) || seen.size > 1_000_000) return false;
  seen.add(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isJsonExact(value[i], seen)) return false;
    return Object.getPrototypeOf(value) === Array.prototype;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const key of Object.keys(value)) if (key === '__proto__' || !isJsonExact((value as Record<string, unknown>)[key], seen)) return false;
  return Object.getOwnPropertySymbols(value).length === 0 && Object.getOwnPropertyNames(value).length === Object.keys(value).length;
}
