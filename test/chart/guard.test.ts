import { describe, expect, test } from 'vitest';
import { canMultiply, checkSpecsBeside, guardLimitsFromEnv, guardScript, likelyCostlyPart, retireChartGuards, runningChartGuards } from '../../src/chart/guard.js';
import { createChartEngine } from '../../src/chart/render.js';
import type { ChartRequest, GuardLimits } from '../../src/chart/types.js';
import { tempStore } from '../helpers/store.js';
import { barSpec, dataRoot, euTheme, root } from './helpers.js';
import { rejectionDiagnostic } from '../helpers/diagnostics.js';

/** Every key distinct in every group: `impute` fills a grid of rows × rows. */
const grid = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, group: i, v: i % 7 }));
const imputeSpec = {
  data: { name: 'rows' },
  transform: [{ impute: 'v', key: 'key', groupby: ['group'], value: 0 }],
  mark: 'bar',
  encoding: { x: { aggregate: 'sum', field: 'v', type: 'quantitative' } },
};
const specSource = JSON.stringify(imputeSpec, null, 2);

const engineWith = (guard: GuardLimits | false, store = tempStore().store) => createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: root, store, guard });
const request = (spec: unknown, extra: Partial<ChartRequest> = {}): ChartRequest => ({ spec, specFile: 'charts/x.vl.json', dataRoot, ...extra });

