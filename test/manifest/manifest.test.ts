import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUpToDate, type ManifestEntry } from '../../src/manifest/manifest.js';

describe('the manifest', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-manifest-'));
  const pdf = Buffer.from('%PDF-1.3\nthe PDF that was written\n%%EOF\n');
  const entry: ManifestEntry = { source: 'content/x', inputsHash: 'inputs', inputs: {}, pages: 1, bytes: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') };

  it('calls a PDF up to date only while its bytes are those written', () => {
    fs.writeFileSync(path.join(dir, 'x.pdf'), pdf);
    expect(isUpToDate(dir, 'x.pdf', 'inputs', entry)).toBe(true);
    expect(isUpToDate(dir, 'x.pdf', 'other inputs', entry)).toBe(false);
    // the same size, other bytes: judged by hash, not size
    const other = Buffer.from(pdf);
    other[12] = other[12]! ^ 1;
    fs.writeFileSync(path.join(dir, 'x.pdf'), other);
    expect(isUpToDate(dir, 'x.pdf', 'inputs', entry)).toBe(false);
    fs.rmSync(path.join(dir, 'x.pdf'));
    expect(isUpToDate(dir, 'x.pdf', 'inputs', entry)).toBe(false);
  });
});
