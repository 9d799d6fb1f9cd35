import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadedJson } from '../load/json.js';
import type { Path } from '../load/yaml.js';
import { closest } from './suggest.js';

/** What a chart may know about a dataset of its brief. */
export interface DatasetColumns {
  /** The descriptor file, relative to the project root. */
  file: string;
  columns: string[];
}

type Json = Record<string, unknown>;

/** Fields a view's data has at some point of its transforms; `any` once we cannot tell. */
interface Scope {
  dataset?: string;
  fields: Set<string> | 'any';
}

const ANY: Scope = { fields: 'any' };

/**
 * Every `field` a spec reads from a dataset of the brief must be one of that dataset's
 * columns, or a field a transform before it created (`calculate`, `aggregate`, `fold`,
 * `lookup`…). Also, every `{"data": {"name": …}}` must name a dataset. Views whose data
 * we cannot see (URLs, inline values, generators, after a `pivot`) are not checked.
 */
export function checkChartFields(json: LoadedJson, datasets: Map<string, DatasetColumns>, unchecked: ReadonlySet<string> = new Set()): Diagnostic[] {
  const out: Diagnostic[] = [];
  const root = json.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return out;
  const inline = new Set(Object.keys(((root as Json).datasets as Json | undefined) ?? {}));

  const use = (scope: Scope, field: unknown, at: Path) => {
    if (typeof field !== 'string' || scope.fields === 'any') return;
    const column = topLevelField(field);
    if (scope.fields.has(column)) return;
    const known = [...scope.fields];
    const near = closest(column, known);
    const d = datasets.get(scope.dataset ?? '');
    const of = scope.dataset ? `dataset \`${scope.dataset}\`${d ? ` (${d.file})` : ''}` : 'the data';
    out.push(
      json.diagnose(at, 'chart-unknown-field', `field \`${column}\` is not a column of ${of} nor made by a transform before it`, `${near ? `did you mean \`${near}\`? ` : ''}fields here are: ${known.join(', ') || 'none'}`),
    );
  };

  const scopeOfData = (data: unknown, at: Path): Scope => {
    if (data === null || typeof data !== 'object') return ANY;
    const name = (data as Json).name;
    if (typeof name !== 'string') return ANY;
    if (inline.has(name) || unchecked.has(name)) return ANY;
    const d = datasets.get(name);
    if (!d) {
      const near = closest(name, [...datasets.keys()]);
      out.push(json.diagnose([...at, 'name'], 'chart-unknown-dataset', `the chart reads dataset \`${name}\`, which the brief's data/ folder does not have`, near ? `did you mean \`${near}\`?` : `datasets are: ${[...datasets.keys()].join(', ') || 'none'}`));
      return ANY;
    }
    return { dataset: name, fields: new Set(d.columns) };
  };

  const view = (spec: unknown, at: Path, inherited: Scope) => {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return;
    const v = spec as Json;
    let scope = 'data' in v ? (v.data === null ? ANY : scopeOfData(v.data, [...at, 'data'])) : inherited;
    if (Array.isArray(v.transform)) {
      v.transform.forEach((t, k) => {
        scope = transform(t, [...at, 'transform', k], scope);
      });
    }
    if (v.encoding && typeof v.encoding === 'object') encoding(v.encoding as Json, [...at, 'encoding'], scope);
    if (v.facet && typeof v.facet === 'object') {
      const f = v.facet as Json;
      if ('field' in f) channel(f, [...at, 'facet'], scope);
      else for (const [k, c] of Object.entries(f)) if (c && typeof c === 'object') channel(c as Json, [...at, 'facet', k], scope);
    }
    for (const key of ['layer', 'concat', 'hconcat', 'vconcat'] as const) {
      const children = v[key];
      if (Array.isArray(children)) children.forEach((c, k) => view(c, [...at, key, k], scope));
    }
    // a repeated spec's fields come from the repeat; skip their names, check the rest
    if (v.spec && typeof v.spec === 'object') view(v.spec, [...at, 'spec'], 'repeat' in v ? ANY : scope);
  };

  const encoding = (enc: Json, at: Path, scope: Scope) => {
    for (const [name, def] of Object.entries(enc)) {
      if (Array.isArray(def)) def.forEach((d, k) => d && typeof d === 'object' && channel(d as Json, [...at, name, k], scope));
      else if (def && typeof def === 'object') channel(def as Json, [...at, name], scope);
    }
  };

  const channel = (def: Json, at: Path, scope: Scope) => {
    use(scope, def.field, [...at, 'field']);
    const sort = def.sort;
    if (sort && typeof sort === 'object' && !Array.isArray(sort)) use(scope, (sort as Json).field, [...at, 'sort', 'field']);
    const condition = def.condition;
    if (Array.isArray(condition)) condition.forEach((c, k) => c && typeof c === 'object' && use(scope, (c as Json).field, [...at, 'condition', k, 'field']));
    else if (condition && typeof condition === 'object') use(scope, (condition as Json).field, [...at, 'condition', 'field']);
  };

  /** Check what a transform reads, and return the fields after it. */
  const transform = (t: unknown, at: Path, scope: Scope): Scope => {
    if (scope.fields === 'any') return scope;
    if (t === null || typeof t !== 'object') return ANY;
    const x = t as Json;
    const reads = (value: unknown, path: Path) => {
      if (typeof value === 'string') use(scope, value, path);
      else if (Array.isArray(value)) value.forEach((f, k) => use(scope, f, [...path, k]));
    };
    const names = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : []);
    const plus = (...added: string[]): Scope => ({ ...scope, fields: new Set([...(scope.fields as Set<string>), ...added]) });
    const sortFields = (sort: unknown, path: Path) => Array.isArray(sort) && sort.forEach((s, k) => s && typeof s === 'object' && use(scope, (s as Json).field, [...path, k, 'field']));

    if ('calculate' in x) return plus(...names(x.as));
    if ('filter' in x) {
      predicateFields(x.filter, [...at, 'filter'], (f, p) => use(scope, f, p));
      return scope;
    }
    if ('aggregate' in x) {
      const ops = Array.isArray(x.aggregate) ? (x.aggregate as Json[]) : [];
      ops.forEach((o, k) => o && typeof o === 'object' && use(scope, o.field, [...at, 'aggregate', k, 'field']));
      reads(x.groupby, [...at, 'groupby']);
      // only the groups and the aggregates survive an aggregate
      return { ...scope, fields: new Set([...names(x.groupby).map(topLevelField), ...ops.flatMap((o) => names(o?.as))]) };
    }
    if ('joinaggregate' in x || 'window' in x) {
      const key = 'window' in x ? 'window' : 'joinaggregate';
      const ops = Array.isArray(x[key]) ? (x[key] as Json[]) : [];
      ops.forEach((o, k) => o && typeof o === 'object' && use(scope, o.field, [...at, key, k, 'field']));
      reads(x.groupby, [...at, 'groupby']);
      sortFields(x.sort, [...at, 'sort']);
      return plus(...ops.flatMap((o) => names(o?.as)));
    }
    if ('bin' in x || 'timeUnit' in x) {
      use(scope, x.field, [...at, 'field']);
      return plus(...names(x.as), ...names(x.as).map((a) => `${a}_end`));
    }
    if ('fold' in x) {
      reads(x.fold, [...at, 'fold']);
      const as = names(x.as);
      return plus(as[0] ?? 'key', as[1] ?? 'value');
    }
    if ('flatten' in x) {
      reads(x.flatten, [...at, 'flatten']);
      return plus(...names(x.as));
    }
    if ('lookup' in x) {
      use(scope, x.lookup, [...at, 'lookup']);
      const from = (x.from ?? {}) as Json;
      const as = names(x.as);
      const fields = names(from.fields);
      if (as.length > 0) return plus(...as);
      if (fields.length > 0) return plus(...fields);
      const fromData = from.data as Json | undefined;
      const d = typeof fromData?.name === 'string' && !unchecked.has(fromData.name) ? datasets.get(fromData.name) : undefined;
      return d ? plus(...d.columns) : ANY;
    }
    if ('density' in x || 'quantile' in x) {
      const key = 'density' in x ? 'density' : 'quantile';
      use(scope, x[key], [...at, key]);
      reads(x.groupby, [...at, 'groupby']);
      const as = names(x.as);
      return key === 'density' ? plus(as[0] ?? 'value', as[1] ?? 'density') : plus(as[0] ?? 'prob', as[1] ?? 'value');
    }
    if ('regression' in x || 'loess' in x) {
      const key = 'regression' in x ? 'regression' : 'loess';
      use(scope, x[key], [...at, key]);
      use(scope, x.on, [...at, 'on']);
      reads(x.groupby, [...at, 'groupby']);
      return plus(...names(x.as));
    }
    if ('impute' in x) {
      use(scope, x.impute, [...at, 'impute']);
      use(scope, x.key, [...at, 'key']);
      reads(x.groupby, [...at, 'groupby']);
      return scope;
    }
    if ('stack' in x) {
      use(scope, x.stack, [...at, 'stack']);
      reads(x.groupby, [...at, 'groupby']);
      sortFields(x.sort, [...at, 'sort']);
      return plus(...names(x.as));
    }
    if ('extent' in x) {
      use(scope, x.extent, [...at, 'extent']);
      return scope;
    }
    if ('sample' in x) return scope;
    // pivot makes columns from data values; anything unknown: stop checking
    return ANY;
  };

  view(root, [], ANY);
  return out;
}

/** Fields a filter predicate names, through `and`/`or`/`not`. */
function predicateFields(p: unknown, at: Path, use: (field: unknown, at: Path) => void): void {
  if (p === null || typeof p !== 'object') return;
  if (Array.isArray(p)) return;
  const x = p as Json;
  if ('field' in x) use(x.field, [...at, 'field']);
  for (const key of ['and', 'or'] as const) {
    if (Array.isArray(x[key])) (x[key] as unknown[]).forEach((q, k) => predicateFields(q, [...at, key, k], use));
  }
  if ('not' in x) predicateFields(x.not, [...at, 'not'], use);
}

/**
 * The column a Vega-Lite field string reads: `a.b` and `a[0]` read into column `a`, and
 * `a\.b` is the column named `a.b`.
 */
export function topLevelField(field: string): string {
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const c = field[i]!;
    if (c === '\\' && i + 1 < field.length) {
      out += field[++i];
      continue;
    }
    if (c === '.' || c === '[') return out;
    out += c;
  }
  return out;
}