describe('chart guard', () => {
  test('runs with the worker bundle of dist/', () => {
    expect(guardScript(), 'scripts/build.mjs writes dist/chart-worker.js').toBeDefined();
  });

  test('a drawing that outgrows the heap is an error at its likely transform; nothing is kept and the next chart draws', async () => {
    const { store, keys } = tempStore();
    const engine = engineWith({ heapMb: 48, seconds: 600, charts: 'costly' }, store);
    const d = await rejectionDiagnostic(engine.render(request(imputeSpec, { specSource, datasets: { rows: grid(20_000) } })));
    expect(d.rule).toBe('chart-too-costly');
    expect(d.message).toBe('drawing charts/x.vl.json needed more than 48 MB of memory; its `impute` may make too many rows');
    expect(d.line).toBe(specSource.split('\n').findIndex((line) => line.includes('"impute"')) + 1);
    expect(d.hint).toContain('aggregate or sample');
    expect(keys('chart')).toEqual([]);

    const chart = await engine.render(request(barSpec()));
    expect(chart.svg).toContain('<svg');
    expect(keys('chart')).toHaveLength(1);
    await engine.close();
  });

  test('a drawing past the deadline is stopped with an error naming the spec', async () => {
    // no worker starts and draws within a millisecond
    const engine = engineWith({ heapMb: 512, seconds: 0.001, charts: 'costly' });
    const d = await rejectionDiagnostic(engine.render(request(imputeSpec, { datasets: { rows: grid(3) } })));
    expect(d).toMatchObject({ file: 'charts/x.vl.json', rule: 'chart-too-costly', message: 'drawing charts/x.vl.json took more than 0.001 s; its `impute` may make too many rows' });
    await engine.close();
  });

  test('a chart drawn in the worker is the very chart drawn in this thread', async () => {
    const guarded = engineWith({ ...(guardLimitsFromEnv({}) as GuardLimits), charts: 'all' });
    const inThread = engineWith(false);
    const [a, b] = [await guarded.render(request(barSpec())), await inThread.render(request(barSpec()))];
    expect(a).toEqual(b);
    await guarded.close();
  });

  test('charts sent together are drawn in turn; one stopped for its cost fails alone, and those after it are drawn by a fresh worker', async () => {
    const engine = engineWith({ heapMb: 48, seconds: 600, charts: 'costly' });
    const costly = request(imputeSpec, { specSource, datasets: { rows: grid(20_000) } });
    const small = (n: number) => request({ ...barSpec(), transform: [{ impute: 'value', key: 'category', value: n }] });
    const outcomes = await Promise.allSettled([engine.render(small(1)), engine.render(costly), engine.render(small(2)), engine.render(small(3))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as Error).message).toContain('needed more than 48 MB');
    // each answer is its own chart, not the one before or after it
    const drawn = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    expect(new Set(drawn.map((c) => c.key)).size).toBe(3);
    expect(drawn).toEqual(await Promise.all([1, 2, 3].map((n) => engineWith(false).render(small(n)))));
    await engine.close();
  });

  test('the worker checks specs against Vega-Lite\'s schema between drawings, each answer to its own question', async () => {
    // the worker of these limits is the one checkSpecsBeside sends to
    const engine = engineWith(guardLimitsFromEnv({}));
    const spec = (value: unknown) => ({ file: 'charts/x.vl.json', source: JSON.stringify(value) });
    const [drawn, valid, invalid, none, after] = await Promise.all([
      engine.render(request(barSpec()), { beside: true }),
      checkSpecsBeside([spec(barSpec()), spec({ ...barSpec(), mark: 'line' })]),
      checkSpecsBeside([spec(barSpec()), spec({ ...barSpec(), colour: 'red' })]),
      checkSpecsBeside([]),
      engine.render(request({ ...barSpec(), mark: 'point' }), { beside: true }),
    ]);
    expect([valid, invalid, none]).toEqual([true, false, true]);
    expect(drawn.svg).toContain('<svg');
    expect(after.svg).toContain('<svg');
    expect(after.key).not.toBe(drawn.key);
    expect(checkSpecsBeside([spec(barSpec())], { BRIEF_CHART_GUARD: '0' })).toBeUndefined();
    await engine.close();
  });

  test('`beside` draws a chart that could stay in this thread in the worker, alike to the byte', async () => {
    const engine = engineWith(guardLimitsFromEnv({}));
    engine.prepare();
    const [beside, inThread] = [await engine.render(request(barSpec()), { beside: true }), await engineWith(false).render(request(barSpec()))];
    expect(beside).toEqual(inThread);
    await engine.close();
  });

  test('a retired worker ends once its jobs are answered; a chart asked after is drawn by a fresh one, which ends the same way', async () => {
    const engine = engineWith({ ...(guardLimitsFromEnv({}) as GuardLimits), charts: 'all' });
    const drawing = engine.render(request(barSpec()));
    retireChartGuards();
    expect(runningChartGuards()).toBe(1);
    expect((await drawing).svg).toContain('<svg');
    expect(runningChartGuards()).toBe(0);
    const titled = engine.render(request({ ...barSpec(), title: 'After' }));
    expect(runningChartGuards()).toBe(1);
    expect((await titled).svg).toContain('After');
    expect(runningChartGuards()).toBe(0);
    await engine.close();
  });

  test('user errors found while drawing in the worker come back located', async () => {
    const engine = engineWith(guardLimitsFromEnv({ BRIEF_CHART_GUARD: 'all' }));
    const spec = { data: { values: [{ a: 1 }] }, mark: 'nope', encoding: {} };
    const d = await rejectionDiagnostic(engine.render(request(spec)));
    expect(d.rule).toBe('chart-spec');
    expect(d.file).toBe('charts/x.vl.json');
    await engine.close();
  });

  test('limits from the environment', () => {
    expect(guardLimitsFromEnv({})).toEqual({ heapMb: 512, seconds: 20, charts: 'costly' });
    expect(guardLimitsFromEnv({ BRIEF_CHART_HEAP_MB: '64', BRIEF_CHART_SECONDS: '5', BRIEF_CHART_GUARD: 'all' })).toEqual({ heapMb: 64, seconds: 5, charts: 'all' });
    expect(guardLimitsFromEnv({ BRIEF_CHART_HEAP_MB: 'lots', BRIEF_CHART_SECONDS: '-1' })).toEqual({ heapMb: 512, seconds: 20, charts: 'costly' });
    expect(guardLimitsFromEnv({ BRIEF_CHART_GUARD: '0' })).toBe(false);
  });

  test('charts that can make more than they read go to the worker; those that keep or drop rows stay in this thread', () => {
    expect(canMultiply(barSpec())).toBe(false);
    expect(canMultiply(imputeSpec)).toBe(true);
    const keeping = { transform: [{ filter: { and: ['datum.v > 1', 'isValid(datum.k)'] } }, { calculate: "format(datum.v, '.1f') + ' %'", as: 'l' }, { aggregate: [{ op: 'sum', field: 'v', as: 's' }], groupby: ['k'] }], mark: 'bar', title: 'Sales (EUR)' };
    expect(canMultiply(keeping)).toBe(false);
    expect(canMultiply({ ...keeping, transform: [{ calculate: "split(datum.k, ',')", as: 'parts' }] })).toBe(true);
    expect(canMultiply({ ...keeping, layer: [{ transform: [{ filter: 'length(pad(datum.k, 1e9)) > 0' }] }] })).toBe(true);
    expect(canMultiply({ ...keeping, transform: [{ window: [{ op: 'rank', as: 'r' }] }] })).toBe(true);
    expect(canMultiply({ ...keeping, encoding: { row: { field: 'k' } } })).toBe(true);
  });

  test('the likely costly part: the first transform that is not row-keeping, named by its operation, else a repeat or facet', () => {
    expect(likelyCostlyPart(imputeSpec)).toEqual({ at: ['transform', 0, 'impute'], name: 'impute' });
    const layered = { layer: [{ transform: [{ filter: 'true' }, { flatten: ['a'] }] }], repeat: ['a'] };
    expect(likelyCostlyPart(layered)).toEqual({ at: ['layer', 0, 'transform', 1, 'flatten'], name: 'flatten' });
    expect(likelyCostlyPart({ facet: { row: { field: 'x' } }, spec: { mark: 'bar' } })).toEqual({ at: ['facet'], name: 'facet' });
    const lookedUp = { transform: [{ lookup: 'id', from: { data: { name: 'b' }, key: 'id' } }, { groupby: ['g'], pivot: 'k', value: 'v' }] };
    expect(likelyCostlyPart(lookedUp)).toEqual({ at: ['transform', 1, 'pivot'], name: 'pivot' });
    expect(likelyCostlyPart(barSpec())).toBeUndefined();
  });
});
