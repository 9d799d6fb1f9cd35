import { createRequire } from 'node:module';
import type { Document, Node } from 'yaml';
import { diagnostic, placeOfOffset, UserError, type Diagnostic, type SourcePlace } from '../diagnostics/diagnostic.js';
import { processStore } from '../store/process-store.js';
import { storeKey, type Store } from '../store/store.js';
import { bundleExports } from '../validate/code-cache.js';

const require = createRequire(import.meta.url);
let yamlLibrary: typeof import('yaml') | undefined;

/**
 * The YAML parser, loaded on first use: from the bundle scripts/build.mjs writes beside
 * brief's (dist/yaml.cjs), with the code cache it wrote after parsing the YAML files of
 * the project (loading and a first parse took 90 ms, a sixth of a rebuild after a text
 * edit); run from src/, the package.
 */
function yaml(): typeof import('yaml') {
  return (yamlLibrary ??= bundleExports<typeof import('yaml')>('yaml', import.meta.url) ?? (require('yaml') as typeof import('yaml')));
}

/** How every YAML file is parsed: YAML 1.2, a key once per mapping, the strict rules. */
const YAML_OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true } as const;

/** Limits that keep hostile YAML from exhausting memory or the stack. */
export const YAML_LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 64,
};

export type Path = ReadonlyArray<string | number>;

/** A parsed YAML file that can still say where each value came from. */
export interface LoadedYaml {
  file: string;
  source: string;
  value: unknown;
  /** Where the value at `path` starts; falls back to the nearest ancestor that exists. */
  locate(path: Path, which?: 'key' | 'value'): SourcePlace;
  /** A diagnostic at `path` with an excerpt of its line. */
  diagnose(path: Path, rule: string, message: string, hint?: string, which?: 'key' | 'value'): Diagnostic;
}

/** A document that parsed cleanly, with its source positions. */
interface Parsed {
  doc: Document;
  placeAt(offset: number): SourcePlace;
}

/**
 * Parse YAML keeping source positions. Syntax errors, oversize input, alias bombs and
 * runaway nesting all become located `UserError`s; the error lists every syntax problem.
 *
 * The value of a text that parsed cleanly is kept in the store (by the hash of the text;
 * the store's keys change with the parser's version and brief's code), when JSON gives it
 * back exactly: a later build takes it from there without loading the parser, and parses
 * the text again only to place an error in it.
 */
export function parseYaml(file: string, source: string, store: Store | undefined = processStore()): LoadedYaml {
  if (source.length > YAML_LIMITS.maxBytes) {
    throw new UserError(
      diagnostic({ file, line: 0, column: 0 }, 'file-too-large', `file is ${source.length} bytes; at most ${YAML_LIMITS.maxBytes} are read`),
    );
  }
  const key = storeKey('yaml value', source);
  const kept = store?.get('yaml-value', key);
  let parsed: Parsed | undefined;
  let value: unknown;
  if (kept) value = JSON.parse(kept.toString('utf8')) as unknown;
  else {
    ({ parsed, value } = parseChecked(file, source));
    if (keepsAsJson(value)) store?.put('yaml-value', key, JSON.stringify(value));
  }
  const locate = (path: Path, which: 'key' | 'value' = 'value'): SourcePlace => {
    parsed ??= parseChecked(file, source).parsed;
    const offset = offsetOf(parsed.doc, path, which);
    return offset === undefined ? { file, line: 1, column: 1 } : parsed.placeAt(offset);
  };
  return {
    file,
    source,
    value,
    locate,
    diagnose: (path, rule, message, hint, which) =>
      diagnostic(locate(path, which), rule, message, { source, ...(hint ? { hint } : {}) }),
  };
}

/**
 * Whether JSON gives `value` back exactly: plain objects and arrays, strings, booleans,
 * null, finite numbers but -0, and each object once (an alias makes two places share one
 * object, which JSON would copy).
 */
function keepsAsJson(value: unknown, seen = new Set<object>()): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  if (Array.isArray(value)) return value.every((v) => keepsAsJson(v, seen));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.entries(value).every(([k, v]) => k !== '__proto__' && keepsAsJson(v, seen));
}

