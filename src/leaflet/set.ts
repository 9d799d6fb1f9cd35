import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { diagnostic, isUserError, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { LoadBriefOptions } from '../load/brief.js';
import type { Dataset } from '../load/dataset.js';
import { contentFiles } from '../load/files.js';
import { readDataset, readYamlFile } from '../load/read-dataset.js';
import type { LoadedYaml } from '../load/yaml.js';
import { validateYaml } from '../validate/validate.js';
import { createSkeletonExpander } from './expand.js';

/**
 * A leaflet set: one `leaflets.yaml` in a content folder, beside the usual `data/` and
 * `charts/`. Its `leaflets` section names a table (a dataset) with one row per leaflet;
 * the rest of the file is a brief whose strings are expanded over the row. Datasets named
 * in `join` are cut down to the row's own rows, so a chart over them draws only its topic.
 */
export const LEAFLET_SET_FILE = 'leaflets.yaml';

export interface LeafletSection {
  /** Dataset with one row per leaflet. */
  rows: string;
  /** Column whose value identifies a row (and a leaflet). */
  key: string;
  /** Handlebars expression over the row: the PDF's base name. */
  name: string;
  /** Dataset name → its column holding the row key. */
  join?: Record<string, string>;
}

/** One leaflet of a set, as planned: which row, which PDF, and what its own data hashes to. */
export interface Leaflet {
  key: string;
  output: string;
  /** SHA-256 of the row and of its rows in each joined dataset. */
  dataHash: string;
}

export interface LeafletSetPlan {
  section: LeafletSection;
  template: string;
  theme: string;
  leaflets: Leaflet[];
  /** Data files hashed per leaflet (through `dataHash`), not as a whole. */
  splitFiles: string[];
}

const OUTPUT_NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Read what planning a set needs, without building anything: its section, the table and
 * the joined datasets. Cheap: YAML and CSV parsing only, through the same readers (and
 * the same safety checks and messages) as a brief's load.
 */
export function planLeafletSet(dir: string, projectRoot: string): LeafletSetPlan {
  const files = contentFiles(dir, projectRoot);
  const yaml = readYamlFile(path.join(dir, LEAFLET_SET_FILE), files);
  const section = leafletSection(yaml);
  const splitFiles: string[] = [];
  const datasets = new Map<string, Dataset>();
  const problems: Diagnostic[] = [];
  for (const name of [section.rows, ...Object.keys(section.join ?? {})]) {
    // a dataset that does not exist is reported at the name in leaflets.yaml (leafletsOf)
    const file = ['yaml', 'yml'].map((ext) => path.join(dir, 'data', `${name}.${ext}`)).find((f) => fs.existsSync(f));
    if (file === undefined) continue;
    try {
      const dataset = readDataset(file, files);
      if (dataset.dataFile) splitFiles.push(dataset.dataFile);
      datasets.set(name, dataset);
    } catch (error) {
      if (!isUserError(error)) throw error;
      problems.push(...error.diagnostics);
    }
  }
  if (problems.length > 0) throw new UserError(problems);
  const value = yaml.value as { template: string; theme: string };
  const set = prepareSet(yaml, datasets);
  const leaflets = [...set.leaflets.values()].map(({ key, output }) => ({
    key,
    output,
    dataHash: hashJson(
      [...splitDatasets(set, datasets, key)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, d]) => [name, d.rows]),
    ),
  }));
  return { section, template: value.template, theme: value.theme, leaflets, splitFiles: splitFiles.sort() };
}

/** How `loadBrief` reads leaflet `key` of a set: the skeleton expanded over its row. */
export function leafletLoadOptions(key: string): LoadBriefOptions {
  return {
    file: LEAFLET_SET_FILE,
    expand(yaml, datasets) {
      const set = prepareSet(yaml, datasets);
      const { section } = set;
      const leaflet = set.leaflets.get(key);
      if (!leaflet) throw new UserError(yaml.diagnose(['leaflets', 'rows'], 'leaflet-unknown-row', `the table \`${section.rows}\` has no row with ${section.key} \`${key}\``));
      const rows = datasets.get(section.rows)!;
      const { leaflets: _section, ...skeleton } = yaml.value as Record<string, unknown>;
      const expander = createSkeletonExpander(yaml, Object.keys(rows.columns));
      const content = { ...(expander.expand(skeleton, rows.rows[leaflet.index]!, []) as Record<string, unknown>), output: leaflet.output };
      return {
        yaml: { ...yaml, value: content },
        datasets: new Map([...datasets, ...splitDatasets(set, datasets, key)]),
      };
    },
  };
}

/** A set's section and leaflets, checked, with each joined dataset's rows indexed by key. */
interface PreparedSet {
  section: LeafletSection;
  /** What it was prepared from: the table, then each joined dataset. */
  from: (Dataset | undefined)[];
  /** Row key → its leaflet, in table order. */
  leaflets: Map<string, { key: string; output: string; index: number }>;
  /** Dataset name → row key → the indices of its rows with that key. */
  rowsByKey: Map<string, Map<string, number[]>>;
}

