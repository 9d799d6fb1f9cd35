/**
 * Font fallback end to end: a brief whose paragraph and chart labels (a CSV's categories)
 * hold Chinese, Japanese, Korean, Greek, Cyrillic and emoji builds into a PDF whose text copies
 * out whole, with the fallback fonts embedded as subsets.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIEF, makeProject, PDF, runCli } from '../errors/project.js';
import { readPdf, type PdfFacts } from './read-pdf.js';

const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0 && spawnSync('pdffonts', ['-v']).status === 0;
if (!hasPoppler) console.warn('skipping the pdftotext and pdffonts checks: poppler-utils not found (apt-get install poppler-utils)');

const PARAGRAPH = 'Made in China 2025 (中国制造2025), ソサエティ5.0, 한국, Ελλάδα, Россия and a rocket 🚀.';
const LABELS = ['北方', 'Νότος', 'Восток'];

let root: string;
let pdf: Buffer;
let facts: PdfFacts;

beforeAll(async () => {
  root = makeProject('brief-fallback-');
  const brief = path.join(root, BRIEF, 'brief.yaml');
  fs.writeFileSync(brief, fs.readFileSync(brief, 'utf8').replace('It exists to be **broken** in one way per test case.', PARAGRAPH));
  fs.writeFileSync(path.join(root, BRIEF, 'data/sales.csv'), `region,sales\n${LABELS[0]},12.5\n${LABELS[1]},8\n${LABELS[2]},10.25\n`);
  const run = await runCli(['build', 'mini'], root);
  expect(run.code, run.stderr).toBe(0);
  pdf = fs.readFileSync(path.join(root, PDF));
  facts = await readPdf(new Uint8Array(pdf));
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('font fallback in a built brief', () => {
  it('sets the paragraph and the chart labels with every character readable', () => {
    const text = facts.pages[0]!.text;
    // pdf.js gives each ideograph (a place a line may break) as an item of its own
    expect(text.replace(/ /g, '')).toContain('(中国制造2025),ソサエティ5.0,한국');
    expect(text).toContain('Ελλάδα');
    for (const label of LABELS) expect(text).toContain(label);
  });

  it.skipIf(!hasPoppler)('copies out as text with pdftotext, emoji included', () => {
    const file = path.join(root, PDF);
    const text = spawnSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ');
    expect(text).toContain(PARAGRAPH);
    for (const label of LABELS) expect(text).toContain(label);
  });

  it.skipIf(!hasPoppler)('embeds the fallback fonts as subsets with ToUnicode maps', () => {
    const lines = spawnSync('pdffonts', [path.join(root, PDF)], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
    const fonts = lines.map((line) => line.split(/\s+/));
    const named = (name: string) => fonts.find((f) => f[0]!.endsWith(`+${name}`));
    for (const name of ['Inter-Regular', 'NotoSansSC-Regular', 'NotoEmoji-Regular', 'NotoSansKR-Regular']) {
      const font = named(name);
      expect(font, `${name} in\n${lines.join('\n')}`).toBeDefined();
      // emb sub uni
      expect(font!.slice(-5, -2)).toEqual(['yes', 'yes', 'yes']);
    }
  });

  it('embeds only the glyphs used of a 10 MB CJK font', () => {
    expect(pdf.length).toBeLessThan(400_000);
  });
});
