import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createChartEngine } from '../../src/chart/render.js';
import type { ChartRequest } from '../../src/chart/types.js';
import { tempStore } from '../helpers/store.js';
import { barSpec, dataRoot, euTheme, root, tempDir } from './helpers.js';
import { rejectionDiagnostic } from '../helpers/diagnostics.js';

const engine = () => createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: root });
const request = (spec: unknown, extra: Partial<ChartRequest> = {}): ChartRequest => ({
  spec,
  specFile: 'charts/bar.vl.json',
  dataRoot,
  ...extra,
});

describe('chart engine', () => {
  test('one engine draws a spec with new rows exactly as a fresh engine does (its compile is kept, not its data)', async () => {
    const spec = {
      data: { name: 'rows' },
      mark: 'bar',
      encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } },
    };
    const rows = [
      [{ k: 'a', v: 1 }, { k: 'b', v: 3 }],
      [{ k: 'a', v: 7 }, { k: 'c', v: 2 }, { k: 'd', v: 5 }],
      [{ k: 'e', v: 4 }],
    ];
    const kept = engine();
    for (const data of rows) {
      const [again, fresh] = [await kept.render(request(spec, { datasets: { rows: data } })), await engine().render(request(spec, { datasets: { rows: data } }))];
      expect(again.svg).toBe(fresh.svg);
      expect(again.warnings).toEqual(fresh.warnings);
    }
    expect((await kept.render(request(spec, { datasets: { rows: rows[1]! } }))).svg).toContain('>d<');
  });

  test('draws the theme: its font on every text, its palette on marks, sized in points', async () => {
    const chart = await engine().render(request(barSpec()));
    expect(chart.svg).toMatch(/^<svg/);
    expect(chart.svg).toContain('font-family="Inter"');
    expect(chart.svg).not.toContain('sans-serif');
    expect(chart.svg).toContain(euTheme.chart.palette[0]);
    expect(chart.svg).toContain('>Patent families<');
    expect(chart.width).toBeGreaterThan(50);
    expect(chart.svg).toContain(`width="${chart.width}"`);
    expect(chart.key).toMatch(/^[0-9a-f]{64}$/);
  });

  test('writes no mark\'s values into the SVG as ARIA text: the PDF\'s alternative text says what the chart shows', async () => {
    const spec = {
      data: { name: 'rows' },
      mark: 'bar',
      encoding: { y: { field: 'k', type: 'nominal' }, x: { field: 'v', type: 'quantitative' } },
    };
    const names = ['Alpha region of the long name', 'Beta region of the long name'];
    const chart = await engine().render(request(spec, { datasets: { rows: names.map((k, i) => ({ k, v: i + 1 })) } }));
    // each name printed once, as its axis label; none repeated in an aria-label of its bar or the axis
    for (const name of names) expect(chart.svg.split(name).length - 1).toBe(1);
    expect(chart.svg).not.toContain('aria-label');
  });

  test('the same random spec draws the same chart twice', async () => {
    const spec = {
      data: { sequence: { start: 0, stop: 30 } },
      transform: [{ calculate: 'random()', as: 'r' }, { calculate: 'random()', as: 's' }],
      mark: 'point',
      encoding: { x: { field: 'r', type: 'quantitative' }, y: { field: 's', type: 'quantitative' } },
    };
    const a = await engine().render(request(spec));
    const b = await engine().render(request(structuredClone(spec)));
    expect(a.svg).toBe(b.svg);
  });

  test('"container" specs take the requested width', async () => {
    const spec = { ...barSpec(), width: 'container' };
    const chart = await engine().render(request(spec, { width: 321 }));
    expect(chart.width).toBe(321);
  });

  test('named datasets are bound to {"data": {"name"}}', async () => {
    const spec = { ...barSpec(), data: { name: 'patents' } };
    const chart = await engine().render(
      request(spec, { datasets: { patents: [{ category: 'Robotics', value: 4 }] } }),
    );
    expect(chart.svg).toContain('>Robotics<');
  });

  test('a missing data file names the spec file and the URL', async () => {
    const spec = { ...barSpec(), data: { url: 'data/missing.csv' } };
    const d = await rejectionDiagnostic(engine().render(request(spec)));
    expect(d.file).toBe('charts/bar.vl.json');
    expect(d.message).toContain('"data/missing.csv"');
  });

  test('a data file a spec reads that is not UTF-8 is an error at its first bad byte', async () => {
    const dir = tempDir();
    try {
      fs.mkdirSync(path.join(dir, 'data'));
      fs.writeFileSync(path.join(dir, 'data/rows.csv'), Buffer.from('technology,count\nRobotique,3\nDonnées,4\n', 'latin1'));
      const spec = { ...barSpec(), data: { url: 'data/rows.csv' } };
      const d = await rejectionDiagnostic(createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: dir }).render(request(spec, { dataRoot: dir })));
      expect(d).toMatchObject({ file: 'data/rows.csv', line: 3, column: 5, rule: 'not-utf8' });
      expect(d.hint).toContain('Latin-1');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a forbidden URL is refused before anything is read', async () => {
    const spec = { ...barSpec(), data: { url: '../../package.json' } };
    const d = await rejectionDiagnostic(engine().render(request(spec)));
    expect(d.message).toContain('"../../package.json"');
  });

  test('an invalid spec is a chart-spec error naming the spec file', async () => {
    const d = await rejectionDiagnostic(engine().render(request({ mark: 'bar', layer: 3 })));
    expect(d.rule).toBe('chart-spec');
    expect(d.file).toBe('charts/bar.vl.json');
  });

  test('Vega-Lite warnings are returned as warnings in the spec file, not printed', async () => {
    const spec = { ...barSpec(), encoding: { x: { field: 'category', type: 'nominal', aggregate: 'nonsense' } } };
    const chart = await engine().render(request(spec));
    const warning = chart.warnings?.find((d) => /nonsense/.test(d.message));
    expect(warning).toMatchObject({ file: 'charts/bar.vl.json', rule: 'chart-vega-warning', severity: 'warning' });
  });
});

