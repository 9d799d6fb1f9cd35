import path from 'node:path';
import { isUserError, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BriefContent } from '../content/types.js';
import { validateYaml } from '../validate/validate.js';
import { validateChart, type ChartDataset } from '../validate/chart.js';
import { MAX_MARKS_PER_CHART } from '../validate/chart-limits.js';
import { checkTable } from '../validate/table.js';
import { checkChartCount, checkPageHeights, eachBlock } from '../validate/document-size.js';
import { closest } from '../validate/suggest.js';
import { NOTE_REFERENCE } from '../template/inline.js';
import type { TableBlock } from '../template/table.js';
import { listContentFiles, contentFiles, type ProjectFiles } from './files.js';
import { eachPicture, readImage, refuseImagePath, type BriefImage } from './image.js';
import { materialDesignIcons, type IconSet } from '../icons/mdi.js';
import type { Dataset } from './dataset.js';
import { parseJsonWithPlaces } from './json.js';
import { readDataset, readYamlFile } from './read-dataset.js';
import { parseYaml, type LoadedYaml } from './yaml.js';
import { processStore } from '../store/process-store.js';
import { translateBrief } from './translation.js';

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
  /** The pictures the content shows, by their path as written (relative to the brief's folder). */
  images: Map<string, BriefImage>;
  /** Every file read, relative to the project root → SHA-256 of its bytes. */
  inputs: Map<string, string>;
  /** The translation the brief was made in another language from (`lang/LANGUAGE.yaml`). */
  translation?: LoadedYaml;
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
  /** The brief in this language, from its translation `lang/LANGUAGE.yaml`. */
  language?: string;
  /**
   * False: chart specs are not checked against Vega-Lite's schema here (every other check
   * is made). For a caller that has them checked elsewhere and loads again, checking all,
   * when that check fails.
   */
  chartSchema?: boolean;
}

/**
 * Read a brief folder: `brief.yaml`, every dataset descriptor in `data/` (with its CSV) and
 * every chart spec in `charts/`. Problems in all files are collected and thrown together.
 */
