import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readPdf } from '../e2e/read-pdf.js';
import { makeProject, runCli } from '../errors/project.js';

describe('brief new', () => {
  test('starts a brief from the example that builds at once into a PDF', { timeout: 60_000 }, async () => {
    const root = makeProject();
    const made = await runCli(['new', 'water-report'], root);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    const dir = path.join(root, 'content', 'water-report');
    expect(fs.readdirSync(dir, { recursive: true }).map(String).sort()).toEqual(['brief.yaml', 'charts', 'charts/example.vl.json', 'data', 'data/example.csv', 'data/example.yaml']);
    expect(fs.readFileSync(path.join(dir, 'data', 'example.yaml'), 'utf8')).toMatch(/^illustrative: true$/m);

    const built = await runCli(['build', 'water-report'], root);
    expect(built.stderr).not.toMatch(/error|warning/);
    expect(built.code).toBe(0);
    const pdf = await readPdf(new Uint8Array(fs.readFileSync(path.join(root, 'output', 'water-report.pdf'))));
    expect(pdf.pages).toHaveLength(1);
    expect(pdf.pages[0]!.text).toContain('Water report');
    expect(pdf.pages[0]!.text).toContain('Illustrative data');
    expect(pdf.pages[0]!.items).toEqual(expect.arrayContaining(['North', 'West']));
  });

  test('refuses to overwrite an existing folder, and leaves it as it was', async () => {
    const root = makeProject();
    const brief = path.join(root, 'content', 'mini', 'brief.yaml');
    const before = fs.readFileSync(brief, 'utf8');
    const run = await runCli(['new', 'mini'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('already exists');
    expect(fs.readFileSync(brief, 'utf8')).toBe(before);
    expect(fs.readdirSync(path.join(root, 'content'))).toEqual(['mini']);
  });

  test('refuses a name that cannot name a folder and a PDF', async () => {
    const root = makeProject();
    for (const name of ['../escape', '', 'a b']) {
      const run = await runCli(['new', name], root);
      expect(run.code).toBe(2);
    }
    expect(fs.readdirSync(path.join(root, 'content'))).toEqual(['mini']);
  });
});
