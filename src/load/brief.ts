import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { diagnostic, isUserError, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BriefContent } from '../content/types.js';
import { validateYaml } from '../validate/validate.js';
import { csvPathOf, typeDataset, type Dataset, type DatasetDescriptor } from './dataset.js';
import { parseJson } from './json.js';
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

/**
 * Read a brief folder: `brief.yaml`, every dataset descriptor in `data/` (with its CSV) and
 * every chart spec in `charts/`. Problems in all files are collected and thrown together.
 */
export function loadBrief(dir: string, projectRoot: string): LoadedBrief {
  const problems: Diagnostic[] = [];
  const inputs = new Map<string, string>();
  const rel = (p: string) => path.relative(projectRoot, p) || p;
  const read = (file: string): string | undefined => {
    try {
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

  const briefFile = path.join(dir, BRIEF_FILE);
  const source = read(briefFile);
  if (source === undefined) throw new UserError(problems);
  const yaml = parseYaml(rel(briefFile), source);
  const schemaProblems = validateYaml('brief', yaml);
  problems.push(...schemaProblems);

  const datasets = new Map<string, Dataset>();
  const dataDir = path.join(dir, 'data');
  for (const entry of listFiles(dataDir, /\.ya?ml$/)) {
    const file = path.join(dataDir, entry);
    const name = entry.replace(/\.ya?ml$/, '');
    const text = read(file);
    if (text === undefined) continue;
    collect(() => {
      const descriptorYaml = parseYaml(rel(file), text);
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
      datasets.set(name, typeDataset(name, descriptor, descriptorYaml, csv));
    });
  }

  const charts = new Map<string, ChartSource>();
  const chartDir = path.join(dir, 'charts');
  for (const entry of listFiles(chartDir, /\.vl\.json$/)) {
    const file = path.join(chartDir, entry);
    const text = read(file);
    if (text === undefined) continue;
    collect(() => {
      const spec = parseJson(rel(file), text);
      const name = entry.replace(/\.vl\.json$/, '');
      charts.set(name, { name, file: rel(file), spec, source: text });
    });
  }

  const content = yaml.value as BriefContent;
  if (schemaProblems.length === 0) problems.push(...checkReferences(content, yaml, charts));
  if (problems.length > 0) throw new UserError(problems);
  return { name: path.basename(dir), dir, yaml, content, datasets, charts, inputs };
}

/** Chart blocks must name a chart spec of the brief, wherever they are nested. */
function checkReferences(content: BriefContent, yaml: LoadedYaml, charts: Map<string, ChartSource>): Diagnostic[] {
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
  return out;
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
