import type * as Vega from 'vega';
import { eachGroup } from './vega-groups.js';

/**
 * Drop a projection's `size` where its `extent` is set: Vega fits a projection into its
 * extent when there is one, and reads `size` for nothing else. Vega-Lite gives every fitted
 * projection `size: [width, height]` all the same, so when a chart that fits its box
 * (autosize `fit`) settles its width, the projection is made again although nothing it
 * draws changed, and every shape on the map is projected once more to find its bounds: a
 * tenth of the China map's drawing. What is drawn is the same.
 */
export function dropSizeBesideExtent(spec: Vega.Spec): void {
  eachGroup(spec, (group) => {
    for (const projection of group.projections ?? []) {
      const p = projection as { extent?: unknown; size?: unknown };
      if (Array.isArray(p.extent) && 'size' in p) delete p.size;
    }
  });
}
