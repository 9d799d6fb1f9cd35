import { format as d3Format, formatLocale, formatSpecifier, type FormatLocaleDefinition } from 'd3-format';
import { chartLocale } from '../chart/locale.js';
import type { Row } from '../load/dataset.js';

/**
 * A `table` block's cells, as its partial writes them: the rows of a dataset of the brief
 * (`data:`) or written in the block (`rows:`), kept by `filter`, ordered by `sort`, cut to
 * `limit`, each column's values formatted by its `format` as the charts of the document's
 * language write numbers (`1 234,5` in French). Numbers align right and text left, unless
 * the column says otherwise.
 */
export interface TableColumn {
  field: string;
  title?: string;
  /** A d3-format specifier (`,.1f`, `.0%`, `+d`) for the column's numbers. */
  format?: string;
  align?: 'left' | 'center' | 'right';
  /** Shown in the header, after the title. */
  unit?: string;
}

export interface TableBlock {
  data?: string;
  rows?: Row[];
  /** Keep rows whose fields equal these values. */
  filter?: Record<string, string | number | boolean>;
  /** A field to order rows by; `-field` for descending. */
  sort?: string;
  limit?: number;
  columns: TableColumn[];
}

export interface TableCells {
  head: { title: string; unit: string; align: 'left' | 'center' | 'right' }[];
  body: { text: string; align: 'left' | 'center' | 'right' }[][];
}

/** The most rows a table prints: more than pages hold (the schema's `limit` and `rows` say the same). */
export const MAX_TABLE_ROWS = 100;

/** The rows whose fields equal the filter's values. */
export function keptRows(rows: readonly Row[], filter: TableBlock['filter'] = {}): Row[] {
  return rows.filter((row) => Object.entries(filter).every(([field, value]) => row[field] === value));
}

export function tableCells(block: TableBlock, datasets: Record<string, Row[]>, language?: string): TableCells {
  const locale = language === undefined ? undefined : chartLocale(language);
  const format = locale ? formatLocale(locale.number.definition as unknown as FormatLocaleDefinition).format : d3Format;
  let rows = keptRows(block.rows ?? (block.data !== undefined ? (datasets[block.data] ?? []) : []), block.filter);
  if (block.sort) {
    const descending = block.sort.startsWith('-');
    const field = descending ? block.sort.slice(1) : block.sort;
    // a stable sort: rows that tie keep their order in the data; empty cells go last either way
    rows.sort((a, b) => Number(isEmpty(a[field])) - Number(isEmpty(b[field])) || compare(a[field], b[field]) * (descending ? -1 : 1));
  }
  if (block.limit !== undefined) rows = rows.slice(0, block.limit);
  const columns = block.columns.map((column) => {
    const numeric = rows.some((row) => typeof row[column.field] === 'number');
    // without a format, a number as written, with the language's decimal mark and minus
    const formatter = column.format !== undefined ? format(column.format) : asWritten(locale?.number.definition as { decimal?: string; minus?: string } | undefined);
    return { column, align: column.align ?? (numeric ? 'right' : 'left'), formatter };
  });
  return {
    head: columns.map(({ column, align }) => ({ title: column.title ?? column.field, unit: column.unit ?? '', align })),
    body: rows.map((row) => columns.map(({ column, align, formatter }) => ({ text: cellText(row[column.field], formatter), align }))),
  };
}

/** Whether `specifier` is one d3-format reads. */
export function isNumberFormat(specifier: string): boolean {
  try {
    formatSpecifier(specifier);
    return true;
  } catch {
    return false;
  }
}

function asWritten(definition: { decimal?: string; minus?: string } | undefined): ((n: number) => string) | undefined {
  if (!definition) return undefined;
  return (n) => String(Math.abs(n)).replace('.', definition.decimal ?? '.').replace(/^/, n < 0 ? (definition.minus ?? '-') : '');
}

function cellText(value: Row[string] | undefined, formatter: ((n: number) => string) | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatter ? formatter(value) : String(value);
  return String(value);
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** Numbers by value; anything else by its text. */
function compare(a: Row[string] | undefined, b: Row[string] | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en');
}
