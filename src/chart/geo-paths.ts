import type * as Vega from 'vega';

/**
 * Map shapes drawn from path strings. Vega-Lite compiles a `geoshape` mark to a Vega
 * `shape` mark whose `geoshape` transform gives each item a function that projects its
 * geometry whenever the item is drawn: once to measure its bounds and once more to write
 * the SVG, each time through every point of the geometry (60,000 for the provinces of
 * China). Vega's `geopath` transform, with the same projection and geometry, writes the
 * projected path once as a string, which a `path` mark both measures and writes: the
 * same shapes, projected once. This is the compiled Vega spec, changed in place.
 */
export function geoshapesAsPaths(spec: Vega.Spec): void {
  const visit = (marks: unknown[] | undefined) => {
    for (const mark of (marks ?? []) as { type?: string; transform?: { type?: string; as?: unknown; field?: unknown }[]; marks?: unknown[] }[]) {
      visit(mark.marks);
      if (mark.type !== 'shape' || !Array.isArray(mark.transform)) continue;
      const geoshapes = mark.transform.filter((t) => t.type === 'geoshape');
      // a shape of another making, or one written to another field, is left as it is
      if (geoshapes.length !== 1 || (geoshapes[0]!.as !== undefined && geoshapes[0]!.as !== 'shape')) continue;
      const transform = geoshapes[0]!;
      transform.type = 'geopath';
      // an item's geometry is its datum: geoshape's default field, which geopath has not
      transform.field ??= 'datum';
      transform.as = 'path';
      mark.type = 'path';
    }
  };
  visit(spec.marks);
}
