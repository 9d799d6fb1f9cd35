/**
 * Parameterized aggregates (`"aggregate": {"exponential": 0.5}`), which Vega runs but
 * Vega-Lite 6.4 cannot compile. Before compiling, each becomes its plain operator name;
 * after, the compiled aggregate transforms get the parameters back as Vega's
 * `aggregate_params`.
 */
const PARAMETERIZED = new Set(['exponential', 'exponentialb']);

export interface AggregateParams {
  /** `${op}|${field}` → parameter. */
  params: Map<string, number>;
}

/** Rewrite parameterized aggregates in a Vega-Lite spec (in place); return what was taken out. */
export function takeAggregateParams(spec: unknown): AggregateParams {
  const params = new Map<string, number>();
  visit(spec, (node) => {
    const aggregate = node.aggregate;
    if (!aggregate || typeof aggregate !== 'object' || Array.isArray(aggregate)) return;
    const entries = Object.entries(aggregate as Record<string, unknown>);
    if (entries.length !== 1) return;
    const [op, value] = entries[0]!;
    if (!PARAMETERIZED.has(op) || typeof value !== 'number' || typeof node.field !== 'string') return;
    node.aggregate = op;
    params.set(`${op}|${node.field}`, value);
  });
  return { params };
}

/** Put the parameters back on the compiled Vega spec's aggregate transforms (in place). */
export function restoreAggregateParams(vegaSpec: unknown, taken: AggregateParams): void {
  if (taken.params.size === 0) return;
  visit(vegaSpec, (node) => {
    if (node.type !== 'aggregate' && node.type !== 'joinaggregate') return;
    const ops = node.ops as unknown[] | undefined;
    const fields = node.fields as unknown[] | undefined;
    if (!Array.isArray(ops) || !Array.isArray(fields)) return;
    const values = ops.map((op, i) => taken.params.get(`${String(op)}|${fieldName(fields[i])}`) ?? null);
    if (values.some((v) => v !== null)) node.aggregate_params = values;
  });
}

function fieldName(field: unknown): string {
  if (typeof field === 'string') return field;
  if (field && typeof field === 'object' && 'field' in field) return String((field as { field: unknown }).field);
  return '';
}

function visit(value: unknown, fn: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, fn);
  } else if (value && typeof value === 'object') {
    fn(value as Record<string, unknown>);
    for (const child of Object.values(value)) visit(child, fn);
  }
}
