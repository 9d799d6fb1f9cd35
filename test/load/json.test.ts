import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isUserError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { JSON_LIMITS, parseJsonWithPlaces } from '../../src/load/json.js';

const root = path.resolve(import.meta.dirname, '../..');

function failure(source: string): Diagnostic {
  try {
    parseJsonWithPlaces('x.json', source);
  } catch (error) {
    if (isUserError(error)) return error.diagnostics[0]!;
    throw error;
  }
  throw new Error('parsed');
}

describe('JSON with positions', () => {
  test('gives the same values as JSON.parse for every chart spec of the repository', () => {
    const specs = fs.readdirSync(path.join(root, 'content'), { recursive: true }).map(String).filter((f) => f.endsWith('.vl.json'));
    expect(specs.length).toBeGreaterThan(0);
    for (const f of specs) {
      const text = fs.readFileSync(path.join(root, 'content', f), 'utf8');
      expect(parseJsonWithPlaces(f, text).value).toEqual(JSON.parse(text));
    }
  });

  test('places values and keys, falling back to the nearest ancestor', () => {
    const json = parseJsonWithPlaces('x.json', '{\n  "a": [1, {"b": "c"}],\n  "d\\/e": null\n}');
    expect(json.locate(['a', 1, 'b'])).toEqual({ file: 'x.json', line: 2, column: 18 });
    expect(json.locate(['a', 1, 'b'], 'key')).toEqual({ file: 'x.json', line: 2, column: 13 });
    expect(json.locate(['d/e'])).toMatchObject({ line: 3, column: 11 });
    expect(json.locate(['a', 1, 'zzz'])).toMatchObject({ line: 2, column: 12 });
    expect(json.diagnose(['a'], 'r', 'm').excerpt).toBe('  "a": [1, {"b": "c"}],');
  });

  test.each([
    ['{"a": 1,}', 1, 9, 'expected a key in double quotes'],
    ['{"a": 1 "b": 2}', 1, 9, 'expected `,` or `}`'],
    ['[1, 2', 1, 6, 'expected `,` or `]`'],
    ['{"a": "b\n"}', 1, 9, 'line break inside a string'],
    ['{"a": \'b\'}', 1, 7, 'double quotes'],
    ['// note\n{}', 1, 1, 'comments are not allowed'],
    ['{"a": 1, "a": 2}', 1, 10, 'appears twice'],
    ['{"a": tru}', 1, 7, 'expected a value'],
    ['{} x', 1, 4, 'after the end'],
    ['"abc', 1, 1, 'never closed'],
  ])('%j is a located syntax error', (source, line, column, message) => {
    const d = failure(source);
    expect(d).toMatchObject({ rule: 'json-syntax', line, column });
    expect(d.message).toContain(message);
  });

  test('keeps __proto__ as an own key, as JSON.parse does, and pollutes nothing', () => {
    const json = parseJsonWithPlaces('x.json', '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}');
    expect(Object.keys(json.value as object)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(json.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('refuses runaway nesting and oversize files with located errors', () => {
    const deep = failure('['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep).toMatchObject({ rule: 'json-too-deep', line: 1, column: JSON_LIMITS.maxDepth + 2 });
    expect(failure(' '.repeat(JSON_LIMITS.maxBytes + 1) + '{}')).toMatchObject({ rule: 'file-too-large', line: 0 });
  });
});
