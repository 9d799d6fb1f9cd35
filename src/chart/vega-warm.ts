import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';

/**
 * Charts drawn once with Vega and Vega-Lite when brief is built, before the code cache of
 * their bundle is written (scripts/build.mjs, validate/code-cache.ts): the functions a
 * drawing compiles are then in the cache. Marks, scales, axes, legends, a layer, a stack,
 * a temporal axis, a text mark and a map, as brief's charts use them; made-up values,
 * never printed.
 */
const WARM_SPECS: unknown[] = [
  {
    data: { values: [{ k: 'a', v: 1, g: 'x' }, { k: 'b', v: 3, g: 'y' }, { k: 'a', v: 2, g: 'y' }] },
    mark: 'bar',
    encoding: { x: { field: 'k', type: 'nominal' }, y: { aggregate: 'sum', field: 'v', type: 'quantitative' }, color: { field: 'g', type: 'nominal' } },
  },
  {
    data: { values: [{ d: '2020-01-01', v: 1 }, { d: '2021-01-01', v: 4 }, { d: '2022-01-01', v: 2 }] },
    layer: [
      { mark: { type: 'line', point: true }, encoding: { x: { field: 'd', type: 'temporal' }, y: { field: 'v', type: 'quantitative' } } },
      { mark: { type: 'text', dy: -8 }, encoding: { x: { field: 'd', type: 'temporal' }, y: { field: 'v', type: 'quantitative' }, text: { field: 'v', format: '.1f' } } },
    ],
  },
  {
    data: { values: [{ k: 'a', v: 2 }, { k: 'b', v: 5 }] },
    mark: { type: 'arc', innerRadius: 20 },
    encoding: { theta: { field: 'v', type: 'quantitative' }, color: { field: 'k', type: 'nominal' } },
  },
  {
    data: {
      values: {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { n: 1 }, geometry: { type: 'Polygon', coordinates: [[[100, 30], [110, 30], [110, 40], [100, 40], [100, 30]]] } }],
      },
      format: { type: 'json', property: 'features' },
    },
    projection: { type: 'conicEqualArea', parallels: [25, 47], rotate: [-105, 0, 0] },
    mark: 'geoshape',
    encoding: { color: { field: 'properties.n', type: 'quantitative' } },
  },
];

export async function warmVega({ vega, vl }: { vega: typeof Vega; vl: typeof VegaLite }): Promise<void> {
  for (const spec of WARM_SPECS) {
    const view = new vega.View(vega.parse(vl.compile({ width: 200, height: 120, ...(spec as object) } as VegaLite.TopLevelSpec).spec), { renderer: 'none' });
    await view.runAsync();
    await view.toSVG();
    view.finalize();
  }
}
