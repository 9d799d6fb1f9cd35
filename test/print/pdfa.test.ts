/**
 * Every brief and leaflet printed as PDF/A-1b (with PDF/UA-1) passes Apache PDFBox's
 * Preflight, the validator Debian ships (`apt-get install libpdfbox2-java
 * libactivation-java libjaxb-api-java`, which .ci/run does). Skipped, with a message,
 * where Java or Preflight is not installed.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../errors/project.js';

const JARS = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map((j) => `/usr/share/java/${j}.jar`);
const available = JARS.every((j) => fs.existsSync(j)) && spawnSync('java', ['-version']).status === 0;
if (!available) console.warn('skipping the PDF/A validation: Java or PDFBox Preflight not found (apt-get install libpdfbox2-java libactivation-java libjaxb-api-java)');

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-pdfa-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe.skipIf(!available)('PDF/A-1b', () => {
  it('every shipped brief and leaflet passes PDFBox Preflight', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'brief.js'), 'build', '--force', '--pdf-standard', 'a-1b,ua-1', '--out', out], {
      cwd: repoRoot,
      env: { ...process.env, BRIEF_STORE: path.join(out, '.store') },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(0);
    const pdfs = fs.readdirSync(out).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(1);
    const failures: string[] = [];
    for (const pdf of pdfs) {
      const check = spawnSync('java', ['-cp', JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', path.join(out, pdf)], { encoding: 'utf8' });
      if (check.status !== 0) failures.push(`${pdf}: ${check.stdout}${check.stderr}`.trim());
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
