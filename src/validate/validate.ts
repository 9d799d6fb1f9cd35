import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedYaml, Path } from '../load/yaml.js';
import { createRequire } from 'node:module';
import { cachedValidator, type ValidatorSource } from './ajv-cache.js';
import { closest } from './suggest.js';
import { SCHEMAS } from './schemas.js';

const require = createRequire(import.meta.url);

export type SchemaKind = keyof typeof SCHEMAS;

let compiled: Partial<Record<SchemaKind, ValidateFunction>> | undefined;

/** How the validator of one of brief's schemas is made, and what it is made from. */
export function schemaValidatorSource(kind: SchemaKind): ValidatorSource {
  return {
    name: kind,
    identity: () => JSON.stringify(SCHEMAS[kind]) + ':2020:verbose',
    compile: () => {
      // Ajv itself is loaded only to compile: a compiled validator needs just its runtime
      const { Ajv2020: Ajv } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
      const ajv = new Ajv({ allErrors: true, strict: false, verbose: true, code: { source: true } });
      return { ajv, validate: ajv.compile(SCHEMAS[kind]) };
    },
  };
}

function validator(kind: SchemaKind): ValidateFunction {
  // compiled when brief is built, else once and kept: compiling is Ajv's slow part
  compiled ??= {};
  let fn = compiled[kind];
  if (!fn) {
    fn = cachedValidator(schemaValidatorSource(kind));
    compiled[kind] = fn;
  }
  return fn;
}

/** Check a parsed YAML file against its schema; every problem comes back located. */
export function validateYaml(kind: SchemaKind, yaml: LoadedYaml): Diagnostic[] {
  const fn = validator(kind);
  if (fn(yaml.value)) return [];
  return toDiagnostics(fn.errors ?? [], yaml);
}

function toDiagnostics(errors: ErrorObject[], yaml: LoadedYaml): Diagnostic[] {
  // `if` failures and the `then`/`oneOf` wrappers only restate what the inner errors say.
  const useful = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'then' && !(e.keyword === 'oneOf' && errors.some((o) => o !== e && o.instancePath === e.instancePath && o.keyword === 'required')));
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const e of useful) {
    const path = pointerToPath(e.instancePath);
    const d = describe(e, path, yaml);
    const key = `${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out;
}

function describe(e: ErrorObject, path: Path, yaml: LoadedYaml): Diagnostic {
  const where = path.length === 0 ? 'the file' : `\`${formatPath(path)}\``;
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object }).properties ?? {});
      const near = closest(key, allowed);
      return yaml.diagnose([...path, key], 'unknown-key', `unknown key \`${key}\` in ${where}; expected one of ${allowed.map((k) => `\`${k}\``).join(', ')}`, near ? `did you mean \`${near}\`?` : undefined, 'key');
    }
    case 'required':
      return yaml.diagnose(path, 'missing-key', `${where} is missing the required key \`${String(params.missingProperty)}\``, undefined, 'value');
    case 'type':
      return yaml.diagnose(path, 'wrong-type', `${where} must be ${article(String(params.type))} ${String(params.type)}, found ${describeValue(valueAt(yaml.value, path))}`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const found = valueAt(yaml.value, path);
      const near = typeof found === 'string' ? closest(found, allowed) : undefined;
      return yaml.diagnose(path, 'not-allowed', `${where} must be one of ${allowed.map((a) => `\`${a}\``).join(', ')}, found ${describeValue(found)}`, near ? `did you mean \`${near}\`?` : undefined);
    }
    case 'const':
      return yaml.diagnose(path, 'not-allowed', `${where} must be ${JSON.stringify(params.allowedValue)}`);
    case 'pattern':
      return yaml.diagnose(path, 'bad-format', `${where} has the wrong form: found ${describeValue(valueAt(yaml.value, path))}${(e.parentSchema as { description?: string }).description ? ` (${(e.parentSchema as { description?: string }).description})` : ''}`, patternHint(String(params.pattern)));
    case 'oneOf':
      return yaml.diagnose(path, 'one-of', `${where} must have exactly one of \`file\` or \`values\``);
    case 'minItems':
    case 'maxItems': {
      const found = valueAt(yaml.value, path);
      const n = Array.isArray(found) ? found.length : 0;
      return yaml.diagnose(path, 'wrong-size', `${where} must have ${e.keyword === 'minItems' ? 'at least' : 'at most'} ${String(params.limit)} item${params.limit === 1 ? '' : 's'}, found ${n}`);
    }
    case 'minProperties':
      return yaml.diagnose(path, 'wrong-size', `${where} must have at least ${String(params.limit)} key${params.limit === 1 ? '' : 's'}, found none`);
    case 'not': {
      const why = (e.parentSchema as { description?: string } | undefined)?.description;
      return yaml.diagnose(path, 'not-allowed', `${where} is not allowed here`, why, 'key');
    }
    case 'minLength':
      return yaml.diagnose(path, 'empty', `${where} must not be empty`);
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const relation = { minimum: 'at least', maximum: 'at most', exclusiveMinimum: 'more than', exclusiveMaximum: 'less than' }[e.keyword];
      return yaml.diagnose(path, 'out-of-range', `${where} must be ${relation} ${String(params.limit)}, found ${describeValue(valueAt(yaml.value, path))}`);
    }
    default:
      return yaml.diagnose(path, `schema-${e.keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, `${where} ${e.message ?? 'is not valid'}`);
  }
}

function patternHint(pattern: string): string | undefined {
  if (pattern.includes('\\d{4}-\\d{2}-\\d{2}')) return 'write dates as YYYY-MM-DD';
  if (pattern.startsWith('^https?://')) return 'links start with https://';
  if (pattern.startsWith('^[a-z0-9]+(-[a-z0-9]+)*$')) return 'icon names are lower-case words joined by hyphens, e.g. `robot-industrial`';
  if (pattern.startsWith('^#')) return 'colours are written #rrggbb';
  return undefined;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 37) + '…' : value);
  return `${typeof value} ${String(value)}`;
}

export function pointerToPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function formatPath(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The value at a path of a parsed document, or undefined where the path leaves it. */
export function valueAt(value: unknown, path: Path): unknown {
  let v: unknown = value;
  for (const step of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[step];
  }
  return v;
}