export function loadBrief(dir: string, projectRoot: string, options: LoadBriefOptions = {}): LoadedBrief {
  const problems: Diagnostic[] = [];
  const files = contentFiles(dir, projectRoot);
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
  // a leaflet set's file is read once per leaflet: parse it once (its value is only read)
  let yaml = options.expand ? readYamlFile(briefFile, files) : parseYaml(files.rel(briefFile), files.read(briefFile));

  let datasets = new Map<string, Dataset>();
  const dataDir = path.join(dir, 'data');
  const dataFiles = listContentFiles(dataDir, /\.ya?ml$/);
  const dataNames = dataFiles.map((entry) => entry.replace(/\.ya?ml$/, ''));
  dataFiles.forEach((entry, i) => collect(() => datasets.set(dataNames[i]!, readDataset(path.join(dataDir, entry), files))));

  const charts = new Map<string, ChartSource>();
  const chartDir = path.join(dir, 'charts');
  const chartFiles = listContentFiles(chartDir, /\.vl\.json$/);
  // what charts are checked against, counted once for all of them
  const known = chartFiles.length > 0 ? chartDatasets(dataNames, datasets) : new Map<string, ChartDataset | undefined>();
  for (const entry of chartFiles) {
    const file = path.join(chartDir, entry);
    collect(() => {
      const text = files.read(file);
      const json = parseJsonWithPlaces(files.rel(file), text);
      const name = entry.replace(/\.vl\.json$/, '');
      charts.set(name, { name, file: files.rel(file), spec: json.value, source: text });
      problems.push(...validateChart(json, known, { schema: options.chartSchema !== false }));
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
  const chartNames = new Set(chartFiles.map((entry) => entry.replace(/\.vl\.json$/, '')));
  const images = new Map<string, BriefImage>();
  if (schemaProblems.length === 0) problems.push(...checkReferences(content, yaml, chartNames, datasets), ...checkPageHeights(content, yaml, specHeights(charts)), ...checkChartCount(content, yaml), ...checkNotes(content, yaml), ...readImages(content, yaml, dir, files, images));
  if (problems.length > 0) throw new UserError(problems);
  const brief = { name: path.basename(dir), dir, yaml, content, datasets, charts, images, inputs: files.hashes };
  // another language: the same brief with the texts of lang/LANGUAGE.yaml
  return options.language !== undefined ? translateBrief(brief, options.language, files) : brief;
}

/**
 * Chart blocks must name a chart spec of the brief, and tables its datasets and their
 * fields, wherever they are nested; a block's `id` names one block of its list only.
 */
function checkReferences(content: BriefContent, yaml: LoadedYaml, charts: ReadonlySet<string>, datasets: ReadonlyMap<string, Dataset>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (blocks: unknown[], at: (string | number)[]) => {
    const ids = new Set<unknown>();
    blocks.forEach((b, i) => {
      const block = b as Record<string, unknown>;
      if (block.id !== undefined && ids.has(block.id)) {
        out.push(yaml.diagnose([...at, i, 'id'], 'duplicate-id', `another block of this list has the id \`${String(block.id)}\``, 'give each block its own id: translations address blocks by it'));
      }
      ids.add(block.id);
      if (block.type === 'chart' && typeof block.chart === 'string' && !charts.has(block.chart)) {
        const names = [...charts.keys()];
        out.push(yaml.diagnose([...at, i, 'chart'], 'unknown-chart', `no chart \`${block.chart}\`: expected a file charts/${block.chart}.vl.json`, names.length ? `charts are: ${names.join(', ')}` : 'put Vega-Lite specs in the brief\'s charts/ folder'));
      }
      if (block.type === 'table') out.push(...checkTable(block as unknown as TableBlock, [...at, i], yaml, datasets));
      if (block.type === 'row' && Array.isArray(block.columns)) {
        block.columns.forEach((c, k) => visit(((c as { blocks?: unknown[] }).blocks ?? []), [...at, i, 'columns', k, 'blocks']));
      }
    });
  };
  content.pages.forEach((p, i) => visit(p.blocks, ['pages', i, 'blocks']));
  out.push(...checkIcons(content, yaml));
  return out;
}

/** How many rows of a dataset have a value in each column. */
function filledCounts(dataset: Dataset): Record<string, number> {
  const counts: Record<string, number> = Object.fromEntries(Object.keys(dataset.columns).map((column) => [column, 0]));
  for (const row of dataset.rows) {
    for (const column in counts) {
      const value = row[column];
      if (value !== null && value !== undefined && !Number.isNaN(value)) counts[column]!++;
    }
  }
  return counts;
}

/** The height each chart's spec sets, where it sets a number. */
function specHeights(charts: ReadonlyMap<string, ChartSource>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, chart] of charts) {
    const height = (chart.spec as { height?: unknown } | null)?.height;
    if (typeof height === 'number') out.set(name, height);
  }
  return out;
}

/** Fields printed as written, without the inline language: a `[^key]` there would print as it is. */
const PLAIN_FIELDS = new Set(['alt', 'image', 'kicker', 'label', 'value', 'name', 'unit', 'field', 'format']);
/** Parts of a block that are data, not text. */
const PLAIN_SUBTREES = new Set(['rows', 'filter', 'logo']);

/**
 * Notes and the references to them agree: every `[^key]` names a note of `notes`, every
 * note is referred to, and a `notes` block prints them (and has notes to print).
 */
function checkNotes(content: BriefContent, yaml: LoadedYaml): Diagnostic[] {
  const out: Diagnostic[] = [];
  const notes = content.notes ?? {};
  const keys = Object.keys(notes);
  const used = new Set<string>();
  let first: (string | number)[] | undefined;
  const visit = (v: unknown, at: (string | number)[]) => {
    if (typeof v === 'string') {
      const field = [...at].reverse().find((p) => typeof p === 'string');
      const plain = at.some((p) => typeof p === 'string' && PLAIN_SUBTREES.has(p)) || (field !== undefined && PLAIN_FIELDS.has(field));
      for (const m of v.matchAll(NOTE_REFERENCE)) {
        if (plain) {
          out.push(yaml.diagnose(at, 'note-in-plain-text', `\`${m[0]}\` would print as written: \`${String(field)}\` is plain text, where no note reference is made`, 'refer to the note from the running text (a paragraph, an intro, a caption)'));
          continue;
        }
        const key = m[1]!;
        first ??= at;
        used.add(key);
        if (key in notes) continue;
        const near = closest(key, keys);
        out.push(yaml.diagnose(at, 'unknown-note', `no note \`${key}\` in \`notes\``, near ? `did you mean \`${near}\`?` : keys.length ? `notes are: ${keys.join(', ')}` : 'add it under `notes:` at the top of the brief'));
      }
    } else if (Array.isArray(v)) v.forEach((x, i) => visit(x, [...at, i]));
    else if (v !== null && typeof v === 'object') for (const [k, child] of Object.entries(v)) visit(child, [...at, k]);
  };
  visit(content.pages, ['pages']);
  // a note's number is given by the text that refers to it: notes do not refer to notes
  for (const key of keys) {
    if (typeof notes[key] === 'string' && new RegExp(NOTE_REFERENCE).test(notes[key])) {
      out.push(yaml.diagnose(['notes', key], 'note-in-note', `note \`${key}\` refers to a note: notes are numbered by the text that refers to them, and cannot refer to each other`, 'write the other note\'s words into this one, or refer to both from the text'));
    }
  }
  for (const key of keys) if (!used.has(key)) out.push(yaml.diagnose(['notes', key], 'unused-note', `note \`${key}\` is never referred to`, `refer to it with \`[^${key}]\` in the text, or remove it`, 'key'));
  let printed: (string | number)[] | undefined;
  eachBlock(content, (block, at) => void (block.type === 'notes' && (printed ??= at)));
  if (printed && keys.length === 0) out.push(yaml.diagnose([...printed, 'type'], 'notes-empty', 'a `notes` block with no notes to print', 'add `notes:` at the top of the brief, and refer to them with `[^key]`'));
  if (!printed && first) out.push(yaml.diagnose(first, 'notes-unprinted', 'the text refers to notes that no `notes` block prints', 'add a block `- type: notes` where the notes go, e.g. at the end of the last page'));
  return out;
}

/**
 * The pictures the content shows, read from the brief's folder (their bytes are inputs
 * of the PDF, like the data): a URL, an absolute path or one that climbs out with `..`,
 * a missing file and bytes that are no PNG, JPEG or SVG are errors at its `image`.
 */
function readImages(content: BriefContent, yaml: LoadedYaml, dir: string, files: ProjectFiles, images: Map<string, BriefImage>): Diagnostic[] {
  const out: Diagnostic[] = [];
  eachPicture(content.pages, ['pages'], (picture, at) => {
    const name = picture.image;
    if (images.has(name)) return;
    const where = [...at, 'image'];
    const refused = refuseImagePath(name);
    if (refused) return void out.push(yaml.diagnose(where, 'image-path', refused, 'put the picture in the brief\'s folder and write its path from there, e.g. `images/logo.png`'));
    const file = path.join(dir, name);
    let bytes: Buffer;
    try {
      bytes = files.bytes(file);
    } catch (error) {
      if (!isUserError(error)) throw error;
      const missing = error.diagnostics.some((d) => d.rule === 'unreadable');
      return void out.push(yaml.diagnose(where, missing ? 'unknown-image' : error.diagnostics[0]!.rule, missing ? `no picture \`${name}\` in ${files.rel(dir)}/` : error.diagnostics[0]!.message, missing ? 'paths are relative to the brief\'s folder' : error.diagnostics[0]!.hint));
    }
    const image = readImage(name, bytes);
    if (typeof image === 'string') return void out.push(yaml.diagnose(where, 'image-format', image, 'save it as PNG, JPEG or SVG (with a width and height or a viewBox)'));
    if (image.cmyk) return void out.push(yaml.diagnose(where, 'image-format', `\`${name}\` is a CMYK JPEG; the document's colours are sRGB`, 'save it as an RGB JPEG'));
    images.set(name, image);
  });
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
          // names looked up before are found in the store, without reading the icon package
          icons ??= materialDesignIcons(processStore());
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

/** What chart checks know of the datasets: columns and row counts, none for a broken one; filled counts only where they can exceed a chart's marks. */
function chartDatasets(names: string[], datasets: Map<string, Dataset>): Map<string, ChartDataset | undefined> {
  return new Map(names.map((name) => {
    const d = datasets.get(name);
    return [name, d ? { file: d.file, columns: Object.keys(d.columns), rows: d.rows.length, filled: d.rows.length > MAX_MARKS_PER_CHART ? filledCounts(d) : undefined } : undefined];
  }));
}
