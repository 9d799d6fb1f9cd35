/**
 * Fallback fonts by language end to end: Han characters in a run marked `{lang=ja}` are
 * set in the theme's Japanese font, those of an unmarked run in its Chinese one; a brief
 * without Japanese never opens the Japanese font.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BRIEF, makeProject, PDF, runCli } from '../errors/project.js';
import { readPdf } from './read-pdf.js';

const hasPoppler = spawnSync('pdffonts', ['-v']).status === 0;
if (!hasPoppler) console.warn('skipping the pdffonts checks: poppler-utils not found (apt-get install poppler-utils)');

const roots: string[] = [];
afterAll(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

/** The fonts of the brief built with `paragraph` (and `language`, its `meta.language`), as pdffonts names them, and its text. */
async function build(paragraph: string, language = 'en'): Promise<{ fonts: string[]; text: string }> {
  const root = makeProject('brief-fallback-lang-');
  roots.push(root);
  const brief = path.join(root, BRIEF, 'brief.yaml');
  const source = fs.readFileSync(brief, 'utf8').replace('It exists to be **broken** in one way per test case.', paragraph).replace('language: en', `language: ${language}`);
  fs.writeFileSync(brief, source);
  const run = await runCli(['build', 'mini'], root);
  expect(run.code, run.stderr).toBe(0);
  const file = path.join(root, PDF);
  const lines = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
  const facts = await readPdf(new Uint8Array(fs.readFileSync(file)));
  return { fonts: lines.map((line) => line.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, '')), text: facts.pages[0]!.text };
}

describe.skipIf(!hasPoppler)('fallback fonts by language in a built brief', () => {
  it('sets a run marked Japanese in Noto Sans JP, and Han in an unmarked run in Noto Sans SC', async () => {
    const { fonts, text } = await build('Made in China 2025 (中国制造2025) and [直接投資]{lang=ja}.');
    expect(fonts).toContain('NotoSansJP-Regular');
    expect(fonts).toContain('NotoSansSC-Regular');
    expect(text.replace(/ /g, '')).toContain('直接投資');
  }, 120_000);

  it('never opens the Japanese font for a brief without Japanese', async () => {
    const { fonts } = await build('Made in China 2025 (中国制造2025).');
    expect(fonts).toContain('NotoSansSC-Regular');
    expect(fonts.some((font) => font.startsWith('NotoSansJP'))).toBe(false);
  }, 120_000);

  it('sets Han in Noto Sans JP throughout a brief in Japanese', async () => {
    const { fonts } = await build('中国製造2025の概要。', 'ja');
    expect(fonts).toContain('NotoSansJP-Regular');
    expect(fonts.some((font) => font.startsWith('NotoSansSC'))).toBe(false);
  }, 120_000);
});
