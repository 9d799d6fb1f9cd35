import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isUserError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { createChartEngine } from '../../src/chart/render.js';
import { pathToKey, warningFindings } from '../../src/chart/checks.js';
import type { ChartRequest, RenderedChart } from '../../src/chart/types.js';
import { euTheme, fixtures, root } from './helpers.js';

const engine = createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: root });

/** A fixture spec of test/chart/fixtures/checks/, drawn as the layout would: 300 pt wide. */
function request(name: string, edit: (spec: Record<string, unknown>) => void = () => {}, extra: Partial<ChartRequest> = {}): ChartRequest {
  const specSource = fs.readFileSync(path.join(fixtures, 'checks', `${name}.vl.json`), 'utf8');
  const spec = JSON.parse(specSource) as Record<string, unknown>;
  edit(spec);
  return { spec, specFile: `checks/${name}.vl.json`, specSource, dataRoot: fixtures, width: 300, ...extra };
}

async function diagnosticsOf(promise: Promise<RenderedChart>): Promise<Diagnostic[]> {
  try {
    return (await promise).warnings ?? [];
  } catch (error) {
    if (isUserError(error)) return error.diagnostics;
    throw error;
  }
}

const lineOf = (name: string, text: string) => fs.readFileSync(path.join(fixtures, 'checks', `${name}.vl.json`), 'utf8').split('\n').findIndex((l) => l.includes(text)) + 1;

describe('chart checks', () => {
  test('an area under a y domain that starts above its values, not clipped: a warning at the domain, naming the field', async () => {
    const found = await diagnosticsOf(engine.render(request('area-domain')));
    const d = found.find((x) => x.rule === 'chart-outside-plot');
    expect(d).toMatchObject({ severity: 'warning', file: 'checks/area-domain.vl.json', line: lineOf('area-domain', '"domain"') });
    expect(d!.message).toMatch(/area marks run \d+ pt below the plot area/);
    expect(d!.message).toContain('`index`');
    expect(d!.hint).toContain('"clip": true');
    expect(found.every((x) => x.severity === 'warning')).toBe(true);
  });

  test('the same area in a short chart: the y title cut at the top is an error, the squeezed plot and the marks under it warnings', async () => {
    const found = await diagnosticsOf(engine.render(request('area-domain', (s) => (s.height = 70))));
    const cut = found.find((x) => x.rule === 'chart-outside-box');
    expect(cut).toMatchObject({ line: lineOf('area-domain', '"y"') });
    expect(cut!.severity).toBeUndefined();
    expect(cut!.message).toMatch(/^the y axis \(its labels or title\) is drawn \d+ pt past the top edge/);
    expect(found.find((x) => x.rule === 'chart-squeezed')).toMatchObject({ severity: 'warning', line: lineOf('area-domain', '"height"') });
    expect(found.find((x) => x.rule === 'chart-outside-plot')).toMatchObject({ severity: 'warning', line: lineOf('area-domain', '"domain"') });
  });

  test('a plot squeezed to nothing is an error', async () => {
    const found = await diagnosticsOf(engine.render(request('area-domain', (s) => (s.height = 40))));
    const squeezed = found.find((x) => x.rule === 'chart-squeezed');
    expect(squeezed!.severity).toBeUndefined();
    expect(squeezed!.message).toMatch(/squeezed to 0 pt of the chart's 40 pt height/);
  });

  test('the same area clipped, or with a domain from zero, draws without a finding', async () => {
    const clipped = await engine.render(request('area-domain', (s) => (s.mark = { type: 'area', clip: true })));
    expect(clipped.warnings ?? []).toEqual([]);
    const widened = await engine.render(request('area-domain', (s) => ((s.encoding as { y: { scale: unknown } }).y.scale = { domain: [0, 200] })));
    expect(widened.warnings ?? []).toEqual([]);
  });

  test('a size legend taller than a short chart: an error at the legend’s channel, and the squeezed plot a warning', async () => {
    const found = await diagnosticsOf(engine.render(request('size-legend')));
    const legend = found.find((x) => x.rule === 'chart-outside-box' && /legend/.test(x.message));
    expect(legend).toMatchObject({ line: lineOf('size-legend', '"size"'), file: 'checks/size-legend.vl.json' });
    expect(legend!.severity).toBeUndefined();
    expect(legend!.message).toMatch(/the size legend is drawn \d+ pt past the bottom edge of the chart's 300 × 60 pt box/);
    expect(legend!.hint).toMatch(/more height|move the legend/);
    const squeezed = found.find((x) => x.rule === 'chart-squeezed');
    expect(squeezed).toMatchObject({ severity: 'warning', line: lineOf('size-legend', '"height"') });
  });

  test('the same chart with room for its legend draws without a finding', async () => {
    const chart = await engine.render(request('size-legend', (s) => (s.height = 240)));
    expect(chart.warnings ?? []).toEqual([]);
  });

  test('a CSV with only a header: an error at the spec’s data, and no echo of Vega’s warnings about it', async () => {
    const found = await diagnosticsOf(engine.render(request('header-only')));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'chart-empty-data', line: lineOf('header-only', '"data"'), column: 3 });
    expect(found[0]!.severity).toBeUndefined();
  });

  test('a named dataset with no rows is an error naming it', async () => {
    const found = await diagnosticsOf(engine.render(request('header-only', (s) => (s.data = { name: 'index' }), { datasets: { index: [] } })));
    expect(found[0]).toMatchObject({ rule: 'chart-empty-data' });
    expect(found[0]!.message).toContain('dataset `index` has no rows');
  });

  test('a filter that leaves no row is an error at the transform', async () => {
    const found = await diagnosticsOf(engine.render(request('header-only', (s) => {
      s.data = { url: 'data/index.csv' };
      s.transform = [{ filter: 'datum.index > 1000' }];
    })));
    expect(found[0]).toMatchObject({ rule: 'chart-empty-data' });
    expect(found[0]!.message).toContain('after its `transform`s');
  });

  test('a warning found on a kept chart is placed again in the spec as it is now', async () => {
    const first = await engine.render(request('area-domain'));
    const moved = request('area-domain');
    const again = await engine.render({ ...moved, specSource: '\n\n' + moved.specSource });
    expect(again.warnings![0]!.line).toBe(first.warnings![0]!.line + 2);
  });

  test('Vega\'s warnings are placed at the field they name; those about browser events, which paper has none of, are left out', () => {
    const spec = { mark: 'bar', encoding: { y: { field: 'price', type: 'quantitative' } } };
    const found = warningFindings(['Infinite extent for field "price_start": [Infinity, -Infinity]', 'Can not resolve event source: window'], spec);
    expect(found).toEqual([expect.objectContaining({ severity: 'warning', rule: 'chart-vega-warning', at: ['encoding', 'y', 'field'] })]);
  });

  test('pathToKey finds a key at the top before one in a layer', () => {
    expect(pathToKey({ encoding: { y: {} }, layer: [{ encoding: { y: {} } }] }, 'encoding', 'y')).toEqual(['encoding', 'y']);
    expect(pathToKey({ layer: [{ mark: 'bar' }, { encoding: { y: { scale: { domain: [0, 1] } } } }] }, 'encoding', 'y', 'scale', 'domain')).toEqual(['layer', 1, 'encoding', 'y', 'scale', 'domain']);
    expect(pathToKey({ data: { encoding: 1 } }, 'encoding')).toBeUndefined();
  });
});
