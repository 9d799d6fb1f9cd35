import path from 'node:path';
import { diagnostic, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BriefContent } from '../content/types.js';
import { formatPath, validateYaml } from '../validate/validate.js';
import { listContentFiles, type ProjectFiles } from './files.js';
import { parseJsonWithPlaces } from './json.js';
import { readYamlFile } from './read-dataset.js';
import type { ChartSource, LoadedBrief } from './brief.js';
import type { Dataset, Row } from './dataset.js';
import type { LoadedYaml, Path } from './yaml.js';
import { NOTE_REFERENCE } from '../template/inline.js';

/**
 * Translations of a brief: `lang/LANGUAGE.yaml` beside `brief.yaml`, one per language,
 * each giving every text of the brief in that language by its path:
 *
 *   content:                       brief.yaml: every text, none left out
 *     meta.title: Rapport international sur la Chine
 *     pages[overview].blocks[growth].title: …     pages by `name`, blocks by `id`, or by index
 *   data:                          data/NAME.yaml: its title and source, and the values of
 *     gdp-growth:                  the string columns listed (every value of each)
 *       source: Bureau national de la statistique de Chine
 *       columns: { quarter: { Q1 2020: T1 2020 } }
 *   charts:                        charts/NAME.vl.json: every title and worded label expression,
 *     gdp-growth:                  and any other string of the spec by its path
 *       encoding.x.axis.title: …
 *
 * A path that names nothing, a text left out, or a value a column does not have is an
 * error at its place; the translated brief is the source brief with the texts replaced.
 */
export const TRANSLATIONS_DIR = 'lang';
const LANGUAGE_FILE = /^([a-z]{2}(?:-[A-Z]{2})?)\.yaml$/;

/** Keys whose strings are names, references or codes, not text to translate. */
const NOT_TEXT = new Set(['template', 'theme', 'output', 'type', 'chart', 'icon', 'link', 'id', 'date', 'language', 'standards', 'image', 'data', 'field', 'format', 'align', 'sort']);
/** Fields whose whole value is data, not words: a table's filter values match its dataset's (translated with them: see translateTableFilters). */
const NOT_TEXT_WITHIN = new Set(['filter']);

export interface Translation {
  content?: Record<string, string>;
  data?: Record<string, { title?: string; source?: string; columns?: Record<string, Record<string, string>> }>;
  charts?: Record<string, Record<string, string>>;
}

/**
 * Files of a brief's `lang/` folder that no translation is read from (`de.yml`,
 * `pt-br.yaml`, `zh-Hant.yaml`), as warnings at each: they would be skipped unseen.
 */
export function unreadTranslationFiles(dir: string, projectRoot: string): Diagnostic[] {
  return listContentFiles(path.join(dir, TRANSLATIONS_DIR), /./)
    .filter((f) => !LANGUAGE_FILE.test(f) && !f.startsWith('.'))
    .map((f) => ({
      ...diagnostic({ file: path.relative(projectRoot, path.join(dir, TRANSLATIONS_DIR, f)), line: 0, column: 0 }, 'translation-file-name', `\`${f}\` is not read: a translation file is named by its language, such as \`fr.yaml\` or \`de-AT.yaml\``, { hint: 'rename it (a language code, a region in capitals, `.yaml`), or move it out of lang/' }),
      severity: 'warning' as const,
    }));
}

/** The languages a brief folder is translated into: its `lang/*.yaml`, by name. */
export function translationLanguages(dir: string): string[] {
  return listContentFiles(path.join(dir, TRANSLATIONS_DIR), /\.yaml$/).flatMap((f) => LANGUAGE_FILE.exec(f)?.[1] ?? []);
}

/** The brief in `language`, from its `lang/LANGUAGE.yaml`; every problem of the translation thrown together. */
export function translateBrief(brief: LoadedBrief, language: string, files: ProjectFiles): LoadedBrief {
  const file = path.join(brief.dir, TRANSLATIONS_DIR, `${language}.yaml`);
  const yaml = readYamlFile(file, files);
  const invalid = validateYaml('translation', yaml);
  if (invalid.length > 0) throw new UserError(invalid);
  const translation = yaml.value as Translation;
  const problems: Diagnostic[] = [];
  const ctx: Context = { yaml, language, problems };

  const content = structuredClone(brief.content);
  replaceTexts(ctx, ['content'], translation.content ?? {}, content, contentTexts(brief.content), brief.yaml);
  content.meta.language = language;

  sameNoteReferences(ctx, translation.content ?? {}, brief.content);

  const datasets = new Map<string, Dataset>();
  for (const [name, dataset] of brief.datasets) datasets.set(name, translateDataset(ctx, name, dataset, translation.data?.[name], files));
  unknownNames(ctx, 'data', translation.data, brief.datasets, 'dataset');
  translateTableFilters(content, translation.data ?? {});

  const charts = new Map<string, ChartSource>();
  const renamed = renamedValues(translation.data ?? {});
  for (const [name, chart] of brief.charts) {
    const spec = structuredClone(chart.spec);
    const json = parseJsonWithPlaces(chart.file, chart.source);
    replaceTexts(ctx, ['charts', name], translation.charts?.[name] ?? {}, spec, chartTexts(chart.spec), json, { anyString: true });
    untranslatedValues(ctx, name, spec, json, renamed);
    charts.set(name, { ...chart, spec });
  }
  unknownNames(ctx, 'charts', translation.charts, brief.charts, 'chart');

  if (problems.length > 0) throw new UserError(problems);
  return { ...brief, content: content as BriefContent, datasets, charts, inputs: files.hashes, translation: yaml };
}

