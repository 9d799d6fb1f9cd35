import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../leaflets/project.js';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'brief-fast-'));

/** The China brief built by the CLI (dist/), at a fixed date; `env` on top of the process's own. */
function build(out: string, env: Record<string, string>, preload?: string): Buffer {
  execFileSync(process.execPath, [...(preload ? ['--require', preload] : []), path.join(repoRoot, 'dist/brief.js'), 'build', 'china', '--force', '--out', out], {
    cwd: repoRoot,
    env: { ...process.env, SOURCE_DATE_EPOCH: '1600000000', ...env },
    stdio: 'pipe',
  });
  return fs.readFileSync(path.join(out, 'china.pdf'));
}

describe('the fast paths of src/perf', () => {
  it('a cold build gives the same PDF with an empty cache, a filled one, none, and none of the fast paths', { timeout: 120_000 }, () => {
    const cache = tempDir();
    const filling = build(tempDir(), { BRIEF_CHART_CACHE: cache });
    expect(fs.readdirSync(cache).some((f) => f.startsWith('shaped-'))).toBe(true);
    // every font's subset, large stream and YAML file's value is kept too
    for (const kept of ['subsets', 'deflated', 'yaml', 'drawings', 'layouts']) expect(fs.readdirSync(path.join(cache, kept)).length).toBeGreaterThan(0);
    const reading = build(tempDir(), { BRIEF_CHART_CACHE: cache });
    // charts drawn again, their text measured from kept advances
    expect(fs.readdirSync(cache).some((f) => f.startsWith('advances-'))).toBe(true);
    for (const f of fs.readdirSync(cache)) if (/^[0-9a-f]{64}\.json$/.test(f)) fs.rmSync(path.join(cache, f));
    fs.rmSync(path.join(cache, 'drawings'), { recursive: true });
    const redrawn = build(tempDir(), { BRIEF_CHART_CACHE: cache });
    expect(redrawn.equals(filling)).toBe(true);
    const none = build(tempDir(), { BRIEF_CHART_CACHE: 'off' });
    // pdfmake and pdfkit as they are: what every shortcut of src/perf must give
    const plain = build(tempDir(), { BRIEF_CHART_CACHE: 'off', BRIEF_FAST_PATHS: 'off' });
    expect(reading.equals(filling)).toBe(true);
    expect(none.equals(filling)).toBe(true);
    expect(plain.equals(filling)).toBe(true);
  });

  it('keep the modules that stand-ins replace from loading at all', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const preload = path.join(dir, 'record.cjs');
    const record = path.join(dir, 'loaded.txt');
    // every CommonJS file the process runs, written at exit
    fs.writeFileSync(
      preload,
      `const Module = require('node:module'); const fs = require('node:fs'); const load = Module.prototype.load; const files = [];
Module.prototype.load = function (file) { files.push(file); return load.apply(this, arguments); };
process.on('exit', () => fs.writeFileSync(${JSON.stringify(record)}, files.join('\\n')));`,
    );
    // an empty chart cache: charts are measured with fontkit too
    const runs: Record<string, string>[] = [{ BRIEF_CHART_CACHE: tempDir() }, { BRIEF_CHART_CACHE: tempDir(), BRIEF_FAST_PATHS: 'off' }];
    for (const env of runs) {
      build(tempDir(), env, preload);
      const loaded = fs.readFileSync(record, 'utf8').split('\n');
      expect(loaded.some((f) => f.includes(`${path.sep}fontkit${path.sep}`))).toBe(true);
      const replaced = loaded.filter((f) => /[\\/](tiny-inflate|brotli)[\\/]|@noble[\\/]ciphers[\\/]aes\.js$/.test(f));
      if (env.BRIEF_FAST_PATHS === 'off') expect(replaced.length).toBeGreaterThan(0);
      else expect(replaced).toEqual([]);
    }
  });
});
