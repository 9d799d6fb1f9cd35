import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installFingerprint } from '../../src/perf/chart-cache-dir.js';
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
