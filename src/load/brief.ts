import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { diagnostic, isUserError, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BriefContent } from '../content/types.js';
import { validateYaml } from '../validate/validate.js';
import { validateChart, type ChartDataset } from '../validate/chart.js';
import { refuseFile } from './files.js';
import { materialDesignIcons, type IconSet } from '../icons/mdi.js';
import { csvPathOf, typeDataset, type Dataset, type DatasetDescriptor } from './dataset.js';
import { parseJsonWithPlaces } from './json.js';
import { parseYaml, type LoadedYaml } from './yaml.js';

export interface ChartSource {
  name: string;
  /** Spec file, relative to the project root. */
  file: string;
  spec: unknown;
  source: string;
}

/** A brief as read from disk: content, typed datasets and chart specs, all validated. */
export interface LoadedBrief {
  /** The brief's folder name. */
  name: string;
  /** Absolute folder of the brief. */
  dir: string;
  yaml: LoadedYaml;
  content: BriefContent;
  datasets: Map<string, Dataset>;
  charts: Map<string, ChartSource>;
  /** Every file read, relative to the project root → SHA-256 of its bytes. */
  inputs: Map<string, string>;
}

export const BRIEF_FILE = 'brief.yaml';

/** How to read a folder whose content file is not a plain brief (a leaflet set). */
export interface LoadBriefOptions {
  /** The content file in the folder; `brief.yaml` when absent. */
  file?: string;
  /**
   * Turns the parsed content file and the folder's datasets into the brief to validate
   * (e.g. one leaflet of a set); runs before schema validation, so errors point at the
   * content file through the returned YAML's `locate`.
   */
  expand?: (yaml: LoadedYaml, datasets: Map<string, Dataset>) => { yaml: LoadedYaml; datasets: Map<string, Dataset> };
}

/**
 * Read a brief folder: `brief.yaml`, every dataset descriptor in `data/` (with its CSV) and
 * every chart spec in `charts/`. Problems in all files are collected and thrown together.
 */
/**
 * Parsed data descriptors and typed datasets of this process, by file names and content
 * hashes: a batch of leaflets reads the same tables for every leaflet, and typing a table
 * is most of loading one. Datasets are never changed after typing (charts get a copy).
 */
const typedDatasets = (() => {
  const KEEP = 256;
  const remember = <T>(map: Map<string, T>, key: string, make: () => T): T => {
    let value = map.get(key);
    if (value === undefined) {
      value = make(); // a UserError thrown here leaves nothing behind
      if (map.size >= KEEP) map.delete(map.keys().next().value!);
      map.set(key, value);
    }
    return value;
  };
  const descriptors = new Map<string, LoadedYaml>();
  const datasets = new Map<string, Dataset>();
  return {
    descriptor: (key: string, make: () => LoadedYaml) => remember(descriptors, key, make),
    dataset: (key: string, make: () => Dataset) => remember(datasets, key, make),
  };
})();