/**
 * A translated text refers to the notes its source text refers to, in the same order:
 * notes are numbered by their references, and a note the translation drops would vanish.
 */
function sameNoteReferences(ctx: Context, entries: Record<string, string>, source: unknown): void {
  const refs = (text: string) => [...text.matchAll(NOTE_REFERENCE)].map((m) => m[1]!);
  for (const [key, text] of Object.entries(entries)) {
    const at = resolvePath(source, key);
    const original = typeof at === 'string' ? undefined : valueAt(source, at);
    if (typeof original !== 'string' || typeof text !== 'string') continue;
    const want = refs(original);
    const got = refs(text);
    if (want.join('\0') === got.join('\0')) continue;
    const list = (keys: string[]) => (keys.length ? keys.map((k) => `\`[^${k}]\``).join(', ') : 'no note');
    ctx.problems.push(ctx.yaml.diagnose(['content', key], 'translation-notes', `the text refers to ${list(want)}, its translation to ${list(got)}`, 'a translation keeps its text\'s note references, in the same order'));
  }
}

/**
 * A table's filter compares with the values of its dataset: where the translation
 * translates a column's values, the filter's value on that column is translated alike,
 * or the table would keep no row.
 */
function translateTableFilters(content: unknown, data: NonNullable<Translation['data']>): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const block = node as { type?: unknown; data?: unknown; filter?: Record<string, unknown> };
      if (block.type === 'table' && typeof block.data === 'string' && block.filter) {
        const columns = data[block.data]?.columns ?? {};
        for (const [field, value] of Object.entries(block.filter)) {
          const values = columns[field];
          if (typeof value === 'string' && values && Object.hasOwn(values, value)) block.filter[field] = values[value];
        }
      }
      Object.values(node).forEach(visit);
    }
  };
  visit(content);
}

/** The data values a translation writes otherwise: source value → translated value. */
function renamedValues(data: NonNullable<Translation['data']>): Map<string, string> {
  const renamed = new Map<string, string>();
  for (const entry of Object.values(data)) for (const values of Object.values(entry?.columns ?? {})) for (const [from, to] of Object.entries(values)) if (from !== to) renamed.set(from, to);
  return renamed;
}

/**
 * A string of a translated chart spec that is still a data value the translation writes
 * otherwise (a scale's `domain`, a sort order, a filter's `oneOf`) would match nothing in
 * the translated data: its bars would draw on one band, its colours go astray. An error
 * at the spec's string, until the translation gives it under `charts.NAME`.
 */
function untranslatedValues(ctx: Context, chart: string, spec: unknown, json: LoadedYaml, translated: ReadonlyMap<string, string>): void {
  if (translated.size === 0) return;
  const visit = (node: unknown, at: Path) => {
    if (typeof node === 'string') {
      const to = translated.get(node);
      if (to === undefined) return;
      const key = formatPath(at);
      ctx.problems.push({
        ...json.diagnose(at, 'translation-chart-value', `\`${node}\` is a value of the chart's data, which the \`${ctx.language}\` translation writes \`${to}\`: the chart would match nothing with it`),
        hint: `give its translation in ${ctx.yaml.file}: \`charts: { ${chart}: { ${key}: ${to} } }\``,
      });
    } else if (Array.isArray(node)) node.forEach((child, i) => visit(child, [...at, i]));
    else if (node && typeof node === 'object') for (const [k, child] of Object.entries(node)) if (k !== 'description' && k !== '$schema') visit(child, [...at, k]);
  };
  visit(spec, []);
}

interface Context {
  /** The translation file. */
  yaml: LoadedYaml;
  language: string;
  problems: Diagnostic[];
}

