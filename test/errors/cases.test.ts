/**
 * The broken-brief corpus: each folder under `cases/` is one fault applied to the base
 * project (`base/`, one small brief with a tiny chart). `expected.json` says how the fault
 * is made — files to lay over the base (`files/`), one-line `edits`, files to `remove`, or a
 * named `generate` step for inputs too big to keep in git — and which errors the CLI must
 * print: file, line, column, rule and a part of the message (and of the hint).
 *
 * Each case runs end to end through the in-process CLI on a temporary copy of the project
 * holding a good PDF built before the fault: the run must exit 1, print every expected
 * error, and leave that PDF byte-identical with nothing else written beside it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BRIEF, listTree, makeProject, parseDiagnostics, PDF, runCli } from './project.js';

interface ExpectedError {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
  hint?: string;
}

interface Case {
  name: string;
  dir: string;
  description: string;
  command?: 'build' | 'check';
  /** `encoding` writes the edited file in another encoding than UTF-8 (`utf8-bom`: with a byte order mark). */
  edits?: { file: string; find: string; replace: string; encoding?: 'latin1' | 'utf16le' | 'utf8-bom' }[];
  remove?: string[];
  generate?: keyof typeof generators;
  /** Every printed error must be one of those expected (not only include them). */
  exact?: boolean;
  errors: ExpectedError[];
}

const casesDir = path.join(import.meta.dirname, 'cases');

// charts that blow up stop at this heap (chart/guard.ts) in a few seconds rather than at the default's 512 MB
process.env.BRIEF_CHART_HEAP_MB = '128';
const cases: Case[] = fs
  .readdirSync(casesDir)
  .sort()
  .map((name) => ({ name, dir: path.join(casesDir, name), ...(JSON.parse(fs.readFileSync(path.join(casesDir, name, 'expected.json'), 'utf8')) as Omit<Case, 'name' | 'dir'>) }));

