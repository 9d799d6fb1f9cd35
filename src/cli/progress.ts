import path from 'node:path';
import type { Status, TargetReport } from '../pipeline/batch.js';
import { isWarning } from '../diagnostics/diagnostic.js';

/**
 * What a batch shows on stderr. On a terminal: one progress bar line, redrawn, with
 * failures printed above it. Elsewhere (CI logs): one line per built or failed document,
 * in output-name order, with its timing. Both end with the same summary.
 */
export interface Progress {
  report(r: TargetReport): void;
  progress(done: number, total: number, latest: TargetReport): void;
  /** `unplanned`: content folders (or documents) that failed before building: unreadable tables, clashing names. */
  summary(reports: TargetReport[], ms: number, extra?: string, unplanned?: number): void;
}

export function createProgress(stderr: NodeJS.WritableStream, options: { cwd: string; verb: string; tty?: boolean }): Progress {
  const tty = options.tty ?? (stderr as { isTTY?: boolean }).isTTY === true;
  const counts: Record<Status, number> = { built: 0, unchanged: 0, failed: 0 };
  let barShown = false;
  const clearBar = () => {
    if (barShown) stderr.write('\r\x1b[K');
    barShown = false;
  };
  const line = (r: TargetReport): string => {
    const o = r.outcome!;
    const ms = `${Math.round(o.ms)} ms`;
    const from = r.target.leaflet !== undefined ? `${r.target.source}#${r.target.leaflet}` : r.target.source;
    if (o.ok) {
      const where = o.file ? path.relative(options.cwd, o.file) || o.file : r.target.output;
      const warned = o.warnings?.length ? `, ${o.warnings.length} warning${o.warnings.length === 1 ? '' : 's'}` : '';
      return `${options.verb.padEnd(9)}${from} → ${where}  ${o.pages} pages, ${(o.bytes / 1024).toFixed(0)} KiB, ${ms}${warned}\n`;
    }
    const errors = 'diagnostics' in o ? o.diagnostics.filter((d) => !isWarning(d)).length : 0;
    const what = 'diagnostics' in o ? `${errors} error${errors === 1 ? '' : 's'}` : 'internal error';
    return `${'failed'.padEnd(9)}${from} → ${r.target.output}: ${what}, ${ms}\n`;
  };
  return {
    report(r) {
      if (r.status === 'unchanged') return;
      if (!tty) stderr.write(line(r));
      else if (r.status === 'failed') {
        clearBar();
        stderr.write(line(r));
      }
    },
    progress(done, total, latest) {
      counts[latest.status]++;
      if (!tty) return;
      const width = 24;
      const filled = Math.round((done / total) * width);
      stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}  ${options.verb} ${counts.built} · unchanged ${counts.unchanged} · failed ${counts.failed}  ${latest.target.output}\x1b[K`);
      barShown = true;
    },
    summary(reports, ms, extra, unplanned = 0) {
      clearBar();
      const n = (s: Status) => reports.filter((r) => r.status === s).length;
      const folders = unplanned > 0 ? `, ${unplanned} more failed before building` : '';
      stderr.write(`${reports.length} PDF${reports.length === 1 ? '' : 's'}: ${n('built')} ${options.verb}, ${n('unchanged')} unchanged, ${n('failed')} failed${folders} in ${(ms / 1000).toFixed(1)} s${extra ? ` (${extra})` : ''}\n`);
    },
  };
}
