import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultChartCacheDir, installFingerprint, STALE_ENTRY_MS, sweepStaleEntries } from '../../src/perf/chart-cache-dir.js';
import { toolVersion } from '../../src/pipeline/batch.js';

function install(code: string, lock: string): { url: string; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-fp-'));
  fs.writeFileSync(path.join(root, 'cli.js'), code);
  fs.writeFileSync(path.join(root, 'package-lock.json'), lock);
  return { url: pathToFileURL(path.join(root, 'cli.js')).href, root };
}

describe('the install fingerprint', () => {
  it('changes with the running code and with the lockfile, not otherwise', () => {
    const fp = (code: string, lock: string) => {
      const { url, root } = install(code, lock);
      return installFingerprint(url, root);
    };
    const base = fp('a', '{"v":1}');
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(fp('a', '{"v":1}')).toBe(base);
    expect(fp('b', '{"v":1}')).not.toBe(base);
    expect(fp('a', '{"v":2}')).not.toBe(base);
  });

  it('is part of the tool version every PDF records', () => {
    expect(toolVersion()).toMatch(/^brief@\d+\.\d+\.\d+\+[0-9a-f]{16}$/);
  });
});

describe('the CLI cache folder', () => {
  it('is one per build of brief, and a new one removes the folders of builds unused for a week', () => {
    const { url, root } = install('a', '{"v":1}');
    const parent = path.join(root, 'node_modules', '.cache', 'brief');
    const now = Date.now();
    const old = path.join(parent, 'charts-0123456789abcdef');
    const recent = path.join(parent, 'charts-fedcba9876543210');
    const other = path.join(parent, 'code');
    for (const dir of [old, recent, other]) fs.mkdirSync(dir, { recursive: true });
    const eightDays = (now - 8 * 24 * 3600 * 1000) / 1000;
    fs.utimesSync(old, eightDays, eightDays);
    fs.utimesSync(other, eightDays, eightDays);
    const dir = defaultChartCacheDir(url, root, now);
    expect(dir).toBe(path.join(parent, `charts-${installFingerprint(url, root)}`));
    expect(fs.existsSync(dir)).toBe(true);
    expect(fs.existsSync(old)).toBe(false); // another build's, unused for eight days
    expect(fs.existsSync(recent)).toBe(true); // another build's, used lately
    expect(fs.existsSync(other)).toBe(true); // not a charts folder
    expect(defaultChartCacheDir(url, root, now)).toBe(dir);
  });
});

describe('the sweep of a cache folder', () => {
  it('removes entries not written for 30 days, in any subfolder, at most once a day', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-sweep-'));
    const now = Date.now();
    const at = (file: string, ageMs: number) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, 'x');
      fs.utimesSync(file, (now - ageMs) / 1000, (now - ageMs) / 1000);
      return file;
    };
    const day = 24 * 3600 * 1000;
    const oldChart = at(path.join(folder, 'a.json'), STALE_ENTRY_MS + day);
    const oldStream = at(path.join(folder, 'deflated', 'b.z'), STALE_ENTRY_MS + day);
    const recent = at(path.join(folder, 'drawings', 'c.json'), STALE_ENTRY_MS - 2 * day);
    sweepStaleEntries(folder, now);
    expect(fs.existsSync(oldChart)).toBe(false);
    expect(fs.existsSync(oldStream)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
    expect(fs.existsSync(path.join(folder, 'deflated'))).toBe(true);

    // the next sweep waits a day
    const later = at(path.join(folder, 'd.json'), STALE_ENTRY_MS + day);
    sweepStaleEntries(folder, now + 3600 * 1000);
    expect(fs.existsSync(later)).toBe(true);
    sweepStaleEntries(folder, now + day + 1);
    expect(fs.existsSync(later)).toBe(false);
    expect(fs.existsSync(recent)).toBe(true);
  });

  it('leaves a folder that does not exist alone', () => {
    expect(() => sweepStaleEntries(path.join(os.tmpdir(), 'brief-no-such-folder', 'x'), Date.now())).not.toThrow();
  });
});