/**
 * Put each translated text of `entries` (path → text, under `at` in the translation) at
 * its place in `target`; then every text of `required` left without one is an error
 * where the source writes it. With `anyString`, a path may name any string, not only a
 * required text (a chart's scale domain, a calculation that compares a value).
 */
function replaceTexts(ctx: Context, at: Path, entries: Record<string, string>, target: unknown, required: Path[], source: LoadedYaml, options: { anyString?: boolean } = {}): void {
  const done = new Set<string>();
  const texts = new Set(required.map((p) => JSON.stringify(p)));
  for (const [key, text] of Object.entries(entries)) {
    const here = [...at, key];
    const found = resolvePath(target, key);
    if (typeof found === 'string') {
      ctx.problems.push(ctx.yaml.diagnose(here, 'translation-path', `\`${key}\` names nothing in ${source.file}: ${found}`, undefined, 'key'));
      continue;
    }
    const id = JSON.stringify(found);
    if (!texts.has(id) && !(options.anyString && typeof valueAt(target, found) === 'string')) {
      ctx.problems.push(ctx.yaml.diagnose(here, 'translation-path', `\`${key}\` is not a text of ${source.file}`, 'translate texts only: names, icons, links and numbers stay as they are', 'key'));
      continue;
    }
    if (done.has(id)) {
      ctx.problems.push(ctx.yaml.diagnose(here, 'translation-duplicate', `\`${key}\` translates a text already translated above`, undefined, 'key'));
      continue;
    }
    done.add(id);
    setAt(target, found, text);
  }
  for (const p of required) {
    if (done.has(JSON.stringify(p))) continue;
    const name = pathText(valueAt(source.value, []), p);
    ctx.problems.push(source.diagnose(p, 'missing-translation', `\`${name}\` has no translation in ${ctx.yaml.file}`, `add \`${name}: …\` under \`${at.join('.')}\``));
  }
}

function translateDataset(ctx: Context, name: string, dataset: Dataset, entry: Translation['data'] extends Record<string, infer E> | undefined ? E | undefined : never, files: ProjectFiles): Dataset {
  const at = ['data', name];
  const descriptor = readYamlFile(path.join(files.projectRoot, dataset.file), files);
  const missing = (field: string) => ctx.problems.push(descriptor.diagnose([field], 'missing-translation', `the ${field} of dataset \`${name}\` has no translation in ${ctx.yaml.file}`, `add \`${field}: …\` under \`data.${name}\``));
  if (dataset.title !== undefined && entry?.title === undefined) missing('title');
  if (entry?.source === undefined) missing('source');
  let rows = dataset.rows;
  for (const [column, values] of Object.entries(entry?.columns ?? {})) {
    if (dataset.columns[column] !== 'string') {
      const what = dataset.columns[column] === undefined ? 'has no column' : 'has no text column';
      ctx.problems.push(ctx.yaml.diagnose([...at, 'columns', column], 'translation-path', `dataset \`${name}\` ${what} \`${column}\``, `text columns are: ${textColumns(dataset).join(', ') || 'none'}`, 'key'));
      continue;
    }
    const seen = new Set(rows.map((r) => r[column]).filter((v): v is string => typeof v === 'string' && v !== ''));
    for (const value of Object.keys(values)) {
      if (!seen.has(value)) ctx.problems.push(ctx.yaml.diagnose([...at, 'columns', column, value], 'translation-path', `column \`${column}\` of dataset \`${name}\` has no value ${JSON.stringify(value)}`, undefined, 'key'));
    }
    const reported = new Set<string>();
    dataset.rows.forEach((row, i) => {
      const value = row[column];
      if (typeof value !== 'string' || value === '' || Object.hasOwn(values, value) || reported.has(value)) return;
      reported.add(value);
      const message = `${JSON.stringify(value)} of column \`${column}\` has no translation in ${ctx.yaml.file}`;
      ctx.problems.push(diagnostic(dataset.place(i, column), 'missing-translation', message, { source: dataset.text, hint: `every value of a column listed under \`data.${name}.columns\` is translated` }));
    });
    rows = rows.map((row) => (typeof row[column] === 'string' && Object.hasOwn(values, row[column]) ? ({ ...row, [column]: values[row[column]]! } as Row) : row));
  }
  return { ...dataset, ...(entry?.title !== undefined ? { title: entry.title } : {}), source: entry?.source ?? dataset.source, rows };
}

function textColumns(dataset: Dataset): string[] {
  return Object.entries(dataset.columns).flatMap(([c, type]) => (type === 'string' ? [c] : []));
}

