import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedJson } from '../load/json.js';
import { checkChartFields, type DatasetColumns } from './chart-fields.js';
import { checkChartSize } from './chart-limits.js';
import { validateVegaLite } from './vega-lite.js';

/** A dataset as charts see it; `undefined` when its files have errors of their own. */
export interface ChartDataset extends DatasetColumns {
  rows: number;
}

/**
 * Everything we can say about a chart spec before drawing it: valid Vega-Lite (against
 * Vega-Lite's own schema), datasets and fields that exist, and data of a drawable size.
 */
export function validateChart(json: LoadedJson, datasets: Map<string, ChartDataset | undefined>): Diagnostic[] {
  const known = new Map<string, DatasetColumns>();
  const rows = new Map<string, number>();
  for (const [name, d] of datasets) {
    // a dataset with errors of its own is reported there: its columns are not checked here
    known.set(name, d ?? { file: '', columns: [] });
    if (d) rows.set(name, d.rows);
  }
  const broken = new Set([...datasets].filter(([, d]) => d === undefined).map(([n]) => n));
  return [
    ...validateVegaLite(json),
    ...checkChartFields(json, known, broken),
    ...checkChartSize(json, rows),
  ];
}
