import { diagnostic, placeOfOffset, UserError, type SourcePlace } from '../diagnostics/diagnostic.js';
import type { LoadedYaml, Path } from './yaml.js';

/** Limits that keep hostile JSON from exhausting memory or the stack. */
export const JSON_LIMITS = {
  maxBytes: 4 * 1024 * 1024,
  maxDepth: 128,
};

/** A parsed JSON file that can still say where each value came from (same shape as YAML's). */
export type LoadedJson = LoadedYaml;

/** JSON.parse with the error placed at its line and column. */
export function parseJson(file: string, source: string): unknown {
  return parseJsonWithPlaces(file, source).value;
}

/**
 * Parse JSON (RFC 8259) keeping the offset of every key and value, so a schema error at
 * `/layer/1/encoding/x/field` can point at its line and column. Syntax errors are located
 * `UserError`s; so are oversize input and runaway nesting. Keys such as `__proto__` become
 * own properties, as with JSON.parse: they never reach a prototype.
 */
export function parseJsonWithPlaces(file: string, source: string): LoadedJson {
  if (source.length > JSON_LIMITS.maxBytes) {
    throw new UserError(diagnostic({ file, line: 0, column: 0 }, 'file-too-large', `file is ${source.length} bytes; at most ${JSON_LIMITS.maxBytes} are read`));
  }
  const places = new Map<string, { key?: number; value: number }>();
  let i = source.charCodeAt(0) === 0xfeff ? 1 : 0;

  const fail = (offset: number, message: string, hint?: string): never => {
    throw new UserError(diagnostic({ file, ...placeOfOffset(source, offset) }, 'json-syntax', `JSON syntax: ${message}`, { source, ...(hint ? { hint } : {}) }));
  };
  const found = (offset: number) => (offset >= source.length ? 'the end of the file' : `\`${source[offset]}\``);
  const skipSpace = () => {
    for (;;) {
      const c = source.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
      else if (c === 0x2f && (source[i + 1] === '/' || source[i + 1] === '*')) fail(i, 'comments are not allowed in JSON');
      else return;
    }
  };

  const parseValue = (pointer: string, depth: number, keyOffset?: number): unknown => {
    if (depth > JSON_LIMITS.maxDepth) {
      throw new UserError(diagnostic({ file, ...placeOfOffset(source, i) }, 'json-too-deep', `JSON nests deeper than ${JSON_LIMITS.maxDepth} levels`, { source }));
    }
    skipSpace();
    places.set(pointer, keyOffset === undefined ? { value: i } : { key: keyOffset, value: i });
    const c = source[i];
    if (c === '{') return parseObject(pointer, depth);
    if (c === '[') return parseArray(pointer, depth);
    if (c === '"') return parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
    for (const [word, value] of [['true', true], ['false', false], ['null', null]] as const) {
      if (source.startsWith(word, i)) {
        i += word.length;
        return value;
      }
    }
    if (c === "'") return fail(i, 'strings are written in double quotes', 'replace \' with "');
    return fail(i, `expected a value, found ${found(i)}`);
  };

  const parseObject = (pointer: string, depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    skipSpace();
    if (source[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      const keyOffset = i;
      if (source[i] !== '"') fail(i, `expected a key in double quotes, found ${found(i)}`, source[i] === '}' ? 'remove the comma before `}`' : undefined);
      const key = parseString();
      if (Object.prototype.hasOwnProperty.call(out, key)) fail(keyOffset, `key "${key}" appears twice in the same object`);
      skipSpace();
      if (source[i] !== ':') fail(i, `expected \`:\` after the key "${key}", found ${found(i)}`);
      i++;
      const value = parseValue(`${pointer}/${escapePointer(key)}`, depth + 1, keyOffset);
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      skipSpace();
      if (source[i] === ',') {
        i++;
        continue;
      }
      if (source[i] === '}') {
        i++;
        return out;
      }
      fail(i, `expected \`,\` or \`}\` after a property, found ${found(i)}`, source[i] === '"' ? 'add a comma between the properties' : undefined);
    }
  };

  const parseArray = (pointer: string, depth: number): unknown[] => {
    const out: unknown[] = [];
    i++;
    skipSpace();
    if (source[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      if (source[i] === ']') fail(i, 'expected a value, found `]`', 'remove the comma before `]`');
      out.push(parseValue(`${pointer}/${out.length}`, depth + 1));
      skipSpace();
      if (source[i] === ',') {
        i++;
        continue;
      }
      if (source[i] === ']') {
        i++;
        return out;
      }
      fail(i, `expected \`,\` or \`]\` in a list, found ${found(i)}`);
    }
  };

  const parseString = (): string => {
    const start = i;
    i++;
    let out = '';
    let run = i;
    for (;;) {
      if (i >= source.length) fail(start, 'string is never closed', 'add the closing double quote');
      const c = source.charCodeAt(i);
      if (c === 0x22) {
        out += source.slice(run, i);
        i++;
        return out;
      }
      if (c < 0x20) fail(i, c === 0x0a ? 'line break inside a string' : 'control character inside a string', c === 0x0a ? 'write a line break as \\n' : undefined);
      if (c === 0x5c) {
        out += source.slice(run, i);
        const e = source[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          fail(i, `bad escape \`\\${e ?? ''}\` in a string`);
        }
        run = i;
        continue;
      }
      i++;
    }
  };

  const parseNumber = (): number => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/.exec(source.slice(i, i + 400));
    if (!m) return fail(i, `expected a number, found ${found(i)}`);
    i += m[0].length;
    return Number(m[0]);
  };

  const value = parseValue('', 0);
  skipSpace();
  if (i < source.length) fail(i, `unexpected ${found(i)} after the end of the JSON value`);

  const locate = (path: Path, which: 'key' | 'value' = 'value'): SourcePlace => {
    // the nearest ancestor that exists, as for YAML
    for (let n = path.length; n >= 0; n--) {
      const p = places.get(path.slice(0, n).map((s) => `/${escapePointer(String(s))}`).join(''));
      if (!p) continue;
      const offset = which === 'key' && n === path.length && p.key !== undefined ? p.key : p.value;
      return { file, ...placeOfOffset(source, offset) };
    }
    return { file, line: 1, column: 1 };
  };
  return {
    file,
    source,
    value,
    locate,
    diagnose: (path, rule, message, hint, which) => diagnostic(locate(path, which), rule, message, { source, ...(hint ? { hint } : {}) }),
  };
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
