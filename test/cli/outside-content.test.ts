import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readPdf } from '../e2e/read-pdf.js';
import { BRIEF, makeProject, parseDiagnostics, runCli } from '../errors/project.js';

/** A project, and a copy of its brief in a folder of its own outside it. */
function briefOutside(): { root: string; brief: string } {
  const root = makeProject();
  const brief = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'brief-elsewhere-')), 'mybrief');
  fs.cpSync(path.join(root, BRIEF), brief, { recursive: true });
  return { root, brief };
}

describe('a brief folder outside content/', () => {
  test('builds with the project\'s templates, and is up to date the second time', { timeout: 60_000 }, async () => {
    const { root, brief } = briefOutside();
    const first = await runCli(['build', brief], root);
    expect(first.stderr).not.toContain('error');
    expect(first.code).toBe(0);
    const pdf = await readPdf(new Uint8Array(fs.readFileSync(path.join(root, 'output', 'mini.pdf'))));
    expect(pdf.pages[0]!.text).toContain('A small brief');
    const again = await runCli(['build', brief], root);
    expect(again.stderr).toMatch(/1 unchanged/);
  });

  test('its files may not lead out of its own folder: an error at the file that does', { timeout: 60_000 }, async () => {
    const { root, brief } = briefOutside();
    const csv = path.join(brief, 'data', 'sales.csv');
    const away = path.join(path.dirname(brief), 'sales.csv');
    fs.renameSync(csv, away);
    fs.symlinkSync(away, csv);
    const run = await runCli(['check', brief], root);
    expect(run.code).toBe(1);
    const [d] = parseDiagnostics(run.stderr);
    expect(d).toMatchObject({ rule: 'outside-project', file: path.relative(root, csv) });
    expect(d!.message).toContain("leads outside the brief's folder");
  });
});
