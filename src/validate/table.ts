import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Dataset } from '../load/dataset.js';
import type { LoadedYaml, Path } from '../load/yaml.js';
import { isNumberFormat, keptRows, MAX_TABLE_ROWS, type TableBlock } from '../template/table.js';
import { closest } from './suggest.js';

/**
 * A schema-valid `table` block at `at` names what exists: its dataset, and for each
 * column, the filter and the sort, a field of that dataset (or of the block's own rows);
 * every `format` is one d3-format reads.
 */
export function checkTable(block: TableBlock & { source?: string }, at: Path, yaml: LoadedYaml, datasets: ReadonlyMap<string, Dataset>): Diagnostic[] {
  const out: Diagnostic[] = [];
  let fields: string[];
  let lacks: (field: string) => string;
  if (block.data !== undefined) {
    const dataset = datasets.get(block.data);
    if (!dataset) {
      const names = [...datasets.keys()].sort();
      const near = closest(block.data, names);
      out.push(yaml.diagnose([...at, 'data'], 'unknown-dataset', `no dataset \`${block.data}\`: expected a file data/${block.data}.yaml`, near ? `did you mean \`${near}\`?` : names.length ? `datasets are: ${names.join(', ')}` : 'put dataset descriptors in the brief\'s data/ folder'));
      return out;
    }
    if (block.source !== undefined) out.push(yaml.diagnose([...at, 'source'], 'table-source', 'a table of a dataset prints the dataset\'s own source line', `set \`source\` in data/${block.data}.yaml, or remove it here`, 'key'));
    fields = Object.keys(dataset.columns);
    lacks = (field) => `dataset \`${block.data}\` has no field \`${field}\``;
    // laying out rows costs time, and a page holds some dozens: refused before layout
    const rows = keptRows(dataset.rows, block.filter).length;
    // a table of no rows prints its header alone, as if the figures were missing
    if (rows === 0) {
      out.push(
        block.filter
          ? yaml.diagnose([...at, 'filter'], 'table-empty', `no row of dataset \`${block.data}\` passes this filter: the table would print its header alone`, 'check the filter\'s values against the dataset\'s')
          : yaml.diagnose([...at, 'data'], 'table-empty', `dataset \`${block.data}\` has no rows: the table would print its header alone`, 'give the dataset rows (its CSV has only a header?), or leave the table out'),
      );
    }
    if (rows > MAX_TABLE_ROWS && (block.limit ?? Infinity) > MAX_TABLE_ROWS) {
      out.push(yaml.diagnose([...at, 'data'], 'table-too-long', `dataset \`${block.data}\` has ${rows} rows${block.filter ? ' that pass the filter' : ''}; a table prints at most ${MAX_TABLE_ROWS}`, 'keep fewer with `filter`, or print the first rows with `limit`'));
    }
  } else {
    fields = [...new Set((block.rows ?? []).flatMap((row) => Object.keys(row)))];
    lacks = (field) => `the table's rows have no field \`${field}\``;
  }
  const field = (name: string, path: Path, which?: 'key') => {
    if (fields.includes(name)) return;
    const near = closest(name, fields);
    out.push(yaml.diagnose(path, 'unknown-field', lacks(name), near ? `did you mean \`${near}\`?` : `fields are: ${fields.join(', ')}`, which));
  };
  block.columns.forEach((column, i) => {
    field(column.field, [...at, 'columns', i, 'field']);
    if (column.format !== undefined && !isNumberFormat(column.format)) {
      out.push(yaml.diagnose([...at, 'columns', i, 'format'], 'table-format', `\`${column.format}\` is not a number format`, 'formats are d3-format specifiers: `,d` (1,234), `.1f` (12.3), `,.1f`, `.0%` (12%), `+.1f` (+1.5)'));
    }
  });
  for (const name of Object.keys(block.filter ?? {})) field(name, [...at, 'filter', name], 'key');
  if (block.sort !== undefined) field(block.sort.replace(/^-/, ''), [...at, 'sort']);
  return out;
}
