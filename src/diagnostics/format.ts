import type { Diagnostic } from './diagnostic.js';

/**
 * Print diagnostics grouped by file, in source order, each with its excerpt and a caret
 * under the column:
 *
 *   content/china/brief.yaml
 *     12:5  error  unknown key `titel` (unknown-key)
 *        | titel: China
 *        | ^
 *        hint: did you mean `title`?
 */
export function formatDiagnostics(diagnostics: Diagnostic[]): string {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) {
    const list = byFile.get(d.file) ?? [];
    list.push(d);
    byFile.set(d.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of [...byFile].sort(([a], [b]) => a.localeCompare(b))) {
    out.push(file);
    list.sort((a, b) => a.line - b.line || a.column - b.column);
    for (const d of list) {
      out.push(`  ${d.line}:${d.column}  ${d.severity ?? 'error'}  ${d.message} (${d.rule})`);
      if (d.excerpt !== undefined) {
        out.push(`     | ${d.excerpt}`);
        const caret = d.excerptColumn ?? d.column;
        if (caret > 0) out.push(`     | ${' '.repeat(Math.max(0, caret - 1))}^`);
      }
      if (d.hint) out.push(`     hint: ${d.hint}`);
    }
  }
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const errors = diagnostics.length - warnings;
  const counts = [errors > 0 || warnings === 0 ? plural(errors, 'error') : '', warnings > 0 ? plural(warnings, 'warning') : ''].filter(Boolean).join(' and ');
  out.push(`${counts} in ${plural(byFile.size, 'file')}`);
  return out.join('\n') + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
