import { diagnostic, UserError } from '../diagnostics/diagnostic.js';

export const CSV_LIMITS = { maxRows: 100_000, maxBytes: 16 * 1024 * 1024 };

export interface CsvTable {
  header: string[];
  /** Data rows (the header excluded), each cell a string. */
  rows: string[][];
  /** 1-based source line of each data row. */
  rowLines: number[];
  /** 1-based source column where each cell of each data row starts. */
  cellColumns: number[][];
}

/**
 * RFC 4180 CSV: comma-separated, double-quoted fields with "" for a quote, CRLF or LF.
 * Keeps the line and column of every cell so later type errors can point at it.
 */
export function parseCsv(file: string, source: string): CsvTable {
  if (source.length > CSV_LIMITS.maxBytes) {
    throw new UserError(diagnostic({ file, line: 0, column: 0 }, 'file-too-large', `CSV is ${source.length} bytes; at most ${CSV_LIMITS.maxBytes} are read`));
  }
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const records: { cells: string[]; line: number; columns: number[] }[] = [];
  let cells: string[] = [];
  let columns: number[] = [];
  let field = '';
  let line = 1;
  let column = 1;
  let recordLine = 1;
  let fieldColumn = 1;
  let i = 0;
  const endField = () => {
    cells.push(field);
    columns.push(fieldColumn);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(cells.length === 1 && cells[0] === '')) records.push({ cells, line: recordLine, columns });
    if (records.length > CSV_LIMITS.maxRows + 1) {
      throw new UserError(diagnostic({ file, line, column: 1 }, 'csv-too-many-rows', `CSV has more than ${CSV_LIMITS.maxRows} rows`, { source: text, hint: 'aggregate the data before it goes into a brief' }));
    }
    cells = [];
    columns = [];
  };
  // each field is cut from the text in one piece (or a few, around doubled quotes): added
  // a character at a time, a field of thousands kept a string node per character, and a
  // 16 MB file of long cells took half a gigabyte to read
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && column === fieldColumn) {
      // quoted field
      const startLine = line;
      const startColumn = column;
      i++;
      column++;
      let closed = false;
      const parts: string[] = [];
      let from = i;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            parts.push(text.slice(from, i + 1));
            i += 2;
            column += 2;
            from = i;
            continue;
          }
          closed = true;
          break;
        }
        if (c === '\n') {
          line++;
          column = 1;
        } else column++;
        i++;
      }
      if (!closed) {
        throw new UserError(diagnostic({ file, line: startLine, column: startColumn }, 'csv-syntax', 'CSV quoted field is never closed', { source: text, hint: 'add the closing double quote' }));
      }
      parts.push(text.slice(from, i));
      field = parts.join('');
      i++;
      column++;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new UserError(diagnostic({ file, line, column }, 'csv-syntax', `CSV: unexpected ${JSON.stringify(next)} after a closing quote`, { source: text, hint: 'a quote inside a quoted field is written twice: ""' }));
      }
      continue;
    }
    if (ch === ',') {
      endField();
      i++;
      column++;
      fieldColumn = column;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      column = 1;
      fieldColumn = 1;
      recordLine = line;
      continue;
    }
    // the rest of an unquoted field, up to the next comma or line end
    const from = i;
    while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') i++;
    field += text.slice(from, i);
    column += i - from;
  }
  if (field !== '' || cells.length > 0) endRecord();
  if (records.length === 0) {
    throw new UserError(diagnostic({ file, line: 1, column: 1 }, 'csv-empty', 'CSV file is empty: a header row is expected'));
  }
  const [head, ...body] = records;
  const header = head!.cells.map((h) => h.trim());
  const seen = new Set<string>();
  header.forEach((name, k) => {
    if (name === '') throw new UserError(diagnostic({ file, line: head!.line, column: head!.columns[k]! }, 'csv-header', `CSV header: column ${k + 1} has no name`, { source: text }));
    if (name === '__proto__') throw new UserError(diagnostic({ file, line: head!.line, column: head!.columns[k]! }, 'reserved-key', 'CSV header: `__proto__` is reserved and cannot name a column', { source: text, hint: 'rename the column' }));
    if (seen.has(name)) throw new UserError(diagnostic({ file, line: head!.line, column: head!.columns[k]! }, 'csv-header', `CSV header: column \`${name}\` appears twice`, { source: text }));
    seen.add(name);
  });
  for (const r of body) {
    if (r.cells.length !== header.length) {
      const col = r.columns[Math.min(r.cells.length, header.length) - 1] ?? 1;
      throw new UserError(
        diagnostic({ file, line: r.line, column: col }, 'csv-row-width', `CSV row has ${r.cells.length} fields; the header has ${header.length}`, { source: text, hint: 'quote fields that contain commas: "a, b"' }),
      );
    }
  }
  return { header, rows: body.map((r) => r.cells), rowLines: body.map((r) => r.line), cellColumns: body.map((r) => r.columns) };
}
