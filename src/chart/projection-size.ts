import type * as Vega from 'vega';

/**
 * Drop a projection's `size` where its `extent` is set: Vega fits a projection into its
 * extent when there is one, and reads `size` for nothing else. Vega-Lite gives every fitted
 * projection `size: [width, height]` all the same, so when a chart that fits its box
 * (autosize `fit`) settles its width, the projection is made again although nothing it
 * draws changed, and every shape on the map is projected once more to find its bounds: a
 * tenth of the China map's drawing. What is drawn is the same.
 */
export function dropSizeBesideExtent(spec: Vega.Spec): void {
  const visit = (node: { projections?: unknown[]; marks?: unknown[] }) => {
    for (const projection of node.projections ?? []) {
      const p = projection as { extent?: unknown; size?: unknown };
      if (Array.isArray(p.extent) && 'size' in p) delete p.size;
    }
    for (const mark of node.marks ?? []) visit(mark as { projections?: unknown[]; marks?: unknown[] });
  };
  visit(spec as { projections?: unknown[]; marks?: unknown[] });
}
