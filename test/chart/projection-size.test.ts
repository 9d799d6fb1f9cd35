import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { dropSizeBesideExtent } from '../../src/chart/projection-size.js';

const square = (x: number, y: number, id: string) => ({
  type: 'Feature',
  id,
  properties: { name: id },
  geometry: { type: 'Polygon', coordinates: [[[x, y], [x, y + 2], [x + 2, y + 2], [x + 2, y], [x, y]]] },
});

/** A map fitted into an extent of its own, in a box it fits as a whole: its legend makes the plot narrower than the box. */
const mapSpec = (type: string) =>
  ({
    width: 300,
    height: 200,
    autosize: { type: 'fit', contains: 'padding' },
    projection: { type, fit: { type: 'MultiPoint', coordinates: [[100, 20], [110, 30]] }, extent: [[0, 0], [200, 200]] },
    data: { values: { type: 'FeatureCollection', features: [square(100, 20, 'a'), square(104, 24, 'b'), square(108, 28, 'c')] }, format: { type: 'json', property: 'features' } },
    mark: { type: 'geoshape', stroke: '#fff' },
    encoding: { color: { field: 'properties.name', type: 'nominal', legend: { orient: 'right', title: 'A rather long legend title' } } },
  }) as unknown as TopLevelSpec;

/** A projection type that counts the shapes it streams: as conicEqualArea, registered through Vega's public API. */
function countingProjection(): { type: string; streamed: () => number } {
  const type = `counted${Math.random().toString(36).slice(2)}`;
  const made = (vega.projection as unknown as (type: string) => () => { stream(sink: unknown): unknown })('conicequalarea');
  let streamed = 0;
  vega.projection(type, () => {
    const p = made();
    const stream = p.stream.bind(p);
    p.stream = (sink: unknown) => (streamed++, stream(sink));
    return p;
  });
  return { type, streamed: () => streamed };
}

async function draw(spec: vega.Spec): Promise<string> {
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    await view.runAsync();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

describe('a projection with an extent', () => {
  it('loses the size Vega-Lite gives it, and nothing else', () => {
    const spec = {
      projections: [
        { name: 'a', extent: [[0, 0], [10, 10]], size: { signal: '[width, height]' }, fit: { signal: 'f' } },
        { name: 'b', size: { signal: '[width, height]' }, fit: { signal: 'f' } },
        { name: 'c', extent: { signal: 'e' }, size: { signal: '[width, height]' } },
      ],
      marks: [{ type: 'group', projections: [{ name: 'd', extent: [[0, 0], [5, 5]], size: [5, 5] }] }],
    } as unknown as vega.Spec;
    dropSizeBesideExtent(spec);
    expect(spec).toEqual({
      projections: [
        { name: 'a', extent: [[0, 0], [10, 10]], fit: { signal: 'f' } },
        { name: 'b', size: { signal: '[width, height]' }, fit: { signal: 'f' } },
        // an extent's signal may come to nothing, and the size is read then
        { name: 'c', extent: { signal: 'e' }, size: { signal: '[width, height]' } },
      ],
      marks: [{ type: 'group', projections: [{ name: 'd', extent: [[0, 0], [5, 5]] }] }],
    });
  });

  it('draws the same map, projecting its shapes once fewer when the chart settles its width', async () => {
    const counted = countingProjection();
    const compiled = compile(mapSpec(counted.type)).spec;
    expect(compiled.projections?.[0]).toHaveProperty('size');
    const before = counted.streamed();
    const asCompiled = await draw(structuredClone(compiled));
    const streamedAsCompiled = counted.streamed() - before;

    const dropped = structuredClone(compiled);
    dropSizeBesideExtent(dropped);
    const start = counted.streamed();
    const withoutSize = await draw(dropped);
    const streamedWithoutSize = counted.streamed() - start;

    expect(withoutSize).toBe(asCompiled);
    expect(withoutSize).toContain('<path');
    // the fit, the three shapes' bounds, their drawing: 7 streams; as compiled, the fit and the bounds twice: 11
    expect(streamedWithoutSize).toBeLessThan(streamedAsCompiled);
  });
});
