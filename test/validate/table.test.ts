import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/load/yaml.js';
import type { Dataset } from '../../src/load/dataset.js';
import type { TableBlock } from '../../src/template/table.js';
import { checkTable } from '../../src/validate/table.js';

function dataset(rows: number): Dataset {
  return {
    name: 'big',
    file: 'content/x/data/big.yaml',
    source: 'Somewhere',
    illustrative: false,
    columns: { year: 'integer', n: 'number' },
    rows: Array.from({ length: rows }, (_, i) => ({ year: 2000 + (i % 20), n: i })),
    place: () => ({ file: 'content/x/data/big.yaml', line: 1, column: 1 }),
    text: '',
  };
}

function check(text: string, rows: number) {
  const yaml = parseYaml('content/x/brief.yaml', text);
  return checkTable(yaml.value as TableBlock, [], yaml, new Map([['big', dataset(rows)]]));
}

describe('checkTable', () => {
  it('refuses a table of more rows than it prints, unless a filter or a limit keeps few enough', () => {
    const [problem] = check('data: big\ncolumns: [{ field: n }]\n', 2000);
    expect(problem).toMatchObject({ rule: 'table-too-long', line: 1, column: 7, message: 'dataset `big` has 2000 rows; a table prints at most 100' });
    expect(check('data: big\nfilter: { year: 2001 }\ncolumns: [{ field: n }]\n', 2000)).toEqual([]);
    expect(check('data: big\nlimit: 10\ncolumns: [{ field: n }]\n', 2000)).toEqual([]);
    expect(check('data: big\ncolumns: [{ field: n }]\n', 100)).toEqual([]);
  });

  it('names the fields of the table\'s own rows when a column names another', () => {
    const [problem] = check('rows: [{ region: EU27, share: 21 }]\ncolumns: [{ field: shares }]\n', 0);
    expect(problem).toMatchObject({ rule: 'unknown-field', message: 'the table\'s rows have no field `shares`', hint: 'did you mean `share`?' });
  });
});
