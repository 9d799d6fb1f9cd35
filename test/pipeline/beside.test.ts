/**
 * A build of one document on two cores draws its charts in the drawing worker while the
 * build's thread lays out the pages with the sizes the charts are expected to come out,
 * and makes each chart into its PDF form as it comes. None of it may show in the PDF or in
 * what the build says: with `--jobs 2` (charts beside) and `--jobs 1` (all in one thread),
 * in fresh processes with empty stores, the bytes and the messages are the same, whether
 * the charts come out the size expected or not.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeProject, repoRoot } from '../errors/project.js';
import { tempFolders } from '../helpers/temp.js';

const cli = path.join(repoRoot, 'dist', 'brief.js');
const temp = tempFolders();

/** `brief build` in a fresh process with an empty store: exit code, what it said, and the PDF's bytes. */
function build(project: string, jobs: number): { status: number | null; said: string; pdf: Buffer | undefined } {
  const out = temp('brief-beside-out-');
  const run = spawnSync(process.execPath, [cli, 'build', '--jobs', String(jobs), '--out', out], {
    cwd: project,
    env: { ...process.env, BRIEF_STORE: temp('brief-beside-store-') },
    encoding: 'utf8',
  });
  const file = path.join(out, 'mini.pdf');
  // the time taken, the jobs and the output folder aside, all it says is compared
  const said = run.stderr.replaceAll(path.relative(project, out), 'OUT').replace(/ in \d+(\.\d+)? m?s/g, '').replace(/, \d+ ms/g, '').replace(/\(jobs \d\)/, '');
  return { status: run.status, said, pdf: fs.existsSync(file) ? fs.readFileSync(file) : undefined };
}

/** The test project with the chart spec changed by `change`, and a second chart of a line, container-wide. */
function project(change: (spec: Record<string, unknown>) => Record<string, unknown>): string {
  const dir = temp.adopt(makeProject('brief-beside-'));
  const brief = path.join(dir, 'content/mini');
  const specFile = path.join(brief, 'charts/sales.vl.json');
  const spec = JSON.parse(fs.readFileSync(specFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(specFile, JSON.stringify(change(spec), null, 2));
  fs.writeFileSync(path.join(brief, 'charts/line.vl.json'), JSON.stringify({ ...spec, mark: 'line', height: 70 }, null, 2));
  fs.appendFileSync(path.join(brief, 'brief.yaml'), '      - type: chart\n        chart: line\n        title: Sales as a line\n');
  return dir;
}

describe('charts drawn beside the build', () => {
  it.each([
    ['every chart the size expected', (spec: Record<string, unknown>) => spec],
    ['a chart wider than its slot (a fixed width and padding of its own)', (spec: Record<string, unknown>) => ({ ...spec, width: 200, autosize: 'pad' })],
    ['a chart whose size is left to the drawing (no height anywhere)', (spec: Record<string, unknown>) => ({ ...spec, height: undefined, width: undefined })],
  ])('%s: the bytes of a build in one thread', (_, change) => {
    const dir = project(change);
    const beside = build(dir, 2);
    const alone = build(dir, 1);
    expect(beside.said).toBe(alone.said);
    expect(beside.status).toBe(0);
    expect(beside.pdf!.equals(alone.pdf!)).toBe(true);
  });

  it('a chart that fails says what it says in one thread, and keeps the last good PDF', () => {
    const dir = project((spec) => ({ ...spec, encoding: { ...(spec.encoding as object), color: { field: 'regoin', type: 'nominal' } } }));
    const beside = build(dir, 2);
    const alone = build(dir, 1);
    expect(beside.status).toBe(1);
    expect(beside.said).toContain('regoin');
    expect(beside.said).toBe(alone.said);
    expect(beside.pdf).toBeUndefined();
  });

  // the worker checks the specs against Vega-Lite's schema while the build's thread goes on
  it.each([
    ['a property Vega-Lite does not know, which draws all the same', (spec: Record<string, unknown>) => ({ ...spec, colour: 'red' })],
    ['a mark Vega-Lite does not know, which fails to draw', (spec: Record<string, unknown>) => ({ ...spec, mark: 'barr' })],
  ])('a spec against the schema (%s) says what it says in one thread, and writes nothing', (_, change) => {
    const dir = project(change);
    const beside = build(dir, 2);
    const alone = build(dir, 1);
    expect(beside.status).toBe(1);
    expect(beside.said).toMatch(/sales\.vl\.json\n +\d+:\d+ +error/);
    expect(beside.said).toBe(alone.said);
    expect(beside.pdf).toBeUndefined();
  });

  it('a spec against the schema and a fault of the brief are said together, as in one thread', () => {
    const dir = project((spec) => ({ ...spec, colour: 'red' }));
    const yaml = path.join(dir, 'content/mini/brief.yaml');
    fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('chart: line', 'chart: lines'));
    const beside = build(dir, 2);
    const alone = build(dir, 1);
    expect(beside.status).toBe(1);
    expect(beside.said).toContain('colour');
    expect(beside.said).toContain('lines');
    expect(beside.said).toBe(alone.said);
  });
});
