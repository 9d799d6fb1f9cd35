import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedJson } from '../load/json.js';
import type { Path } from '../load/yaml.js';

/** A chart on a page never needs more data than this; more would take minutes and gigabytes. */
export const CHART_LIMITS = { maxRows: 100_000 };

type Json = Record<string, unknown>;

/** Rows a `loess` transform may smooth: its cost is quadratic. */
const LOESS_MAX_ROWS = 20_000;

/**
 * Refuse, before anything is drawn, a spec whose data would be huge: a `sequence`
 * generator of millions of rows (or one that never ends), a graticule of a tiny step,
 * inline values or datasets over the limit, multiplied by any `fold`. `datasetRows` gives
 * the row count of each dataset of the brief. The chart engine may call this for specs
 * it renders outside a brief.
 */
export function checkChartSize(json: LoadedJson, datasetRows: Map<string, number>, limit = CHART_LIMITS.maxRows): Diagnostic[] {
  const out: Diagnostic[] = [];
  const tooMany = (at: Path, what: string, rows: number) =>
    out.push(json.diagnose(at, 'chart-too-large', `${what} makes ${Number.isFinite(rows) ? `${Math.ceil(rows).toLocaleString('en')} rows` : 'rows without end'}; a chart may draw at most ${limit.toLocaleString('en')}`, 'aggregate or sample the data before it reaches the chart'));

  /** Rows a data source gives, reporting one over the limit at its place. */
  const rowsOf = (data: unknown, at: Path): number => {
    if (data === null || typeof data !== 'object') return 0;
    const d = data as Json;
    if (d.sequence && typeof d.sequence === 'object') {
      const n = sequenceLength(d.sequence as Json);
      if (n > limit) tooMany([...at, 'sequence'], 'the sequence generator', n);
      return n;
    }
    if (d.graticule && typeof d.graticule === 'object') {
      const step = (d.graticule as Json).step ?? (d.graticule as Json).stepMinor;
      const [sx, sy] = Array.isArray(step) ? step : [10, 10];
      const n = typeof sx === 'number' && typeof sy === 'number' && sx > 0 && sy > 0 ? 360 / sx + 180 / sy : Infinity;
      if (n > limit) tooMany([...at, 'graticule'], 'the graticule', n);
      return n;
    }
    if (Array.isArray(d.values)) {
      if (d.values.length > limit) tooMany([...at, 'values'], 'the inline data', d.values.length);
      return d.values.length;
    }
    if (typeof d.name === 'string') return datasetRows.get(d.name) ?? 0;
    return 0;
  };

  const view = (spec: unknown, at: Path) => {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return;
    const v = spec as Json;
    let rows = 'data' in v ? rowsOf(v.data, [...at, 'data']) : 0;
    if (Array.isArray(v.transform)) {
      v.transform.forEach((t, k) => {
        if (!t || typeof t !== 'object') return;
        const x = t as Json;
        if (Array.isArray(x.fold)) {
          const before = rows;
          rows *= x.fold.length;
          if (before <= limit && rows > limit) tooMany([...at, 'transform', k, 'fold'], 'this fold', rows);
        }
        // an expression that builds an array (`sequence(0, 1e8)`), which `flatten` then turns into rows
        for (const key of ['calculate', 'filter'] as const) {
          if (typeof x[key] !== 'string') continue;
          for (const n of sequenceCalls(x[key] as string)) if (n > limit) tooMany([...at, 'transform', k, key], 'the `sequence(…)` in this expression', n);
        }
        // density and quantile make rows of their own, per group: `steps` samples, `1 / step` quantiles
        for (const key of ['steps', 'maxsteps'] as const) {
          if (typeof x.density === 'string' && typeof x[key] === 'number' && x[key] > limit) tooMany([...at, 'transform', k, key], `this density estimate's \`${key}\``, x[key]);
        }
        if (typeof x.quantile === 'string' && typeof x.step === 'number' && x.step > 0 && 1 / x.step > limit) tooMany([...at, 'transform', k, 'step'], 'this quantile `step`', 1 / x.step);
        // loess's time grows with the square of its rows: 50,000 took ten seconds, 100,000 about a minute
        if (typeof x.loess === 'string' && rows > LOESS_MAX_ROWS) {
          out.push(json.diagnose([...at, 'transform', k, 'loess'], 'chart-too-large', `loess over ${rows.toLocaleString('en')} rows would take minutes (its time grows with the square of the rows); it may smooth at most ${LOESS_MAX_ROWS.toLocaleString('en')}`, 'aggregate or sample the data before the loess'));
        }
        const keyvals = (x.keyvals ?? null) as Json | null;
        if (keyvals && typeof keyvals === 'object' && !Array.isArray(keyvals)) {
          const n = sequenceLength(keyvals);
          if (n > limit) tooMany([...at, 'transform', k, 'keyvals'], 'the imputed key sequence', n);
        }
      });
    }
    for (const key of ['layer', 'concat', 'hconcat', 'vconcat'] as const) {
      if (Array.isArray(v[key])) (v[key] as unknown[]).forEach((c, k) => view(c, [...at, key, k]));
    }
    if (v.spec) view(v.spec, [...at, 'spec']);
  };

  const root = json.value;
  if (root && typeof root === 'object' && !Array.isArray(root)) {
    const inline = (root as Json).datasets;
    if (inline && typeof inline === 'object') {
      for (const [name, values] of Object.entries(inline)) {
        if (Array.isArray(values) && values.length > limit) tooMany(['datasets', name], `dataset \`${name}\``, values.length);
      }
    }
    view(root, []);
  }
  return out;
}

