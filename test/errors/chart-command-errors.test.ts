/**
 * `brief chart` reads its specs and theme through the same readers as a brief's files:
 * size limits, located JSON and YAML parsers with their nesting limits, and a clear error
 * for a file that cannot be read. A bad spec fails alone; the others are still drawn.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runChartCommand } from '../../src/chart/command.js';
import { JSON_LIMITS } from '../../src/load/json.js';
import { parseDiagnostics, repoRoot, sink } from './project.js';
import { readPdf } from '../e2e/read-pdf.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const GOOD = { data: { values: [{ a: 'x', b: 1 }, { a: 'y', b: 2 }] }, mark: 'bar', encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } } };

/** Runs `brief chart` in a fresh folder holding `files`, on the specs named. */
async function chart(files: Record<string, string>, specs: string[], extra: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-chart-errors-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  fs.writeFileSync(path.join(dir, 'good.vl.json'), JSON.stringify(GOOD));
  let stderr = '';
  const code = await runChartCommand([...specs, 'good.vl.json', '--data-root', '.', '--out-dir', 'out', ...extra], {
    cwd: dir,
    stdout: sink(() => {}),
    stderr: sink((s) => (stderr += s)),
  });
  const out = fs.existsSync(path.join(dir, 'out')) ? fs.readdirSync(path.join(dir, 'out')).sort() : [];
  // (no progress lines come before the errors, as they do in a build)
  return { dir, code, stderr, errors: parseDiagnostics(`\n${stderr}`), out };
}

describe('brief chart with bad input files', () => {
  test('stops a spec whose drawing outgrows its heap, at its `flatten`, and draws the next', async () => {
    // 200 rows of 100,001 parts each: 20 million rows
    const spec = {
      data: { values: Array.from({ length: 200 }, (_, i) => ({ i })) },
      transform: [{ calculate: "split(pad('', 100000, ','), ',')", as: 'parts' }, { flatten: ['parts'] }],
      mark: 'bar',
      encoding: { x: { aggregate: 'count', type: 'quantitative' } },
    };
    const saved = process.env.BRIEF_CHART_HEAP_MB;
    process.env.BRIEF_CHART_HEAP_MB = '96';
    try {
      const r = await chart({ 'flat.vl.json': JSON.stringify(spec, null, 2) }, ['flat.vl.json']);
      expect(r.stderr).not.toContain('this is a bug');
      expect(r.code).toBe(1);
      expect(r.errors).toEqual([expect.objectContaining({ file: 'flat.vl.json', rule: 'chart-too-costly', message: 'drawing flat.vl.json needed more than 96 MB of memory; its `flatten` may make too many rows' })]);
      expect(r.out).toEqual(['good.pdf']);
    } finally {
      if (saved === undefined) delete process.env.BRIEF_CHART_HEAP_MB;
      else process.env.BRIEF_CHART_HEAP_MB = saved;
    }
  });

  test('refuses a spec over the JSON size limit before parsing it', async () => {
    const big = JSON.stringify({ ...GOOD, description: 'x'.repeat(JSON_LIMITS.maxBytes) });
    const r = await chart({ 'big.vl.json': big }, ['big.vl.json']);
    expect(r.stderr).not.toContain('this is a bug');
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'big.vl.json', rule: 'file-too-large' })]);
    expect(r.out).toEqual(['good.pdf']);
  });

  test('places a spec nested past the limit at the first value too deep', async () => {
    const deep = `{"mark": "bar", "description": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const r = await chart({ 'deep.vl.json': deep }, ['deep.vl.json']);
    expect(r.stderr).not.toContain('this is a bug');
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'deep.vl.json', line: 1, column: 32 + JSON_LIMITS.maxDepth, rule: 'json-too-deep' })]);
    expect(r.out).toEqual(['good.pdf']);
  });

  test('places a JSON syntax error at its line and column, with the line quoted', async () => {
    const r = await chart({ 'comma.vl.json': '{\n  "mark": "bar",\n}\n' }, ['comma.vl.json']);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'comma.vl.json', line: 3, column: 1, rule: 'json-syntax', detail: expect.arrayContaining(['| }']) })]);
  });

  test('says a spec that is a folder cannot be read, rather than that it is missing', async () => {
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-chart-folder-'));
    made.push(elsewhere);
    fs.mkdirSync(path.join(elsewhere, 'folder.vl.json'));
    const r = await chart({}, [path.join(elsewhere, 'folder.vl.json')]);
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ rule: 'unreadable', message: 'cannot read the file (EISDIR)' })]);
  });

  test('places a YAML syntax error in the theme at its line and column', async () => {
    const theme = fs.readFileSync(path.join(repoRoot, 'templates/themes/eu.yaml'), 'utf8').replace(/^chart:/m, 'chart: [');
    const r = await chart({ 'theme.yaml': theme }, [], ['--theme', 'theme.yaml']);
    expect(r.stderr).not.toContain('this is a bug');
    expect(r.code).toBe(1);
    const [d] = r.errors;
    expect(d).toMatchObject({ file: 'theme.yaml', rule: 'yaml-syntax' });
    expect(d!.line).toBeGreaterThan(0);
  });

  test('a spec reading a named dataset draws it from the data root\'s data/NAME.yaml, as in a brief', async () => {
    const spec = { ...GOOD, data: { name: 'rows' } };
    const r = await chart({ 'named.vl.json': JSON.stringify(spec, null, 2) }, ['named.vl.json'], ['--data-root', 'brief']);
    // no brief folder yet: an error at the name, saying where it looked and how to give it
    expect(r.code).toBe(1);
    expect(r.errors).toEqual([expect.objectContaining({ file: 'named.vl.json', line: 3, rule: 'chart-unknown-dataset' })]);
    expect(r.errors[0]!.message).toContain('brief/data/rows.yaml does not exist');
    expect(r.errors[0]!.detail.join('\n')).toContain('--data-root');

    fs.mkdirSync(path.join(r.dir, 'brief', 'data'), { recursive: true });
    fs.writeFileSync(path.join(r.dir, 'brief', 'data', 'rows.yaml'), 'title: Rows\nsource: Test\nfile: rows.csv\ncolumns:\n  a: { type: string }\n  b: { type: number }\n');
    fs.writeFileSync(path.join(r.dir, 'brief', 'data', 'rows.csv'), 'a,b\nfirst,1\nsecond,2\n');
    let stderr = '';
    const code = await runChartCommand(['named.vl.json', '--data-root', 'brief', '--out-dir', 'out'], { cwd: r.dir, stdout: sink(() => {}), stderr: sink((s) => (stderr += s)) });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const pdf = await readPdf(new Uint8Array(fs.readFileSync(path.join(r.dir, 'out', 'named.pdf'))));
    expect(pdf.pages[0]!.items).toEqual(expect.arrayContaining(['first', 'second']));
  });
});
