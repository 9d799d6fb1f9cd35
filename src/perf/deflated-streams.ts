import path from 'node:path';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { readCheckedFile, writeCheckedFile } from './checked-file.js';
import { createSizedCache } from './sized-cache.js';

/**
 * Each PDF stream encoded once and deflated once.
 *
 * pdfkit writes a page's content an operator at a time, each as a Buffer of its own (a
 * few thousand a page, and a large share of what a rebuild allocates), and joins them
 * when the stream ends. Here the text is gathered and encoded when the stream ends, or
 * when bytes come between: the same Latin-1 bytes, in the same order, with the same
 * lengths counted as it goes.
 *
 * pdfkit deflates every stream when it is written (page
 * contents, font files, their ToUnicode maps), and a rebuild after a data edit writes most
 * of them again byte for byte: the pages the edit did not touch, the same fonts. Here the
 * deflated bytes are kept by the hash of the raw bytes, in memory and (for large streams,
 * with `keepDeflatedStreamsIn`) on disk. zlib gives the same output for the same input and
 * level, so the PDF's bytes do not change; the key includes zlib's version and the
 * processor's architecture, since another build of zlib may compress differently.
 */

/** The slice of pdfkit's PDFReference this needs. */
interface PdfReference {
  compress: boolean;
  buffer: Buffer[] | Buffer;
  data: { Length?: number; Filter?: unknown };
  uncompressedLength: number;
  document: { _security?: unknown };
  write(chunk: unknown): void;
  finalize(): void;
  /** Text written and not yet encoded. */
  _text?: string[] | undefined;
}

interface PdfKitDocument {
  ref(data?: unknown): PdfReference;
}

/** Raw streams at least this long are kept on disk too; smaller ones deflate faster than a file is read. */
const DISK_MIN_BYTES = 4 * 1024;
/** What besides the raw bytes decides the deflated ones. */
const ZLIB = `${process.versions.zlib} ${process.arch}`;
/** Deflated bytes kept in memory, in all (oldest dropped first): a rebuild of one brief needs a few hundred KB, and a batch meets few streams twice. */
const MEMORY_BUDGET = 8 * 1024 * 1024;

const patched = new WeakSet<object>();
const memory = createSizedCache<Buffer>(MEMORY_BUDGET);
let dir: string | undefined;

/** Keep large deflated streams in `cacheDir/deflated/` between processes (undefined: in memory only). */
export function keepDeflatedStreamsIn(cacheDir: string | undefined): void {
  dir = cacheDir ? path.join(cacheDir, 'deflated') : undefined;
}

/** Make every document of this pdfkit class deflate each distinct stream once (idempotent). */
export function deflateStreamsOnce(PdfKit: { prototype: PdfKitDocument }): void {
  const proto = PdfKit.prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  const ref = proto.ref;
  proto.ref = function (this: PdfKitDocument, data?: unknown) {
    const reference = ref.call(this, data);
    patchReference(Object.getPrototypeOf(reference) as PdfReference);
    return reference;
  };
}

function patchReference(proto: PdfReference): void {
  if (patched.has(proto)) return;
  patched.add(proto);
  const write = proto.write;
  const finalize = proto.finalize;
  // what pdfkit's write does, with the text kept as text until it is needed as bytes
  proto.write = function (this: PdfReference, chunk: unknown) {
    if (chunk instanceof Uint8Array) {
      encodeText(this);
      write.call(this, chunk);
      return;
    }
    const text = (chunk as string) + '\n'; // as pdfkit coerces it
    this.uncompressedLength += text.length;
    if (this.data.Length == null) this.data.Length = 0;
    (this._text ??= []).push(text);
    this.data.Length += text.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  proto.finalize = function (this: PdfReference) {
    encodeText(this);
    // encrypted streams are deflated then encrypted per object: left to pdfkit
    if (!this.compress || !Array.isArray(this.buffer) || this.buffer.length === 0 || this.document._security) {
      finalize.call(this);
      return;
    }
    // pdfkit has set the stream's Filter; it now writes these bytes as they are
    this.buffer = [deflated(Buffer.concat(this.buffer))];
    this.compress = false;
    try {
      finalize.call(this);
    } finally {
      this.compress = true;
    }
  };
}

/** Encode the text written since the last bytes (one Latin-1 byte a character, as pdfkit's `Buffer.from(…, 'binary')`). */
function encodeText(reference: PdfReference): void {
  const text = reference._text;
  if (!text || text.length === 0) return;
  reference._text = undefined;
  (reference.buffer as Buffer[]).push(Buffer.from(text.join(''), 'latin1'));
}

/** `zlib.deflateSync(raw)`, as pdfkit calls it, from memory or disk when these bytes were deflated before. */
export function deflated(raw: Buffer): Buffer {
  const key = createHash('sha256').update(ZLIB).update('\0').update(raw).digest('hex').slice(0, 32);
  let bytes = memory.get(key);
  if (bytes) return bytes;
  const file = dir && raw.length >= DISK_MIN_BYTES ? path.join(dir, `${key}.z`) : undefined;
  bytes = file ? readCheckedFile(file) : undefined;
  if (!bytes) {
    bytes = zlib.deflateSync(raw);
    if (file) writeCheckedFile(file, bytes);
  }
  memory.set(key, bytes);
  return bytes;
}
