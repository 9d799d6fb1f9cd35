import type { Dataset } from '../load/dataset.js';
import type { ChartSource } from '../load/brief.js';
import { wordsOf } from '../template/language.js';

/** Names of the datasets a spec reads through `{"data": {"name": …}}`, at any depth. */
export function datasetNamesOf(spec: unknown): string[] {
  const names = new Set<string>();
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'data' && child !== null && typeof child === 'object' && typeof (child as { name?: unknown }).name === 'string') {
          names.add((child as { name: string }).name);
        }
        visit(child);
      }
    }
  };
  visit(spec);
  return [...names].sort();
}

/**
 * The source line printed under a chart: the sources of the datasets it draws. A dataset
 * marked illustrative always says so on the page, whatever its source text says.
 */
export function chartSourceLine(chart: ChartSource, datasets: Map<string, Dataset>, language: string | undefined): string {
  const parts: string[] = [];
  for (const name of datasetNamesOf(chart.spec)) {
    const d = datasets.get(name);
    if (!d) continue;
    const text = datasetSourceLine(d, language);
    if (!parts.includes(text)) parts.push(text);
  }
  return parts.join(' ');
}

/** A dataset's source as printed under what shows it: labelled when its figures are illustrative. */
export function datasetSourceLine(d: Dataset, language: string | undefined): string {
  const { illustrative } = wordsOf(language);
  return d.illustrative && !d.source.toLowerCase().startsWith(illustrative.toLowerCase()) ? `${illustrative}. ${d.source}` : d.source;
}