/**
 * Prepared sets by their parsed file: a batch builds every leaflet of a set from the same
 * parsed file and typed datasets (both cached by content), so the set is checked and
 * indexed once per process, not once per leaflet (which made a batch quadratic).
 */
const preparedSets = new WeakMap<LoadedYaml, PreparedSet>();

function prepareSet(yaml: LoadedYaml, datasets: Map<string, Dataset>): PreparedSet {
  const known = preparedSets.get(yaml);
  const section = known?.section ?? leafletSection(yaml);
  const joins: [string, string][] = [[section.rows, section.key], ...Object.entries(section.join ?? {})];
  const from = joins.map(([name]) => datasets.get(name));
  if (known && known.from.every((d, i) => d === from[i])) return known;
  const leaflets = new Map(leafletsOf(section, yaml, datasets).map((l) => [l.key, l]));
  const rowsByKey = new Map<string, Map<string, number[]>>();
  for (const [name, column] of joins) {
    const index = new Map<string, number[]>();
    datasets.get(name)!.rows.forEach((row, i) => {
      const key = String(row[column] ?? '');
      const list = index.get(key);
      if (list) list.push(i);
      else index.set(key, [i]);
    });
    rowsByKey.set(name, index);
  }
  const set = { section, from, leaflets, rowsByKey };
  preparedSets.set(yaml, set);
  return set;
}

function leafletSection(yaml: LoadedYaml): LeafletSection {
  const problems = validateYaml('leaflets', yaml);
  if (problems.length > 0) throw new UserError(problems);
  return (yaml.value as { leaflets: LeafletSection }).leaflets;
}

/** Every row's key and PDF name; keys and names must be unique. */
function leafletsOf(section: LeafletSection, yaml: LoadedYaml, datasets: Map<string, Dataset>): { key: string; output: string; index: number }[] {
  const rows = datasets.get(section.rows);
  if (!rows) throw new UserError(yaml.diagnose(['leaflets', 'rows'], 'leaflet-unknown-table', `no dataset \`${section.rows}\`: expected data/${section.rows}.yaml`));
  const problems: Diagnostic[] = [];
  if (!(section.key in rows.columns)) {
    problems.push(yaml.diagnose(['leaflets', 'key'], 'leaflet-unknown-column', `the table \`${section.rows}\` has no column \`${section.key}\``, `columns are: ${Object.keys(rows.columns).join(', ')}`));
  }
  for (const [name, column] of Object.entries(section.join ?? {})) {
    const d = datasets.get(name);
    if (!d) problems.push(yaml.diagnose(['leaflets', 'join', name], 'leaflet-unknown-table', `no dataset \`${name}\`: expected data/${name}.yaml`));
    else if (!(column in d.columns)) problems.push(yaml.diagnose(['leaflets', 'join', name], 'leaflet-unknown-column', `dataset \`${name}\` has no column \`${column}\``, `columns are: ${Object.keys(d.columns).join(', ')}`));
  }
  if (problems.length > 0) throw new UserError(problems);

  const expander = createSkeletonExpander(yaml, Object.keys(rows.columns));
  const seenKeys = new Map<string, number>();
  const seenNames = new Map<string, number>();
  const out = rows.rows.map((row, index) => {
    const key = String(row[section.key] ?? '');
    const output = expander.expand(section.name, row, ['leaflets', 'name']) as string;
    const place = rows.place(index, section.key);
    const repeated = seenKeys.has(key);
    if (key === '') problems.push(diagnostic(place, 'leaflet-empty-key', `row ${index + 1} has no ${section.key}`));
    else if (repeated) problems.push(diagnostic(place, 'leaflet-duplicate-key', `${section.key} \`${key}\` is also the key of row ${seenKeys.get(key)! + 1}`, { hint: 'each row of a leaflet table needs its own key' }));
    // a repeated key usually repeats the name made from it: one message is enough
    if (!OUTPUT_NAME.test(output)) problems.push(diagnostic(place, 'leaflet-output-name', `row ${index + 1} would be named ${JSON.stringify(output)}; a PDF name may use letters, digits, '.', '_' and '-'`));
    else if (seenNames.has(output) && !repeated) problems.push(diagnostic(place, 'leaflet-duplicate-name', `row ${index + 1} would overwrite ${output}.pdf of row ${seenNames.get(output)! + 1}`));
    if (!repeated) seenKeys.set(key, index);
    if (!seenNames.has(output)) seenNames.set(output, index);
    return { key, output, index };
  });
  if (problems.length > 0) throw new UserError(problems);
  return out;
}

/** The table and every joined dataset, cut down to the rows of leaflet `key`. */
function splitDatasets(set: PreparedSet, datasets: Map<string, Dataset>, key: string): Map<string, Dataset> {
  const out = new Map<string, Dataset>();
  for (const [name, index] of set.rowsByKey) {
    const d = datasets.get(name)!;
    const kept = index.get(key) ?? [];
    out.set(name, { ...d, rows: kept.map((i) => d.rows[i]!), place: (row, column) => d.place(kept[row] ?? row, column) });
  }
  return out;
}

function hashJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}