/** Faults too big, too odd or too machine-specific to keep as files. */
const generators = {
  'yaml-too-large': (root: string) => {
    const file = path.join(root, BRIEF, 'brief.yaml');
    fs.appendFileSync(file, `# ${'x'.repeat(3 * 1024 * 1024)}\n`);
  },
  'yaml-too-deep': (root: string) => {
    const file = path.join(root, BRIEF, 'brief.yaml');
    fs.appendFileSync(file, `extra: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
  },
  'text-too-long': (root: string) => {
    // a paragraph of about 1.9 MB: far more than a page holds, refused before it is laid out
    const file = path.join(root, BRIEF, 'brief.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('It exists to be **broken** in one way per test case.', `Long ${'word '.repeat(380_000)}end.`));
  },
  'page-text-too-long': (root: string) => {
    // forty paragraphs of 500 characters, each well within a page, together far over one
    const file = path.join(root, BRIEF, 'brief.yaml');
    const items = Array.from({ length: 40 }, (_, i) => `          - "Paragraph ${i + 1} of many ${'words '.repeat(80)}end."\n`);
    fs.appendFileSync(file, `      - type: paragraphs\n        items:\n${items.join('')}`);
  },
  'icon-list-too-long': (root: string) => {
    // forty items, each a title and a text the template sets as one: no field of the brief holds their words as printed
    const file = path.join(root, BRIEF, 'brief.yaml');
    const items = Array.from({ length: 40 }, (_, i) => `          - icon: factory\n            title: Item ${i + 1}.\n            text: "${'words '.repeat(80)}end."\n`);
    fs.appendFileSync(file, `      - type: icon-list\n        items:\n${items.join('')}`);
  },
  'notes-too-long': (root: string) => {
    // sixty notes of 500 characters, each short enough, printed together by one notes block
    const file = path.join(root, BRIEF, 'brief.yaml');
    const keys = Array.from({ length: 60 }, (_, i) => `n${i + 1}`);
    const notes = keys.map((key) => `  ${key}: "Note ${key} says ${'words '.repeat(80)}end."\n`).join('');
    const text = fs.readFileSync(file, 'utf8').replace('pages:\n', `notes:\n${notes}pages:\n`);
    fs.writeFileSync(file, `${text}      - type: paragraphs\n        items:\n          - "${keys.map((key) => `See[^${key}].`).join(' ')}"\n      - type: notes\n`);
  },
  'page-too-tall': (root: string) => {
    // thirty charts of 90 pt on one page: taller than any sheet before any is drawn
    const file = path.join(root, BRIEF, 'brief.yaml');
    const chart = (i: number) => `      - type: chart\n        chart: sales\n        title: Sales ${i + 1}\n        height: 90\n`;
    fs.appendFileSync(file, Array.from({ length: 30 }, (_, i) => chart(i)).join(''));
  },
  'too-many-charts': (root: string) => {
    // twenty more pages of five charts each: 101 charts in all, each page fitting
    const file = path.join(root, BRIEF, 'brief.yaml');
    const chart = (i: number) => `      - type: chart\n        chart: sales\n        title: Sales ${i + 1}\n        height: 60\n`;
    const page = (p: number) => `  - name: more-${p}\n    blocks:\n${Array.from({ length: 5 }, (_, i) => chart(p * 5 + i)).join('')}`;
    fs.appendFileSync(file, Array.from({ length: 20 }, (_, p) => page(p)).join(''));
  },
  'too-many-pages': (root: string) => {
    const file = path.join(root, BRIEF, 'brief.yaml');
    const page = (p: number) => `  - name: more-${p}\n    blocks:\n      - type: spacer\n        height: 10\n`;
    fs.appendFileSync(file, Array.from({ length: 100 }, (_, p) => page(p)).join(''));
  },
  'chart-too-many-marks': (root: string) => {
    // a bar (and an axis label) per row of 10,000: refused once drawn, before printing
    const rows = Array.from({ length: 10_000 }, (_, i) => `r${i},${i % 97}`);
    fs.writeFileSync(path.join(root, BRIEF, 'data/sales.csv'), `region,sales\n${rows.join('\n')}\n`);
  },
  'chart-mark-per-row': (root: string) => {
    // a bar per row of 25,000: refused before it is drawn, at the spec's mark
    const rows = Array.from({ length: 25_000 }, (_, i) => `r${i},${i % 97}`);
    fs.writeFileSync(path.join(root, BRIEF, 'data/sales.csv'), `region,sales\n${rows.join('\n')}\n`);
  },
  'csv-twenty-thousand-keys': (root: string) => {
    // every region and every figure distinct: a grid of them is 400 million cells
    const rows = Array.from({ length: 20_000 }, (_, i) => `r${i},${i}`);
    fs.writeFileSync(path.join(root, BRIEF, 'data/sales.csv'), `region,sales\n${rows.join('\n')}\n`);
  },
  'csv-million-rows': (root: string) => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `r${i},${i % 97}`);
    fs.writeFileSync(path.join(root, BRIEF, 'data/sales.csv'), `region,sales\n${rows.join('\n')}\n`);
  },
  'csv-is-a-folder': (root: string) => {
    const file = path.join(root, BRIEF, 'data/sales.csv');
    fs.rmSync(file);
    fs.mkdirSync(file);
  },
  'csv-symlink-outside': (root: string) => {
    const outside = path.join(path.dirname(root), `${path.basename(root)}-secret.csv`);
    fs.writeFileSync(outside, 'region,sales\nNorth,1\n');
    const file = path.join(root, BRIEF, 'data/sales.csv');
    fs.rmSync(file);
    fs.symlinkSync(outside, file);
  },
  'descriptor-symlink-outside': (root: string) => {
    const outside = path.join(path.dirname(root), `${path.basename(root)}-secret.yaml`);
    const file = path.join(root, BRIEF, 'data/targets.yaml');
    fs.copyFileSync(file, outside);
    fs.rmSync(file);
    fs.symlinkSync(outside, file);
  },
};

let goodPdf: Buffer;
const made: string[] = [];

beforeAll(async () => {
  // The good PDF every case must leave untouched.
  const root = makeProject();
  made.push(root);
  const built = await runCli(['build'], root);
  expect(built.stderr).not.toContain('error');
  expect(built.code).toBe(0);
  goodPdf = fs.readFileSync(path.join(root, PDF));
});

afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

describe('broken briefs', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const root = makeProject();
    made.push(root);
    fs.mkdirSync(path.join(root, 'output'));
    fs.writeFileSync(path.join(root, PDF), goodPdf);
    applyFault(c, root);

    const result = await runCli([c.command ?? 'build'], root);
    if (process.env.BRIEF_CASES_DUMP) fs.appendFileSync(process.env.BRIEF_CASES_DUMP, `=== ${c.name}\n${result.stderr}\n`);

    expect(result.stderr, 'no internal errors').not.toContain('this is a bug');
    expect(result.code, result.stderr).toBe(1);
    const printed = parseDiagnostics(result.stderr);
    for (const want of c.errors) {
      const match = printed.find((d) => d.file === want.file && d.line === want.line && d.column === want.column && d.rule === want.rule);
      expect(match, `expected ${want.file}:${want.line}:${want.column} (${want.rule}) in:\n${result.stderr}`).toBeDefined();
      expect(match!.message).toContain(want.message);
      if (want.hint) expect(match!.detail.find((l) => l.startsWith('hint:')) ?? '').toContain(want.hint);
      // every located error quotes its line
      if (want.line > 0) expect(match!.detail[0], 'an excerpt of the line').toMatch(/^\| /);
    }
    if (c.exact) expect(printed.length, result.stderr).toBe(c.errors.length);
    // the good PDF is untouched and nothing else was written
    expect(fs.readFileSync(path.join(root, PDF)).equals(goodPdf)).toBe(true);
    // (the build manifest is the pipeline's own record, not a PDF)
    expect(listTree(path.join(root, 'output')).filter((f) => f !== '.brief-manifest.json')).toEqual(['mini.pdf']);
    expect(({} as Record<string, unknown>).polluted, 'no prototype pollution').toBeUndefined();
  });
});

function encode(text: string, encoding: 'latin1' | 'utf16le' | 'utf8-bom' | undefined): Buffer {
  if (encoding === 'latin1') return Buffer.from(text, 'latin1');
  if (encoding === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return Buffer.concat([Buffer.from(encoding === 'utf8-bom' ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]);
}

function applyFault(c: Case, root: string): void {
  const overlay = path.join(c.dir, 'files');
  if (fs.existsSync(overlay)) fs.cpSync(overlay, root, { recursive: true });
  for (const e of c.edits ?? []) {
    const file = path.join(root, e.file);
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes(e.find)) throw new Error(`case ${c.name}: ${e.file} does not contain ${JSON.stringify(e.find)}`);
    fs.writeFileSync(file, encode(text.replace(e.find, e.replace), e.encoding));
  }
  for (const f of c.remove ?? []) fs.rmSync(path.join(root, f), { recursive: true });
  if (c.generate) generators[c.generate](root);
}
