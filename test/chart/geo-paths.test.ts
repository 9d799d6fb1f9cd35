import { describe, expect, test } from 'vitest';
import * as vl from 'vega-lite';
import type * as VegaLite from 'vega-lite';
import { createChartEngine } from '../../src/chart/render.js';
import { geoshapesAsPaths } from '../../src/chart/geo-paths.js';
import { dataRoot, euTheme, root } from './helpers.js';

/** Two squares east of one another, as GeoJSON features (clockwise: d3's winding for a polygon's outside). */
const squares = {
  type: 'FeatureCollection',
  features: [0, 20].map((x, i) => ({ type: 'Feature', properties: { n: i }, geometry: { type: 'Polygon', coordinates: [[[x, 0], [x, 10], [x + 10, 10], [x + 10, 0], [x, 0]]] } })),
};
const map = {
  width: 200,
  height: 100,
  data: { values: squares, format: { type: 'json', property: 'features' } },
  projection: { type: 'mercator' },
  mark: { type: 'geoshape', stroke: '#ffffff' },
  encoding: { color: { field: 'properties.n', type: 'nominal' } },
};

describe('map shapes drawn from path strings', () => {
  test('a geoshape mark becomes a path mark with a geopath transform of the item’s datum', () => {
    const compiled = vl.compile(map as VegaLite.TopLevelSpec).spec;
    geoshapesAsPaths(compiled);
    const marks = JSON.stringify(compiled.marks);
    expect(marks).toContain('"type":"path"');
    expect(marks).toContain('{"type":"geopath","projection":"projection","field":"datum","as":"path"}');
    expect(marks).not.toContain('"type":"geoshape"');
  });

  test('leaves a shape written to a field of another name as it is', () => {
    const spec = { marks: [{ type: 'shape', transform: [{ type: 'geoshape', projection: 'p', as: 'outline' }] }] };
    geoshapesAsPaths(spec as never);
    expect(spec.marks[0]!.type).toBe('shape');
    expect(spec.marks[0]!.transform[0]!.type).toBe('geoshape');
  });

  test('draws each feature, filled by its colour', async () => {
    const chart = await createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: root, guard: false }).render({ spec: map, specFile: 'charts/map.vl.json', dataRoot });
    // the squares' outlines, stroked in white (the legend's symbols are circles)
    const paths = [...chart.svg.matchAll(/<path [^>]*d="(M[^"A]+Z)"[^>]*stroke="#ffffff"[^>]*>/g)];
    expect(paths).toHaveLength(2);
    // side by side, each a square of its own
    const xs = paths.map((p) => p[1]!.match(/M([\d.]+)/)![1]).map(Number);
    expect(xs[1]! - xs[0]!).toBeGreaterThan(50);
    expect(new Set(paths.map((p) => /fill="([^"]+)"/.exec(p[0])?.[1])).size).toBe(2);
  });
});
