import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseYaml, YAML_PARSER } from '../../src/load/yaml.js';
import { isJsonExact, keepYamlValuesIn, recallYamlValue, yamlKey as keyOf } from '../../src/perf/yaml-values.js';

const yamlKey = (text: string) => keyOf(text, YAML_PARSER);

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'brief-yaml-'));
/** A text no other test parses, so that no earlier parse is remembered in this process. */
const unique = (body: string) => `# ${Math.random()}\n${body}`;

afterEach(() => keepYamlValuesIn(undefined));

describe('remembered YAML values', () => {
  it('gives the value a parse gives, as fresh objects each time, and still places paths', () => {
    const text = unique('title: China\npages:\n  - blocks: [1, 2.5, "x", true, null]\n  - { a: { b: c } }\n');
    const first = parseYaml('brief.yaml', text);
    expect(recallYamlValue(yamlKey(text))).toBeDefined();
    const second = parseYaml('brief.yaml', text);
    expect(second.value).toEqual(first.value);
    expect(second.value).not.toBe(first.value);
    (second.value as { title: string }).title = 'changed';
    expect((parseYaml('brief.yaml', text).value as { title: string }).title).toBe('China');
    // a place is found by parsing again, only when asked for
    expect(second.locate(['pages', 1, 'a', 'b'])).toEqual(first.locate(['pages', 1, 'a', 'b']));
    expect(second.diagnose(['title'], 'r', 'm')).toMatchObject({ file: 'brief.yaml', line: 2, column: 8 });
  });

  it('keeps values on disk for the next process, and takes a damaged entry as a miss', () => {
    const dir = tempDir();
    keepYamlValuesIn(dir);
    const text = unique('a: 1\n');
    parseYaml('a.yaml', text);
    const file = path.join(dir, 'yaml', `${yamlKey(text)}.json`);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ a: 1 });

    const other = unique('b: [2]\n');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(path.join(dir, 'yaml', `${yamlKey(other)}.json`), '{"b": [2');
    expect(parseYaml('b.yaml', other).value).toEqual({ b: [2] });
  });

  it('does not keep what JSON cannot give back exactly, nor a file that fails', () => {
    const text = unique('a: .inf\nb: -0\n');
    const value = parseYaml('a.yaml', text).value as { a: number; b: number };
    expect(value.a).toBe(Infinity);
    expect(Object.is(value.b, -0)).toBe(true);
    expect(recallYamlValue(yamlKey(text))).toBeUndefined();
    const bad = unique('a: [1\n');
    expect(() => parseYaml('a.yaml', bad)).toThrow();
    expect(recallYamlValue(yamlKey(bad))).toBeUndefined();
    expect(() => parseYaml('a.yaml', bad)).toThrow();
  });

  it('tells which values survive JSON', () => {
    const exact = (v: unknown) => isJsonExact(v, new Set());
    expect(exact({ a: [1, 'x', null, false, { b: 2 }] })).toBe(true);
    expect(exact({ a: NaN })).toBe(false);
    expect(exact([, 1])).toBe(false); // eslint-disable-line no-sparse-arrays
    expect(exact({ d: new Date(0) })).toBe(false);
    expect(exact(new Map())).toBe(false);
    expect(exact({ u: undefined })).toBe(false);
    expect(exact(Object.create(null))).toBe(false);
    const shared = { k: 1 };
    expect(exact({ a: shared, b: shared })).toBe(false);
  });

  it('parses again a file whose aliases share one object, so the sharing is kept', () => {
    const text = unique('a: &x { k: 1 }\nb: *x\n');
    for (let i = 0; i < 2; i++) {
      const value = parseYaml('a.yaml', text).value as { a: object; b: object };
      expect(value.a).toBe(value.b);
    }
    expect(recallYamlValue(yamlKey(text))).toBeUndefined();
  });
});
