import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deflated, deflateStreamsOnce, keepDeflatedStreamsIn } from '../../src/perf/deflated-streams.js';

const require = createRequire(import.meta.url);
interface PdfKitDoc {
  text(text: string, x?: number, y?: number): PdfKitDoc;
  addPage(): PdfKitDoc;
  on(event: string, listener: (chunk?: Buffer) => void): void;
  end(): void;
}
const PDFDocument = require(createRequire(require.resolve('pdfmake/js/Printer.js')).resolve('pdfkit')) as {
  new (options: object): PdfKitDoc;
  prototype: { ref(data?: unknown): never };
};

afterEach(() => keepDeflatedStreamsIn(undefined));

function printed(): Promise<Buffer> {
  const doc = new PDFDocument({ info: { CreationDate: new Date(0) }, font: 'Helvetica' });
  const chunks: Buffer[] = [];
  doc.on('data', (c) => chunks.push(c!));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (let i = 0; i < 3; i++) doc.text(`Page ${i} `.repeat(400), 50, 50).addPage();
  doc.end();
  return done;
}

describe('deflated streams', () => {
  it('give the bytes zlib gives, from memory, from disk, and again when the disk copy is damaged', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-deflate-'));
    keepDeflatedStreamsIn(dir);
    const raw = crypto.randomBytes(3000).toString('hex').repeat(3); // 18 KB: kept on disk
    const bytes = Buffer.from(raw);
    expect(deflated(bytes).equals(zlib.deflateSync(bytes))).toBe(true);
    const [file] = fs.readdirSync(path.join(dir, 'deflated'));
    expect(file).toMatch(/^[0-9a-f]{32}\.z$/);
    expect(deflated(Buffer.from(raw)).equals(zlib.deflateSync(bytes))).toBe(true);

    const other = Buffer.from(crypto.randomBytes(4000).toString('hex'));
    deflated(other);
    const otherFile = fs.readdirSync(path.join(dir, 'deflated')).find((f) => f !== file)!;
    const kept = fs.readFileSync(path.join(dir, 'deflated', otherFile));
    kept[5] ^= 0xff;
    fs.writeFileSync(path.join(dir, 'deflated', otherFile), kept);
    // as in a new process: nothing in memory, a damaged file on disk
    vi.resetModules();
    const fresh = await import('../../src/perf/deflated-streams.js');
    fresh.keepDeflatedStreamsIn(dir);
    expect(fresh.deflated(other).equals(zlib.deflateSync(other))).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'deflated', otherFile)).equals(kept)).toBe(false); // written again, whole
  });

  it('leaves a PDF byte for byte as pdfkit writes it', async () => {
    const before = await printed();
    deflateStreamsOnce(PDFDocument);
    const after = await printed();
    const again = await printed();
    expect(after.equals(before)).toBe(true);
    expect(again.equals(before)).toBe(true);
  });
});