/** The lengths of the `sequence(start, stop[, step])` calls of a Vega expression whose arguments are numbers written out. */
function sequenceCalls(expression: string): number[] {
  const number = String.raw`\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*`;
  const call = new RegExp(String.raw`\bsequence\s*\(${number}(?:,${number})?(?:,${number})?\)`, 'g');
  return [...expression.matchAll(call)].map((m) => {
    const [a, b, c] = [m[1], m[2], m[3]].map((v) => (v === undefined ? undefined : Number(v)));
    // sequence(stop) counts from 0; sequence(start, stop[, step])
    return b === undefined ? sequenceLength({ start: 0, stop: a! }) : sequenceLength({ start: a!, stop: b, ...(c !== undefined ? { step: c } : {}) });
  });
}

/** Rows of a Vega-Lite sequence `{start, stop, step}`; Infinity when it would not end. */
function sequenceLength(seq: Json): number {
  const start = typeof seq.start === 'number' ? seq.start : 0;
  const stop = typeof seq.stop === 'number' ? seq.stop : 0;
  const step = typeof seq.step === 'number' ? seq.step : 1;
  if (!Number.isFinite(start) || !Number.isFinite(stop) || !Number.isFinite(step)) return Infinity;
  if (step === 0) return start === stop ? 0 : Infinity;
  const n = (stop - start) / step;
  return n <= 0 ? 0 : Math.ceil(n);
}

/** Marks one chart may draw: more cannot be told apart on a page. The drawn chart is checked too (chart/render.ts). */
export const MAX_MARKS_PER_CHART = 20_000;

/** Transforms after which each row of the data is still one row. */
const ROW_KEEPING = new Set(['calculate', 'timeUnit', 'joinaggregate', 'window', 'stack', 'bin', 'extent']);

/**
 * Refuse, before anything is drawn, a mark drawn once per row of a dataset of more rows
 * than a chart may draw marks: a bar per row of 99,999 was drawn in seconds and most of a
 * gigabyte (more than a build worker has) only to be refused once drawn, with no place
 * to point at. Only what is sure is told: a view of a dataset whose transforms all keep
 * its rows, no aggregate or bin in its encoding, and at least so many rows with a value
 * in every field the mark encodes (rows without one may be left out). `filled` gives,
 * for each dataset of the brief, how many rows have a value in each column.
 */
export function checkMarksPerRow(json: LoadedJson, filled: Map<string, Record<string, number>>, limit = MAX_MARKS_PER_CHART): Diagnostic[] {
  const out: Diagnostic[] = [];
  const view = (spec: unknown, at: Path, inherited: { name?: string; made: Set<string>; kept: boolean }) => {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return;
    const v = spec as Json;
    const data = v.data as Json | undefined;
    const from = data !== undefined ? { name: typeof data?.name === 'string' ? data.name : undefined, made: new Set<string>(), kept: true } : { ...inherited, made: new Set(inherited.made) };
    for (const t of Array.isArray(v.transform) ? v.transform : []) {
      const kind = t && typeof t === 'object' ? Object.keys(t as Json).find((k) => ROW_KEEPING.has(k)) : undefined;
      if (!kind) from.kept = false;
      for (const made of [(t as Json)?.as].flat()) if (typeof made === 'string') from.made.add(made);
      for (const op of Array.isArray((t as Json)?.[kind ?? '']) ? ((t as Json)[kind!] as Json[]) : []) if (typeof op?.as === 'string') from.made.add(op.as);
    }
    if (Array.isArray(v.layer)) v.layer.forEach((layer, k) => view(layer, [...at, 'layer', k], from));
    if (v.mark === undefined || from.name === undefined || !from.kept) return;
    const counts = filled.get(from.name);
    const encoding = (v.encoding ?? {}) as Json;
    if (!counts || JSON.stringify(encoding).match(/"(aggregate|bin)"/)) return;
    const fields = Object.values(encoding).flatMap((def) => (def && typeof def === 'object' && !Array.isArray(def) && typeof (def as Json).field === 'string' ? [(def as Json).field as string] : []));
    if (fields.length === 0 || fields.some((f) => from.made.has(f) || counts[f] === undefined)) return;
    const marks = Math.min(...fields.map((f) => counts[f]!));
    if (marks > limit) {
      out.push(json.diagnose([...at, 'mark'], 'chart-too-many-marks', `this mark is drawn once per row: ${marks.toLocaleString('en')} rows of \`${from.name}\` make as many marks; at most ${limit.toLocaleString('en')} print legibly`, 'aggregate or filter the data in the spec (or draw a sample)'));
    }
  };
  view(json.value, [], { made: new Set(), kept: true });
  return out;
}
