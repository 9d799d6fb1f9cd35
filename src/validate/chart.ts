import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedJson } from '../load/json.js';
import { checkChartFields, type DatasetColumns } from './chart-fields.js';
import { checkChartSize, checkMarksPerRow } from './chart-limits.js';
import { validateVegaLite } from './vega-lite.js';

/** A dataset as charts see it; `undefined` when its files have errors of their own. */
export interface ChartDataset extends DatasetColumns {
  rows: number;
  /** How many rows have a value in each column. */
  filled?: Record<string, number>;
}

/**
 * Everything we can say about a chart spec before drawing it: valid Vega-Lite (against
 * Vega-Lite's own schema), datasets and fields that exist, and data of a drawable size.
 */
export function validateChart(json: LoadedJson, datasets: Map<string, ChartDataset | undefined>, options: { schema?: boolean } = {}): Diagnostic[] {
  const known = new Map<string, DatasetColumns>();
  const rows = new Map<string, number>();
  const filled = new Map<string, Record<string, number>>();
  for (const [name, d] of datasets) {
    // a dataset with errors of its own is reported there: its columns are not checked here
    known.set(name, d ?? { file: '', columns: [] });
    if (d) rows.set(name, d.rows);
    if (d?.filled) filled.set(name, d.filled);
  }
  const broken = new Set([...datasets].filter(([, d]) => d === undefined).map(([n]) => n));
  return [
    ...(options.schema === false ? [] : validateVegaLite(json)),
    ...checkChartFields(json, known, broken),
    ...checkChartSize(json, rows),
    ...checkMarksPerRow(json, filled),
    ...checkDataUrls(json),
  ];
}

/**
 * Data URLs stay inside the brief: relative paths without `..`, or `pkg:` files of
 * installed packages; nothing is fetched. The chart engine's sandbox enforces this when
 * drawing; here the error gets the spec's line and column.
 */
function checkDataUrls(json: LoadedJson): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (v: unknown, at: (string | number)[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...at, i]));
    else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'url' && typeof child === 'string' && at[at.length - 1] === 'data') {
          const why = refusedUrl(child);
          if (why) out.push(json.diagnose([...at, k], 'chart-data-url', `chart data URL "${child}" is not allowed: ${why}`, 'put the file in the brief\'s folder and name it by a relative path, or use a dataset of data/'));
        } else visit(child, [...at, k]);
      }
    }
  };
  visit(json.value, []);
  return out;
}

function refusedUrl(url: string): string | undefined {
  if (url.startsWith('pkg:')) return url.split(/[\\/]+/).includes('..') ? '".." may not leave the package' : undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) return 'nothing is fetched from the network';
  if (url.startsWith('/') || url.startsWith('\\')) return 'absolute paths are not allowed';
  if (url.split(/[\\/]+/).includes('..')) return '".." may not leave the brief\'s folder';
  return undefined;
}
