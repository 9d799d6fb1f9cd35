import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { build as esbuild } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { brief, repoRoot } from '../leaflets/project.js';
import { described } from '../../src/layout/described.js';
import { layoutReuseStats, planLayoutReuse, reuseLayouts } from '../../src/perf/layout-reuse.js';
import type { PdfNode } from '../../src/layout/assemble.js';
import { printPdf } from '../../src/write/pdf.js';
import { lineReplayStats } from '../../src/perf/line-replay.js';

const require = createRequire(import.meta.url);
const fromPdfmake = createRequire(require.resolve('pdfmake/js/Printer.js'));
const inter = require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf');
const interBold = require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf');

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'brief-layout-'));

/** A copy of the repository's China brief and templates, with node_modules linked in. */
function chinaProject(): string {
  const dir = tempDir();
  fs.cpSync(path.join(repoRoot, 'content/china'), path.join(dir, 'content/china'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/** The China brief built by the CLI in a process of its own, with none of src/perf's shortcuts. */
function plainBuild(project: string): Buffer {
  const out = tempDir();
  execFileSync(process.execPath, [path.join(repoRoot, 'dist/brief.js'), 'build', 'china', '--force', '--out', out], {
    cwd: project,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1600000000', TZ: 'UTC', BRIEF_CHART_CACHE: 'off', BRIEF_FAST_PATHS: 'off' },
    stdio: 'pipe',
  });
  return fs.readFileSync(path.join(out, 'china.pdf'));
}

/** The China brief built in this process (where kept layouts live). */
async function build(project: string): Promise<Buffer> {
  const out = tempDir();
  const { code, stderr } = await brief(project, ['build', 'china', '--force', '--jobs', '1', '--out', out], { BRIEF_CHART_CACHE: 'off', TZ: 'UTC' });
  expect(stderr).not.toMatch(/error/i);
  expect(code).toBe(0);
  return fs.readFileSync(path.join(out, 'china.pdf'));
}

/** Raise the first figure of a CSV by `step` (a new chart, the same text). */
function editFigure(file: string, step: number): void {
  const text = fs.readFileSync(file, 'utf8');
  let done = false;
  fs.writeFileSync(file, text.replace(/(?<=,)(\d+)\.(\d)(?=\r?\n|,|$)/m, (m, int: string, dec: string) => {
    if (done) return m;
    done = true;
    return (Number(`${int}.${dec}`) + step).toFixed(1);
  }));
}

describe('kept layouts', () => {
  it('after data edits, print the kept layout with the new chart: the bytes of a build from scratch', { timeout: 120_000 }, async () => {
    process.env.TZ = 'UTC';
    const project = chinaProject();
    const csv = path.join(project, 'content/china/data/patent-shares.csv');
    await build(project);
    editFigure(csv, 0.3);
    const before = layoutReuseStats();
    const rebuilt = await build(project);
    expect(layoutReuseStats().reused).toBe(before.reused + 1);
    expect(rebuilt.equals(plainBuild(project))).toBe(true);
    // and again: the kept layout's lines are replayed now
    editFigure(csv, 0.4);
    const replayed = lineReplayStats().replayed;
    const again = await build(project);
    expect(lineReplayStats().replayed).toBeGreaterThan(replayed + 100);
    expect(again.equals(plainBuild(project))).toBe(true);

    // an edit to the text lays the brief out again
    const content = path.join(project, 'content/china/brief.yaml');
    fs.writeFileSync(content, fs.readFileSync(content, 'utf8').replace('China', 'The PRC'));
    const made = layoutReuseStats().made;
    const retyped = await build(project);
    expect(layoutReuseStats().made).toBe(made + 1);
    expect(retyped.equals(plainBuild(project))).toBe(true);
  });

  it('are kept on disk: a new process prints the kept pages and lines; a damaged file is laid out again', { timeout: 120_000 }, () => {
    const project = chinaProject();
    const cache = tempDir();
    const cli = () => {
      const out = tempDir();
      execFileSync(process.execPath, [path.join(repoRoot, 'dist/brief.js'), 'build', 'china', '--force', '--out', out], {
        cwd: project,
        env: { ...process.env, SOURCE_DATE_EPOCH: '1600000000', TZ: 'UTC', BRIEF_CHART_CACHE: cache },
        stdio: 'pipe',
      });
      return fs.readFileSync(path.join(out, 'china.pdf'));
    };
    const made = cli();
    const [file] = fs.readdirSync(path.join(cache, 'layouts'));
    const written = path.join(cache, 'layouts', file!);
    const bytes = fs.readFileSync(written);
    // the file holds the lines' printing too, recorded as the layout was first printed
    expect(bytes.toString('utf8')).toContain('"drawings":[{');
    editFigure(path.join(project, 'content/china/data/patent-shares.csv'), 0.5);
    const writtenAt = fs.statSync(written).mtimeMs;
    const reused = cli();
    // laid out again, it would have been written again
    expect(fs.statSync(written).mtimeMs).toBe(writtenAt);
    const plain = plainBuild(project);
    expect(reused.equals(plain)).toBe(true);
    expect(reused.equals(made)).toBe(false);
    // a byte changed: the checksum fails, the brief is laid out as if nothing were kept
    bytes[100] = bytes[100] === 0x41 ? 0x42 : 0x41;
    fs.writeFileSync(written, bytes);
    expect(cli().equals(plain)).toBe(true);
  });

  it('on disk, keep what pdfmake tells apart: a varied document read back prints as pdfmake prints it', { timeout: 120_000 }, async () => {
    const child = path.join(repoRoot, 'dist', `print-child-${process.pid}.mjs`);
    await esbuild({ entryPoints: [path.join(repoRoot, 'test/perf/print-child.ts')], outfile: child, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
    const dir = tempDir();
    const fontsFile = path.join(dir, 'fonts.json');
    fs.writeFileSync(fontsFile, JSON.stringify({ Inter: { normal: inter, bold: interBold, italics: inter, bolditalics: interBold } }));
    // `shared`: what a file cannot hold (one colour array shared by every word, which
    // pdfmake compares by identity: one underline, not four)
    const definition = (fill: string, shared: boolean) => ({
      defaultStyle: { font: 'Inter', fontSize: 10 },
      content: [
        { text: 'A plain line of words to start with', id: 'first' },
        // pdfkit makes a link of false
        { text: 'not a link, says false', link: false },
        { text: 'one two three four', decoration: 'underline', color: shared ? [200, 0, 0] : '#c80000' },
        { text: ['x', { text: '2', sup: true }, ' and H', { text: '2', sub: true }, 'O, faded', { text: ' on grey', opacity: 0.5, background: '#eeeeee' }] },
        { text: 'and so on', color: '#333333' },
        { table: { headerRows: 1, body: [['Head A', { text: 'Head B', bold: true }], ['a', 'b'], ['c', 'd']] } },
        { svg: `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="10" height="10" fill="${fill}"/><text x="12" y="20" font-family="Inter" font-size="9">Share 41.3%</text></svg>`, width: 120 },
      ],
    });
    const cache = tempDir();
    const print = (fill: string, shared: boolean, env: Record<string, string>, cacheDir?: string) => {
      const file = path.join(dir, `${fill.slice(1)}-${Math.random().toString(36).slice(2)}.json`);
      fs.writeFileSync(file, JSON.stringify(definition(fill, shared)));
      const pdf = `${file}.pdf`;
      const stats = execFileSync(process.execPath, [child, file, fontsFile, pdf, ...(cacheDir ? [cacheDir] : [])], { env: { ...process.env, ...env }, encoding: 'utf8' });
      return { bytes: fs.readFileSync(pdf), stats: JSON.parse(stats) as { made: number; reused: number; recorded: number; replayed: number } };
    };
    try {
      for (const shared of [false, true]) {
        const first = print('#aa0000', shared, {}, cache);
        expect(first.stats).toMatchObject({ made: 1, reused: 0 });
        expect(first.bytes.equals(print('#aa0000', shared, { BRIEF_FAST_PATHS: 'off' }).bytes)).toBe(true);
        // a new process, a new drawing: the layout and its lines come from the file, if it could hold them
        const second = print('#0000aa', shared, {}, cache);
        if (shared) expect(second.stats).toMatchObject({ made: 1, reused: 0 });
        else {
          expect(second.stats).toMatchObject({ made: 0, reused: 1, recorded: 0 });
          expect(second.stats.replayed).toBeGreaterThan(4);
        }
        expect(second.bytes.equals(print('#0000aa', shared, { BRIEF_FAST_PATHS: 'off' }).bytes)).toBe(true);
      }
    } finally {
      fs.rmSync(child, { force: true });
    }
  });

  it('recreate the glyphs the layout made, with the code points it made them with', async () => {
    // U+2019 and U+02BC share a glyph in Inter: the ToUnicode map says which one came first
    const svg = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="10" height="10" fill="${fill}"/><text x="12" y="20" font-family="Inter" font-size="9">it\u2019s \u0394</text></svg>`;
    const definition = (fill: string): PdfNode => ({
      info: { creationDate: new Date(0) },
      defaultStyle: { font: 'Inter' },
      content: [{ svg: svg(fill), width: 120 }, { text: 'O\u02BCahu, \u2206 and more', id: 'text' }],
    });
    const fonts = { Inter: { normal: inter, bold: inter, italics: inter, bolditalics: inter } };
    await printPdf(definition('red'), fonts);
    const before = layoutReuseStats();
    const reused = await printPdf(definition('blue'), fonts);
    expect(layoutReuseStats().reused).toBe(before.reused + 1);
    expect(reused.placements.get('text')).toEqual([1]);
    // pdfmake ignores a property it does not know; the key does not
    const laidOut = await printPdf({ ...definition('blue'), laidOutAgain: true }, fonts);
    expect(layoutReuseStats().made).toBe(before.made + 1);
    expect(reused.bytes.equals(laidOut.bytes)).toBe(true);
    expect(reused.pages).toBe(1);
  });

  it('key a definition by its text and the sizes of its drawings, not by what they draw', () => {
    reuseLayouts(fromPdfmake('./LayoutBuilder.js').default, fromPdfmake('./SVGMeasure.js').default, fromPdfmake('./Line.js').default);
    const svg = (fill: string, width = 100) => `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="50"><rect width="10" height="10" fill="${fill}"/></svg>`;
    const definition = (fill: string, width?: number, pad = 4): PdfNode => ({
      content: [{ text: 'Figures' }, { svg: svg(fill, width), width: 100 }],
      footer: described(() => null, ['footer', pad]),
    });
    const keyOf = (d: PdfNode, fonts: Record<string, object> = { Inter: { normal: inter } }) => planLayoutReuse(d, fonts)?.key;
    const red = keyOf(definition('red'));
    // the same files under other names lay out otherwise
    const swapped = [{ A: { normal: inter }, B: { normal: interBold } }, { A: { normal: interBold }, B: { normal: inter } }];
    expect(keyOf(definition('red'), swapped[0])).not.toBe(keyOf(definition('red'), swapped[1]));
    // JSON writes all of these as null
    const sized = (height: number | null) => keyOf({ ...definition('red'), pageSize: { width: 400, height } });
    expect(new Set([sized(Infinity), sized(null), sized(NaN)]).size).toBe(3);
    // what cannot be keyed is laid out as pdfmake lays it out
    expect(keyOf({ content: [{ text: 'not a chart', svg: 'not an svg' }] })).toBeUndefined();
    expect(red).toMatch(/^[0-9a-f]{64}$/);
    expect(keyOf(definition('blue'))).toBe(red);
    // a drawing of another size moves what follows it; so does another footer
    expect(keyOf(definition('red', 120))).not.toBe(red);
    expect(keyOf(definition('red', undefined, 5))).not.toBe(red);
    // a function that does not say what it answers from: never kept
    expect(keyOf({ ...definition('red'), footer: () => null })).toBeUndefined();
  });
});