export function loadBrief(dir: string, projectRoot: string, options: LoadBriefOptions = {}): LoadedBrief {
  const problems: Diagnostic[] = [];
  const inputs = new Map<string, string>();
  const rel = (p: string) => path.relative(projectRoot, p) || p;
  const read = (file: string): string | undefined => {
    try {
      // nothing outside the project (a symlinked data file), nothing too big to hold
      const refused = refuseFile(file, projectRoot);
      if (refused) {
        problems.push(diagnostic({ file: rel(file), line: 0, column: 0 }, refused.rule, refused.message, { hint: refused.hint }));
        return undefined;
      }
      const bytes = fs.readFileSync(file);
      inputs.set(rel(file), createHash('sha256').update(bytes).digest('hex'));
      return bytes.toString('utf8');
    } catch (error) {
      problems.push(diagnostic({ file: rel(file), line: 0, column: 0 }, 'unreadable', `cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'})`));
      return undefined;
    }
  };
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (isUserError(error)) {
        problems.push(...error.diagnostics);
        return undefined;
      }
      throw error;
    }
  };

  const briefFile = path.join(dir, options.file ?? BRIEF_FILE);
  const source = read(briefFile);
  if (source === undefined) throw new UserError(problems);
  let yaml = parseYaml(rel(briefFile), source);

  let datasets = new Map<string, Dataset>();
  const dataDir = path.join(dir, 'data');
  const dataNames = listFiles(dataDir, /\.ya?ml$/).map((entry) => entry.replace(/\.ya?ml$/, ''));
  for (const entry of listFiles(dataDir, /\.ya?ml$/)) {
    const file = path.join(dataDir, entry);
    const name = entry.replace(/\.ya?ml$/, '');
    const text = read(file);
    if (text === undefined) continue;
    collect(() => {
      const descriptorKey = `${rel(file)}\0${inputs.get(rel(file))}`;
      const descriptorYaml = typedDatasets.descriptor(descriptorKey, () => parseYaml(rel(file), text));
      const invalid = validateYaml('data', descriptorYaml);
      if (invalid.length > 0) throw new UserError(invalid);
      const descriptor = descriptorYaml.value as DatasetDescriptor;
      let csv: { file: string; source: string } | undefined;
      if (descriptor.file !== undefined) {
        const csvFile = csvPathOf(file, descriptor.file);
        if (!fs.existsSync(csvFile)) {
          throw new UserError(descriptorYaml.diagnose(['file'], 'missing-data-file', `data file \`${descriptor.file}\` does not exist next to ${rel(file)}`));
        }
        const csvText = read(csvFile);
        if (csvText === undefined) return;
        csv = { file: rel(csvFile), source: csvText };
      }
      const key = `${name}\0${descriptorKey}\0${csv ? `${csv.file}\0${inputs.get(csv.file)}` : ''}`;
      datasets.set(name, typedDatasets.dataset(key, () => typeDataset(name, descriptor, descriptorYaml, csv)));
    });
  }

  const charts = new Map<string, ChartSource>();
  const chartDir = path.join(dir, 'charts');
  for (const entry of listFiles(chartDir, /\.vl\.json$/)) {
    const file = path.join(chartDir, entry);
    const text = read(file);
    if (text === undefined) continue;
    collect(() => {
      const json = parseJsonWithPlaces(rel(file), text);
      const name = entry.replace(/\.vl\.json$/, '');
      charts.set(name, { name, file: rel(file), spec: json.value, source: text });
      problems.push(...validateChart(json, chartDatasets(dataNames, datasets)));
    });
  }

  if (options.expand) {
    if (problems.length > 0) throw new UserError(problems);
    ({ yaml, datasets } = options.expand(yaml, datasets));
  }
  const schemaProblems = validateYaml('brief', yaml);
  problems.push(...schemaProblems);
  const content = yaml.value as BriefContent;
  // a spec with errors of its own still exists: blocks naming it are not errors too
  const chartNames = new Set(listFiles(chartDir, /\.vl\.json$/).map((entry) => entry.replace(/\.vl\.json$/, '')));
  if (schemaProblems.length === 0) problems.push(...checkReferences(content, yaml, chartNames));
  if (problems.length > 0) throw new UserError(problems);
  return { name: path.basename(dir), dir, yaml, content, datasets, charts, inputs };
}

/** Chart blocks must name a chart spec of the brief, wherever they are nested. */
function checkReferences(content: BriefContent, yaml: LoadedYaml, charts: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (blocks: unknown[], at: (string | number)[]) => {
    blocks.forEach((b, i) => {
      const block = b as Record<string, unknown>;
      if (block.type === 'chart' && typeof block.chart === 'string' && !charts.has(block.chart)) {
        const names = [...charts.keys()];
        out.push(yaml.diagnose([...at, i, 'chart'], 'unknown-chart', `no chart \`${block.chart}\`: expected a file charts/${block.chart}.vl.json`, names.length ? `charts are: ${names.join(', ')}` : 'put Vega-Lite specs in the brief\'s charts/ folder'));
      }
      if (block.type === 'row' && Array.isArray(block.columns)) {
        block.columns.forEach((c, k) => visit(((c as { blocks?: unknown[] }).blocks ?? []), [...at, i, 'columns', k, 'blocks']));
      }
    });
  };
  content.pages.forEach((p, i) => visit(p.blocks, ['pages', i, 'blocks']));
  out.push(...checkIcons(content, yaml));
  return out;
}

/** Every `icon:` in the content must name an icon of the set, wherever it is nested. */
function checkIcons(content: BriefContent, yaml: LoadedYaml): Diagnostic[] {
  const out: Diagnostic[] = [];
  let icons: IconSet | undefined;
  const visit = (v: unknown, at: (string | number)[]) => {
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...at, i]));
    else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'icon' && typeof child === 'string') {
          icons ??= materialDesignIcons();
          if (icons.path(child) === undefined) {
            const near = icons.suggest(child);
            out.push(yaml.diagnose([...at, k], 'unknown-icon', `unknown icon \`${child}\``, near ? `did you mean \`${near}\`? (names from materialdesignicons.com)` : 'icon names are those of materialdesignicons.com, e.g. `robot-industrial`'));
          }
        } else visit(child, [...at, k]);
      }
    }
  };
  visit(content.pages, ['pages']);
  return out;
}

/** What chart checks know of the datasets: columns and row counts, none for a broken one. */
function chartDatasets(names: string[], datasets: Map<string, Dataset>): Map<string, ChartDataset | undefined> {
  return new Map(names.map((name) => {
    const d = datasets.get(name);
    return [name, d ? { file: d.file, columns: Object.keys(d.columns), rows: d.rows.length } : undefined];
  }));
}

function listFiles(dir: string, pattern: RegExp): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && pattern.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
}