/** Parse and check a text: every limit and syntax rule, then its value. */
function parseChecked(file: string, source: string): { parsed: Parsed; value: unknown } {
  const deep = flowTooDeep(source);
  if (deep !== undefined) {
    throw new UserError(diagnostic({ file, ...placeOfOffset(source, deep) }, 'yaml-too-deep', `YAML nests deeper than ${YAML_LIMITS.maxDepth} levels`, { source }));
  }
  const { LineCounter, parseDocument, visit } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, ...YAML_OPTIONS });
  const placeAt = (offset: number): SourcePlace => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new UserError(
      doc.errors.map((e) =>
        // the parser reports its own stack overflow as an error at the place it gave up
        /Maximum call stack/.test(e.message)
          ? diagnostic(placeAt(e.pos[0]), 'yaml-too-deep', `YAML nests too deeply to be read (at most ${YAML_LIMITS.maxDepth} levels)`, { source })
          : diagnostic(placeAt(e.pos[0]), 'yaml-syntax', `YAML syntax: ${firstLine(e.message)}`, { source }),
      ),
    );
  }
  checkDepth(doc, placeAt, source);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (error) {
    let firstAlias: Node | undefined;
    visit(doc, {
      Alias(_, node) {
        firstAlias = node;
        return visit.BREAK;
      },
    });
    throw new UserError(
      diagnostic(placeAt(firstAlias?.range?.[0] ?? 0), 'yaml-aliases', `YAML aliases expand too far (${firstLine(String((error as Error).message))})`, {
        source,
        hint: 'write the repeated content out instead of using aliases',
        cause: error,
      }),
    );
  }
  return { parsed: { doc, placeAt }, value };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function offsetOf(doc: Document, path: Path, which: 'key' | 'value'): number | undefined {
  const { isMap, isPair, isScalar, isSeq } = yaml();
  let node: unknown = doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return best;
      const keyNode = pair.key as Node;
      if (last && which === 'key') return keyNode.range?.[0] ?? best;
      node = pair.value ?? keyNode;
      best = (node as Node).range?.[0] ?? keyNode.range?.[0] ?? best;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (!item) return best;
      node = item;
      best = (item as Node).range?.[0] ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function checkDepth(doc: Document, placeAt: (offset: number) => SourcePlace, source: string): void {
  const { isMap, isScalar, isSeq } = yaml();
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > YAML_LIMITS.maxDepth) {
      const offset = (node as Node).range?.[0] ?? 0;
      throw new UserError(
        diagnostic(placeAt(offset), 'yaml-too-deep', `YAML nests deeper than ${YAML_LIMITS.maxDepth} levels`, { source }),
      );
    }
    if (isMap(node)) {
      for (const p of node.items) {
        // `__proto__` would set an object's prototype, not a key: refuse it everywhere
        if (isScalar(p.key) && p.key.value === '__proto__') {
          throw new UserError(diagnostic(placeAt(p.key.range?.[0] ?? 0), 'reserved-key', '`__proto__` is reserved and cannot be used as a key', { source, hint: 'rename the key' }));
        }
        stack.push([p.value, depth + 1]);
      }
    }
    else if (isSeq(node)) for (const item of node.items) stack.push([item, depth + 1]);
  }
}

/**
 * Where flow collections (`[[[…`, `{{{…`) first nest deeper than the limit, by a scan that
 * skips quoted strings and comments: the parser itself would recurse until the stack
 * runs out. Nesting by indentation is checked on the parsed document.
 */
function flowTooDeep(source: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '[' || c === '{') {
      // outside flow collections a bracket opens one only where a value starts
      if (depth === 0 && !startsScalar(source, i)) {
        i = lineEnd(source, i);
        continue;
      }
      if (++depth > YAML_LIMITS.maxDepth) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    } else if ((c === '"' || c === "'") && !startsScalar(source, i)) {
      // inside plain text: the rest of its line is text too
      if (depth === 0) i = lineEnd(source, i);
    } else if (c === '"') {
      for (i++; i < source.length && source[i] !== '"'; i++) if (source[i] === '\\') i++;
    } else if (c === "'") {
      for (i++; i < source.length; i++) {
        if (source[i] === "'") {
          if (source[i + 1] === "'") i++;
          else break;
        }
      }
    } else if (c === '#' && (i === 0 || /\s/.test(source[i - 1]!))) {
      while (i < source.length && source[i] !== '\n') i++;
    }
  }
  return undefined;
}

/** Whether a quote at `i` opens a quoted scalar (rather than sitting inside a plain one). */
function startsScalar(source: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (source[j] === ' ' || source[j] === '\t')) j--;
  return j < 0 || /[\n:[{,?-]/.test(source[j]!);
}

function lineEnd(source: string, i: number): number {
  const end = source.indexOf('\n', i);
  return end < 0 ? source.length : end;
}
