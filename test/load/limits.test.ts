import { describe, expect, test } from 'vitest';
import { CSV_LIMITS, parseCsv } from '../../src/load/csv.js';
import { parseYaml, YAML_LIMITS } from '../../src/load/yaml.js';
import { diagnosticsOf } from '../helpers/diagnostics.js';


describe('YAML limits', () => {
  test('a file over the size limit is refused before parsing', () => {
    const [d] = diagnosticsOf(() => parseYaml('a.yaml', `a: "${'x'.repeat(YAML_LIMITS.maxBytes)}"`));
    expect(d).toMatchObject({ rule: 'file-too-large', line: 0 });
  });

  test('a billion-laughs alias bomb stops at the first alias, quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 0; i < 9; i++) levels.push(`l${i}: &${'bcdefghij'[i]} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`);
    const start = performance.now();
    const [d] = diagnosticsOf(() => parseYaml('a.yaml', levels.join('\n')));
    expect(performance.now() - start).toBeLessThan(2000);
    expect(d).toMatchObject({ rule: 'yaml-aliases', line: 2, column: 9 });
  });

  test('flow nesting past the limit is placed at the first bracket too deep', () => {
    const [d] = diagnosticsOf(() => parseYaml('a.yaml', `x: ${'['.repeat(200_000)}${']'.repeat(200_000)}`));
    expect(d).toMatchObject({ rule: 'yaml-too-deep', line: 1, column: 4 + YAML_LIMITS.maxDepth });
    expect(d!.excerpt!.length).toBeLessThan(200);
  });

  test('brackets inside quoted or plain text do not count as nesting', () => {
    const text = `a: "${'['.repeat(100)}"\nb: '${'{'.repeat(100)}'\nc: it's ${'['.repeat(100)}\n# ${'['.repeat(100)}\n`;
    expect(parseYaml('a.yaml', text).value).toMatchObject({ a: '['.repeat(100) });
  });

  test('block nesting past the limit is refused', () => {
    const text = Array.from({ length: YAML_LIMITS.maxDepth + 5 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' end\n';
    const [d] = diagnosticsOf(() => parseYaml('a.yaml', text));
    expect(d).toMatchObject({ rule: 'yaml-too-deep' });
    expect(d!.line).toBeGreaterThan(YAML_LIMITS.maxDepth);
  });

  test('__proto__ keys are refused where they are written; nothing is polluted', () => {
    const [d] = diagnosticsOf(() => parseYaml('a.yaml', 'a:\n  b: 1\n  __proto__:\n    polluted: true\n'));
    expect(d).toMatchObject({ rule: 'reserved-key', line: 3, column: 3 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('constructor and prototype keys are plain keys', () => {
    const { value } = parseYaml('a.yaml', 'constructor: 1\nprototype: { polluted: true }\n');
    expect(value).toEqual({ constructor: 1, prototype: { polluted: true } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('CSV limits', () => {
  test('a million rows stop at the row limit, with its line', () => {
    const text = 'a,b\n' + Array.from({ length: 1_000_000 }, (_, i) => `${i},x`).join('\n');
    const start = performance.now();
    const [d] = diagnosticsOf(() => parseCsv('a.csv', text));
    expect(performance.now() - start).toBeLessThan(5000);
    expect(d).toMatchObject({ rule: 'csv-too-many-rows', line: CSV_LIMITS.maxRows + 2, column: 1 });
  });

  test('a file over the byte limit is refused before parsing', () => {
    const [d] = diagnosticsOf(() => parseCsv('a.csv', 'a\n' + 'x'.repeat(CSV_LIMITS.maxBytes)));
    expect(d).toMatchObject({ rule: 'file-too-large', line: 0 });
  });

  test('cells keep their line and column through quotes, line breaks and a BOM', () => {
    const table = parseCsv('a.csv', '\ufeffa,b\r\n"x\ny",2\n3,"say ""hi"""\n');
    expect(table.rows).toEqual([['x\ny', '2'], ['3', 'say "hi"']]);
    expect(table.rowLines).toEqual([2, 4]);
    expect(table.cellColumns).toEqual([[1, 4], [1, 3]]);
  });

  test('a file of long cells takes about its own size to hold, read', () => {
    // 16 cells of half a million characters, quoted and not: kept a character at a time,
    // each cell held a string node per character, half a gigabyte for the 8 MB
    const cell = 'x'.repeat(500_000);
    const text = `a,b\n${Array.from({ length: 8 }, () => `${cell},"${cell}"`).join('\n')}\n`;
    const before = process.memoryUsage().heapUsed;
    const table = parseCsv('a.csv', text);
    const held = process.memoryUsage().heapUsed - before;
    expect(table.rows.every((row) => row[0] === cell && row[1] === cell)).toBe(true);
    expect(held).toBeLessThan(64 * 1024 * 1024);
  });

  test('a __proto__ column is refused at its header cell', () => {
    const [d] = diagnosticsOf(() => parseCsv('a.csv', 'a,__proto__\n1,2\n'));
    expect(d).toMatchObject({ rule: 'reserved-key', line: 1, column: 3 });
  });
});
