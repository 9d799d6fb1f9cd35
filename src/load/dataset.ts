import path from 'node:path';
import { diagnostic, UserError, type Diagnostic, type SourcePlace } from '../diagnostics/diagnostic.js';
import type { LoadedYaml } from './yaml.js';
import { parseCsv } from './csv.js';

export type ColumnType = 'string' | 'number' | 'integer' | 'boolean' | 'date';
export const COLUMN_TYPES: readonly ColumnType[] = ['string', 'number', 'integer', 'boolean', 'date'];

export interface DatasetDescriptor {
  title?: string;
  source: string;
  illustrative?: boolean;
  file?: string;
  values?: Record<string, unknown>[];
  columns: Record<string, { type: ColumnType; description?: string }>;
}

export type Row = Record<string, string | number | boolean | null>;

/** A dataset: typed rows plus where each row came from, and its printed source. */
export interface Dataset {
  name: string;
  /** The descriptor YAML. */
  file: string;
  /** The CSV the rows came from, when not inline. */
  dataFile?: string;
  title?: string;
  source: string;
  illustrative: boolean;
  columns: Record<string, ColumnType>;
  rows: Row[];
  /** Where row i, column c starts in its source file. */
  place(row: number, column?: string): SourcePlace;
  /** The text of the file the rows came from (the CSV, else the descriptor), to quote in errors. */
  text: string;
}

/**
 * Turn a validated descriptor and its rows into typed rows. Every cell whose text does not
 * read as its column's type is reported with its row and column; all of them, not the first.
 */
export function typeDataset(
  name: string,
  descriptor: DatasetDescriptor,
  yaml: LoadedYaml,
  csv?: { file: string; source: string },
): Dataset {
  const columns = Object.fromEntries(Object.entries(descriptor.columns).map(([k, v]) => [k, v.type])) as Record<string, ColumnType>;
  const problems: Diagnostic[] = [];
  const rows: Row[] = [];
  let place: Dataset['place'];
  if (csv) {
    const table = parseCsv(csv.file, csv.source);
    const lines = csv.source.split(/\r?\n/);
    const headerLine = 1;
    for (const col of Object.keys(columns)) {
      if (!table.header.includes(col)) {
        problems.push(diagnostic({ file: csv.file, line: headerLine, column: 1 }, 'data-missing-column', `CSV has no column \`${col}\` declared in ${yaml.file}`, { source: csv.source, hint: `columns are: ${table.header.join(', ')}` }));
      }
    }
    for (const col of table.header) {
      if (!Object.hasOwn(columns, col)) {
        problems.push(yaml.diagnose(['columns'], 'data-undeclared-column', `column \`${col}\` of ${csv.file} has no type in \`columns\``, `add \`${col}: { type: string }\` (or number, integer, boolean, date)`));
      }
    }
    table.rows.forEach((cells, r) => {
      const row: Row = {};
      table.header.forEach((col, c) => {
        const type = Object.hasOwn(columns, col) ? columns[col] : undefined;
        if (!type) return;
        const parsed = readCell(cells[c]!, type);
        if (parsed.ok) row[col] = parsed.value;
        else {
          const excerpt = lines[table.rowLines[r]! - 1];
          problems.push({
            ...diagnostic({ file: csv.file, line: table.rowLines[r]!, column: table.cellColumns[r]![c]! }, 'data-type', `column \`${col}\` is ${typeWords(type)}, found ${JSON.stringify(cells[c])}`),
            ...(excerpt !== undefined ? { excerpt } : {}),
          });
        }
      });
      rows.push(row);
    });
    place = (row, column) => ({
      file: csv.file,
      line: table.rowLines[row] ?? 1,
      column: column !== undefined && table.header.indexOf(column) >= 0 ? table.cellColumns[row]![table.header.indexOf(column)]! : 1,
    });
  } else {
    (descriptor.values ?? []).forEach((value, r) => {
      const row: Row = {};
      for (const [col, type] of Object.entries(columns)) {
        const cell = Object.hasOwn(value, col) ? value[col] : undefined;
        const parsed = cell === undefined || cell === null ? { ok: true as const, value: null } : readValue(cell, type);
        if (parsed.ok) row[col] = parsed.value;
        else problems.push(yaml.diagnose(['values', r, col], 'data-type', `column \`${col}\` is ${typeWords(type)}, found ${JSON.stringify(cell)}`));
      }
      for (const col of Object.keys(value)) {
        if (!Object.hasOwn(columns, col)) problems.push(yaml.diagnose(['values', r, col], 'data-undeclared-column', `column \`${col}\` has no type in \`columns\``, undefined, 'key'));
      }
      rows.push(row);
    });
    place = (row, column) => yaml.locate(column === undefined ? ['values', row] : ['values', row, column]);
  }
  if (problems.length > 0) throw new UserError(problems);
  const dataset: Dataset = {
    name,
    file: yaml.file,
    source: descriptor.source,
    illustrative: descriptor.illustrative === true,
    columns,
    rows,
    place,
    text: csv ? csv.source : yaml.source,
  };
  if (descriptor.title !== undefined) dataset.title = descriptor.title;
  if (csv) dataset.dataFile = csv.file;
  return dataset;
}

/** The CSV a descriptor names, relative to the descriptor. */
export function csvPathOf(descriptorFile: string, file: string): string {
  return path.join(path.dirname(descriptorFile), file);
}

function article(type: ColumnType): string {
  return type === 'integer' ? 'an' : 'a';
}

type Read = { ok: true; value: string | number | boolean | null } | { ok: false };

function readCell(text: string, type: ColumnType): Read {
  const t = text.trim();
  if (t === '' && type !== 'string') return { ok: true, value: null };
  switch (type) {
    case 'string':
      return { ok: true, value: text };
    case 'number': {
      const n = Number(t);
      return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) && Number.isFinite(n) ? { ok: true, value: n } : { ok: false };
    }
    case 'integer':
      return /^[-+]?\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? { ok: true, value: Number(t) } : { ok: false };
    case 'boolean':
      return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : { ok: false };
    case 'date':
      return isIsoDate(t) ? { ok: true, value: t } : { ok: false };
  }
}

/**
 * An ISO 8601 calendar date, `YYYY-MM-DD`, optionally with a time (`T14:30`, `T14:30:15Z`,
 * `T14:30+02:00`): a day the calendar has (no 2020-02-30), written in full (no 2020-03,
 * whose day a chart would have to guess).
 */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d+)?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?)?$/.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** What a column of `type` takes, for messages. */
export function typeWords(type: ColumnType): string {
  return type === 'date' ? 'a date (ISO 8601: YYYY-MM-DD, or with a time, YYYY-MM-DDTHH:MM)' : `${article(type)} ${type}`;
}

function readValue(value: unknown, type: ColumnType): Read {
  if (type === 'string') return typeof value === 'string' || typeof value === 'number' ? { ok: true, value: String(value) } : { ok: false };
  if (type === 'number') return typeof value === 'number' && Number.isFinite(value) ? { ok: true, value } : { ok: false };
  if (type === 'integer') return typeof value === 'number' && Number.isSafeInteger(value) ? { ok: true, value } : { ok: false };
  if (type === 'boolean') return typeof value === 'boolean' ? { ok: true, value } : { ok: false };
  if (value instanceof Date) return { ok: true, value: value.toISOString().slice(0, 10) };
  return typeof value === 'string' ? readCell(value, 'date') : { ok: false };
}