function unknownNames(ctx: Context, section: string, given: Record<string, unknown> | undefined, known: ReadonlyMap<string, unknown>, what: string): void {
  for (const name of Object.keys(given ?? {})) {
    if (!known.has(name)) ctx.problems.push(ctx.yaml.diagnose([section, name], 'translation-path', `the brief has no ${what} \`${name}\``, `${what}s are: ${[...known.keys()].join(', ')}`, 'key'));
  }
}

/** Paths of the texts of brief.yaml: every string but names, references and codes (a page's `name`). */
export function contentTexts(content: unknown): Path[] {
  const out: Path[] = [];
  const visit = (value: unknown, at: Path, field: string | undefined) => {
    if (typeof value === 'string') {
      if (field === undefined || NOT_TEXT.has(field) || (at.length === 3 && at[0] === 'pages' && field === 'name')) return;
      out.push(at);
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...at, i], field));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) if (!NOT_TEXT_WITHIN.has(k)) visit(v, [...at, k], k);
  };
  visit(content, [], undefined);
  return out;
}

/** Paths of the texts of a chart spec: its titles, and label expressions that write words (a quoted text with a space). */
export function chartTexts(spec: unknown): Path[] {
  const out: Path[] = [];
  const visit = (value: unknown, at: Path) => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...at, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (typeof v === 'string' && v !== '' && (k === 'title' || k === 'subtitle' || (k === 'labelExpr' && writesWords(v)))) out.push([...at, k]);
        else visit(v, [...at, k]);
      }
    }
  };
  visit(spec, []);
  return out;
}

/** An expression with a quoted text of words in it: `'Province with a plan'`, not `'d'` or `'%'`. */
function writesWords(expression: string): boolean {
  return [...expression.matchAll(/'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"/g)].some((m) => /\p{L}+\s+\p{L}/u.test(m[1] ?? m[2] ?? ''));
}

/**
 * `pages[overview].blocks[growth].title` → `['pages', 0, 'blocks', 3, 'title']` in `value`:
 * dotted keys, and in brackets an index, or the `id` (else `name`) of an item of a list.
 * What does not resolve comes back as a message.
 */
export function resolvePath(value: unknown, text: string): Path | string {
  const steps = /^[A-Za-z0-9_$-]+(\[[^\]]+\])*(\.[A-Za-z0-9_$-]+(\[[^\]]+\])*)*$/.test(text) ? text.match(/[^.[\]]+|\[[^\]]+\]/g)! : undefined;
  if (!steps) return 'write a path such as `pages[0].blocks[2].title` or `meta.title`';
  const out: (string | number)[] = [];
  let here = value;
  for (const step of steps) {
    const shown = pathText(value, out);
    if (step.startsWith('[')) {
      const key = step.slice(1, -1);
      if (!Array.isArray(here)) return `\`${shown}\` is not a list`;
      const index = /^\d+$/.test(key) ? Number(key) : here.findIndex((v) => isNamed(v, key));
      if (index < 0 || index >= here.length) {
        const names = here.flatMap((v) => nameOf(v) ?? []);
        return /^\d+$/.test(key) ? `\`${shown}\` has ${here.length} items` : `\`${shown}\` has no item with id \`${key}\`${names.length ? ` (it has ${names.map((n) => `\`${n}\``).join(', ')})` : ''}`;
      }
      out.push(index);
      here = here[index];
    } else {
      if (!here || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, step)) return `${out.length ? `\`${shown}\`` : 'it'} has no \`${step}\``;
      out.push(step);
      here = (here as Record<string, unknown>)[step];
    }
  }
  return out;
}

function nameOf(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const { id, name } = item as { id?: unknown; name?: unknown };
  return typeof id === 'string' ? id : typeof name === 'string' ? name : undefined;
}

function isNamed(item: unknown, key: string): boolean {
  return nameOf(item) === key;
}

/** A path as a translation writes it, items by their id or name where they have one. */
export function pathText(root: unknown, p: Path): string {
  let out = '';
  let here = root;
  for (const step of p) {
    if (typeof step === 'number') {
      const name = nameOf((here as unknown[])[step]);
      out += `[${name !== undefined && /^[A-Za-z0-9_-]+$/.test(name) && !/^\d+$/.test(name) ? name : step}]`;
    } else out += (out ? '.' : '') + step;
    here = (here as Record<string | number, unknown>)?.[step];
  }
  return out;
}

function valueAt(root: unknown, p: Path): unknown {
  return p.reduce<unknown>((v, step) => (v as Record<string | number, unknown> | undefined)?.[step], root);
}

function setAt(root: unknown, p: Path, text: string): void {
  const parent = valueAt(root, p.slice(0, -1)) as Record<string | number, unknown>;
  parent[p[p.length - 1]!] = text;
}
