import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { formatDiagnostics } from '../../src/diagnostics/format.js';
import { BRIEF, makeProject, PDF, runCli } from '../errors/project.js';

/** The base brief's chart as a line under a y domain from 9: its lowest point over the x axis. */
function withAreaOverAxis(root: string): void {
  const file = path.join(root, BRIEF, 'charts/sales.vl.json');
  const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  spec.mark = { type: 'line' };
  spec.encoding = {
    x: { field: 'region', type: 'nominal', axis: { title: null } },
    y: { field: 'sales', type: 'quantitative', axis: { title: null }, scale: { domain: [9, 13] } },
  };
  fs.writeFileSync(file, JSON.stringify(spec, null, 2));
}

describe('warnings', () => {
  test('build prints a chart warning with its place, counts it, writes the PDF and exits 0', { timeout: 60_000 }, async () => {
    const root = makeProject();
    withAreaOverAxis(root);
    const run = await runCli(['build', BRIEF], root);
    expect(run.code).toBe(0);
    expect(fs.existsSync(path.join(root, PDF))).toBe(true);
    expect(run.stderr).toMatch(/built +content\/mini → .*1 warning/);
    expect(run.stderr).toMatch(/content\/mini\/charts\/sales\.vl\.json\n {2}\d+:\d+ {2}warning {2}the line marks run \d+ pt below the plot area/);
    expect(run.stderr).toContain('hint: set `"clip": true` on the mark');
    expect(run.stderr).toMatch(/\n1 warning in 1 file\n/);
  });

  test('check prints the same warning and exits 0', { timeout: 60_000 }, async () => {
    const root = makeProject();
    withAreaOverAxis(root);
    const run = await runCli(['check', BRIEF], root);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('(chart-outside-plot)');
  });

  test('errors and warnings are counted apart', () => {
    const at = { file: 'a.json', line: 1, column: 1, rule: 'r', message: 'm' };
    expect(formatDiagnostics([at, { ...at, line: 2, severity: 'warning' }])).toMatch(/  1:1  error  m \(r\)\n  2:1  warning  m \(r\)\n1 error and 1 warning in 1 file\n$/);
    expect(formatDiagnostics([at])).toMatch(/\n1 error in 1 file\n$/);
  });
});