describe('chart cache', () => {
  test('an unchanged chart is not drawn again, a changed data file is', async () => {
    const { store, keys } = tempStore();
    const data = tempDir();
    fs.mkdirSync(path.join(data, 'data'));
    fs.copyFileSync(path.join(dataRoot, 'data', 'values.csv'), path.join(data, 'data', 'values.csv'));
    const first = await createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: root, store }).render(
      request(barSpec(), { dataRoot: data }),
    );
    const [key, ...others] = keys('chart');
    expect(key).toBeDefined();
    expect(others).toEqual([]);

    // Mark the kept chart: a fresh engine that returns the mark did not draw again.
    const entry = JSON.parse(store.get('chart', key!)!.toString('utf8'));
    entry.chart.svg = entry.chart.svg.replace('<svg', '<svg data-cached="yes"');
    store.put('chart', key!, JSON.stringify(entry));
    const fresh = createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: root, store });
    const again = await fresh.render(request(barSpec(), { dataRoot: data }));
    expect(again.svg).toContain('data-cached="yes"');
    expect(again.key).toBe(first.key);

    fs.appendFileSync(path.join(data, 'data', 'values.csv'), 'Delta,9\n');
    const redrawn = await fresh.render(request(barSpec(), { dataRoot: data }));
    expect(redrawn.svg).not.toContain('data-cached');
    expect(redrawn.svg).toContain('>Delta<');
    expect(redrawn.key).not.toBe(first.key);
  });

  test('the memory cache returns the same chart for the same request', async () => {
    const e = engine();
    const a = await e.render(request(barSpec()));
    const b = await e.render(request(barSpec()));
    expect(b).toBe(a);
  });
});
