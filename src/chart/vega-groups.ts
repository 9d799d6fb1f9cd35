import type * as Vega from 'vega';

/** A compiled Vega spec, or a group mark in it: what may hold scales, projections and marks of its own. */
export interface VegaGroup {
  scales?: unknown[];
  projections?: unknown[];
  marks?: unknown[];
}

/** `visit` each group of a compiled Vega spec: the spec itself, then every mark in it, nested ones included. */
export function eachGroup(spec: Vega.Spec, visit: (group: VegaGroup) => void): void {
  const walk = (node: VegaGroup) => {
    visit(node);
    for (const mark of node.marks ?? []) walk(mark as VegaGroup);
  };
  walk(spec as VegaGroup);
}
