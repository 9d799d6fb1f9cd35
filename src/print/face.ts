import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';
import type * as fontkit from 'fontkit';
import { storeKey, type Store } from '../store/store.js';
import type { PdfKitDocument } from './pages.js';
import { fontkitLibrary } from './libraries.js';
import { ShapingFont, type ShapedWord } from './shaper.js';
import { fontkitFaceFacts, readFaceFacts, type FaceFacts } from './font-facts.js';

/**
 * The text of a brief's pages, set in its fonts by brief: shaped with HarfBuzz
 * (shaper.ts), kept in the store, embedded as subsets (fontkit's, through its public API).
 *
 * Shaping a word with a font (its OpenType substitutions and positions) depends on the
 * font's bytes and the word alone. The words a face shaped, the facts about the face that
 * layout and embedding read, and the subsets embedded are kept in the store, under the
 * hash of the font file's bytes; a build whose words were all shaped before never opens
 * the font. Text is split into words as pdfkit splits it (after each space or tab), and
 * set as pdfkit sets it: a TJ array of glyphs with their kerning, a subset per face, a
 * ToUnicode map giving each glyph the text it stands for.
 */

/**
 * Longer pieces of text are shaped as they come and not kept with the words: a chart of a
 * 16 MB CSV of long names kept 20 MB of them in the store. Words of running text are
 * shorter; a long run without a space (a URL, a label of thousands of characters) is not.
 */
const KEPT_WORD_LENGTH = 64;
/** Long pieces kept in memory, oldest dropped first: Vega measures a label several times. */
const LONG_WORDS_KEPT = 256;

/** Font files smaller than this are read where they are needed: a thread to read them costs more. */
const PREFETCH_BYTES = 1024 * 1024;

/**
 * What FontFiles.prefetch's thread runs: each file read whole and hashed, its bytes sent
 * (not copied) with the hash. `progress` says how far it is: [files begun, files done].
 */
const PREFETCH_SOURCE = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { createHash } = require('node:crypto');
const progress = new Int32Array(workerData.progress);
for (const file of workerData.files) {
  Atomics.add(progress, 0, 1);
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const bytes = new Uint8Array(size);
      let at = 0;
      for (let n = 1; at < size && n > 0; at += n) n = fs.readSync(fd, bytes, at, size - at, at);
      if (at === size) workerData.port.postMessage({ file, digest: createHash('sha256').update(bytes).digest('hex'), bytes }, [bytes.buffer]);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // read where it is needed
  }
  Atomics.add(progress, 1, 1);
  Atomics.notify(progress, 1);
}
`;

/** How long a thread that needs a file being read on another waits for it: about what reading and hashing it here takes. */
const PREFETCH_WAIT_MS = 15;

/** Words a face keeps in the store: the most recently shaped first. */
const KEPT_WORDS = 20_000;

/**
 * One font file, shared by every document of a process: its facts and shaped words,
 * from the store or from fontkit.
 */
export class FontFile {
  private font: fontkit.Font | undefined;
  private shaper: ShapingFont | undefined;
  private facts: FaceFacts | undefined;
  private words: Map<string, ShapedWord> | undefined;
  private shapedNow = 0;
  /** Pieces longer than a word (a label of thousands of characters), kept only a while and never saved. */
  private readonly long = new Map<string, ShapedWord>();
  private bytes: Buffer | undefined;
  private digest: string | undefined;
  /** The file's bytes with their hash, as read on another thread (FontFiles.prefetch): undefined if they have not come. */
  private prefetched: (() => { bytes: Buffer; digest: string } | undefined) | undefined;

  constructor(
    readonly file: string,
    private readonly store: Store | undefined,
  ) {}

  /**
   * The file's bytes, read once, when first needed: hashed, shaped with, and cut into
   * subsets. A fallback font no character of a build needs is never read.
   */
  private get data(): Buffer {
    this.takePrefetched();
    return (this.bytes ??= fs.readFileSync(this.file));
  }

  /** SHA-256 of the file's bytes: every result kept from the font is named by it. */
  get hash(): string {
    this.takePrefetched();
    return (this.digest ??= createHash('sha256').update(this.data).digest('hex'));
  }

  /** Whether nothing of the file has been read yet, here or on another thread. */
  get unread(): boolean {
    return this.bytes === undefined && this.digest === undefined && this.prefetched === undefined;
  }

  /** Take the bytes read on another thread, with their hash, once: those that come later are dropped, and the file read here. */
  private takePrefetched(): void {
    const take = this.prefetched;
    if (!take) return;
    this.prefetched = undefined;
    // set only while nothing was read (expect): taken before anything reads the file here
    const got = take();
    if (got) {
      this.bytes = got.bytes;
      this.digest = got.digest;
    }
  }

  /** Bytes and hash to take when first needed (FontFiles.prefetch). */
  expect(prefetched: () => { bytes: Buffer; digest: string } | undefined): void {
    if (this.unread) this.prefetched = prefetched;
  }

  private fontkit(): fontkit.Font {
    if (!this.font) {
      const font = fontkitLibrary().create(this.data);
      if (!('layout' in font)) throw new Error(`${this.file} is a font collection; a theme names one face per file`);
      this.font = font;
    }
    return this.font;
  }

  get factsOf(): FaceFacts {
    if (this.facts) return this.facts;
    const key = storeKey('font facts', this.hash);
    const kept = this.store?.get('font-facts', key);
    if (kept) this.facts = JSON.parse(kept.toString('utf8')) as FaceFacts;
    else {
      this.facts = readFaceFacts(this.data) ?? fontkitFaceFacts(this.fontkit());
      this.store?.put('font-facts', key, JSON.stringify(this.facts));
    }
    return this.facts;
  }

  private wordsKey(): string {
    return storeKey('shaped words, HarfBuzz', this.hash);
  }

  /** A word (a piece of text that ends after a space or tab), shaped. */
  shaped(word: string): ShapedWord {
    if (!this.words) {
      this.words = new Map();
      const kept = this.store?.get('shaped-words', this.wordsKey());
      if (kept) for (const [w, s] of JSON.parse(kept.toString('utf8')) as [string, ShapedWord][]) this.words.set(w, s);
    }
    const long = word.length > KEPT_WORD_LENGTH;
    const kept = long ? this.long : this.words;
    let shaped = kept.get(word);
    if (!shaped) {
      this.shaper ??= new ShapingFont(this.data);
      shaped = this.shaper.shape(word);
      if (!long) this.shapedNow++;
      else if (kept.size >= LONG_WORDS_KEPT) kept.delete(kept.keys().next().value!);
      kept.set(word, shaped);
    }
    return shaped;
  }

  /** Whether the font has a glyph for every visible character of `text` (shaped as one word). */
  covers(text: string): boolean {
    const shaped = this.shaped(text);
    return shaped.g.every((gid, i) => gid !== 0 || shaped.u[i]!.every(invisible));
  }

  /** The advance of `text` in font units, shaped a word at a time as it is printed. */
  advance(text: string): number {
    let advance = 0;
    for (const word of words(text)) for (const a of this.shaped(word).a) advance += a;
    return advance;
  }

  /**
   * Keep the words shaped since the last save, with those used most recently, once the new
   * words are a twentieth of those known. A text edit or a batch's document shapes a few
   * words (the edited ones, names, figures) and would write the whole list again (100 KB
   * and more, whose writing a process waits for as it ends); words left unsaved when a
   * process ends are shaped again by the next one that needs them, at a hundredth of a
   * millisecond each.
   */
  save(): void {
    if (!this.words || this.shapedNow === 0 || !this.store) return;
    if (this.shapedNow < this.words.size / 20) return;
    const entries = [...this.words].slice(-KEPT_WORDS);
    this.store.put('shaped-words', this.wordsKey(), JSON.stringify(entries));
    this.shapedNow = 0;
  }

  /** The subset of `glyphs` (ids in subset order, .notdef first) as a TrueType file. */
  subset(glyphs: number[]): Buffer {
    const key = storeKey('font subset', this.hash, glyphs.join(','));
    const kept = this.store?.get('font-subset', key);
    if (kept) return kept;
    const subset = this.fontkit().createSubset();
    glyphs.forEach((gid, cid) => {
      if (subset.includeGlyph(gid) !== cid) throw new Error('a font subset numbered its glyphs out of order');
    });
    const bytes = Buffer.from(subset.encode());
    this.store?.put('font-subset', key, bytes);
    return bytes;
  }
}

/**
 * Font files by path, for a process (a session): shaped words stay in memory between its
 * documents. Chart text is measured from them too (src/chart/measure.ts), so a label is
 * exactly as wide as the glyphs later printed.
 */
export class FontFiles {
  private readonly files = new Map<string, FontFile>();
  constructor(private readonly store: Store | undefined) {}

  /**
   * Read and hash the large ones of `files` (the font files the last build of a document
   * set text in) on a thread of their own, while this one reads the brief: a CJK fallback
   * font is 10 MB, which took a text edit's build 13 ms to read and hash before it could
   * take its pages, subsets and shaped words from the store. A file whose bytes have not
   * come when first needed is read here, as without, and what comes later is dropped.
   * Resolves when the thread has read all it will.
   */
  prefetch(files: string[]): Promise<void> {
    const large = (file: string) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      return stat !== undefined && stat.isFile() && stat.size >= PREFETCH_BYTES;
    };
    const wanted = files.filter((file) => this.get(file).unread && large(file));
    if (wanted.length === 0) return Promise.resolve();
    const { port1, port2 } = new MessageChannel();
    const progress = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(PREFETCH_SOURCE, { eval: true, workerData: { files: wanted, port: port2, progress: progress.buffer }, transferList: [port2] });
    // a file it cannot read is read here; the thread keeps nothing alive
    worker.on('error', () => undefined);
    worker.unref();
    const done = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const arrived = new Map<string, { bytes: Buffer; digest: string }>();
    const receive = () => {
      for (let got = receiveMessageOnPort(port1); got; got = receiveMessageOnPort(port1)) {
        const { file: read, digest, bytes } = got.message as { file: string; digest: string; bytes: Uint8Array };
        arrived.set(read, { digest, bytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
      }
    };
    wanted.forEach((file, index) => {
      this.get(file).expect(() => {
        receive();
        // begun and not done: it comes sooner than it is read here
        if (!arrived.has(file) && Atomics.load(progress, 0) > index && Atomics.load(progress, 1) <= index) {
          const until = performance.now() + PREFETCH_WAIT_MS;
          for (let finished = Atomics.load(progress, 1); finished <= index && performance.now() < until; finished = Atomics.load(progress, 1)) {
            Atomics.wait(progress, 1, finished, Math.max(0, until - performance.now()));
          }
          receive();
        }
        const taken = arrived.get(file);
        arrived.delete(file);
        return taken;
      });
    });
    return done;
  }

  get(file: string): FontFile {
    let f = this.files.get(file);
    if (!f) {
      f = new FontFile(file, this.store);
      this.files.set(file, f);
    }
    return f;
  }

  /** Keep what was shaped in the store (after a document is printed). */
  save(): void {
    for (const f of this.files.values()) f.save();
  }
}

/** A glyph run ready to draw: subset codes and positions, in thousandths of the font size. */
export interface EncodedRun {
  codes: string[];
  positions: { xAdvance: number; advanceWidth: number; xOffset: number; yOffset: number }[];
}

/**
 * A face in one document: what pdfmake's layout asks of a font (its metrics and the width
 * of a string), and the subset the document embeds.
 */
export class Face {
  readonly ascender: number;
  readonly descender: number;
  readonly lineGap: number;
  private readonly scale: number;
  /**
   * The glyphs the document set, by glyph id, with their width and text. The page content
   * names a glyph by its id in the font (CID = glyph id); the subset holds them in id order
   * and a CIDToGIDMap says where each went, so the subset depends on which glyphs a
   * document uses, not in which order: after a data edit it is usually the one kept.
   */
  private readonly used = new Map<number, { width: number; unicode: number[] }>();
  private ref: { end(data?: unknown): void; data: Record<string, unknown> } | undefined;

  constructor(
    private readonly font: FontFile,
    /** The name of the font in the pages' resources. */
    readonly id: string,
  ) {
    const facts = font.factsOf;
    this.scale = 1000 / facts.unitsPerEm;
    this.ascender = facts.ascent * this.scale;
    this.descender = facts.descent * this.scale;
    this.lineGap = facts.lineGap * this.scale;
    this.used.set(0, { width: facts.notdefWidth * this.scale, unicode: [0] });
  }

  /** The font file the face sets text in. */
  get file(): string {
    return this.font.file;
  }

  lineHeight(size: number, includeGap = false): number {
    return ((this.ascender + (includeGap ? this.lineGap : 0) - this.descender) / 1000) * size;
  }

  widthOfString(text: string, size: number, features?: unknown): number {
    if (features) throw new Error("font features are not supported in brief's text");
    return ((this.font.advance(text) * this.scale) / 1000) * size;
  }

  /** The glyphs of `text` in this document's subset, with their positions: what pdfkit's `encode` gives. */
  encode(text: string): EncodedRun {
    const codes: string[] = [];
    const positions: EncodedRun['positions'] = [];
    for (const word of words(text)) {
      const shaped = this.font.shaped(word);
      shaped.g.forEach((gid, i) => {
        if (!this.used.has(gid)) this.used.set(gid, { width: shaped.w[i]! * this.scale, unicode: shaped.u[i]! });
        codes.push(hex4(gid));
        const [xOffset, yOffset] = shaped.o?.[i] ?? [0, 0];
        positions.push({ xAdvance: shaped.a[i]! * this.scale, advanceWidth: shaped.w[i]! * this.scale, xOffset: xOffset * this.scale, yOffset: yOffset * this.scale });
      });
    }
    return { codes, positions };
  }

  /** The font's dictionary, to name in a page's resources; written out by `embed`. */
  reference(doc: PdfKitDocument): unknown {
    this.ref ??= doc.ref();
    return this.ref;
  }

  /** Write the subset, its descriptor, widths and ToUnicode map into `doc` (once its pages are drawn). */
  embed(doc: PdfKitDocument, options: { cidSet: boolean }): void {
    if (!this.ref) return;
    const facts = this.font.factsOf;
    const gids = [...this.used.keys()].sort((a, b) => a - b);
    const fontFile = doc.ref();
    fontFile.end(this.font.subset(gids));
    // CID (the glyph's id in the font) → its index in the subset, two bytes each
    const cidToGid = Buffer.alloc(2 * (gids[gids.length - 1]! + 1));
    gids.forEach((gid, index) => cidToGid.writeUInt16BE(index, 2 * gid));
    const map = doc.ref();
    map.end(cidToGid);
    // the subset's tag: six capitals, from what the subset holds, so that no two subsets share a name
    const digest = createHash('sha256').update(`${this.font.hash} ${gids.join(',')}`).digest();
    const tag = [...digest.subarray(0, 6)].map((b) => String.fromCharCode(65 + (b % 26))).join('');
    const name = `${tag}+${facts.postscriptName.replaceAll(' ', '_')}`;
    const [minX, minY, maxX, maxY] = facts.bbox;
    const descriptor = doc.ref({
      Type: 'FontDescriptor',
      FontName: name,
      Flags: facts.flags,
      FontBBox: [minX * this.scale, minY * this.scale, maxX * this.scale, maxY * this.scale],
      ItalicAngle: facts.italicAngle,
      Ascent: this.ascender,
      Descent: this.descender,
      CapHeight: (facts.capHeight || facts.ascent) * this.scale,
      XHeight: (facts.xHeight || 0) * this.scale,
      StemV: 0,
      FontFile2: fontFile,
    });
    if (options.cidSet) {
      // PDF/A-1: a subset names every CID it holds
      const set = Buffer.alloc(Math.ceil((gids[gids.length - 1]! + 1) / 8), 0);
      for (const cid of gids) set[cid >> 3]! |= 0x80 >> (cid % 8);
      const cidSet = doc.ref();
      cidSet.end(set);
      descriptor.data.CIDSet = cidSet;
    }
    descriptor.end();
    const descendant = doc.ref({
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: name,
      CIDSystemInfo: { Registry: new String('Adobe'), Ordering: new String('Identity'), Supplement: 0 },
      FontDescriptor: descriptor,
      W: widthsArray(gids.map((gid) => [gid, this.used.get(gid)!.width])),
      CIDToGIDMap: map,
    });
    descendant.end();
    const toUnicode = doc.ref();
    toUnicode.end(toUnicodeCmap(gids.map((gid) => [gid, this.used.get(gid)!.unicode])));
    this.ref.data = { Type: 'Font', Subtype: 'Type0', BaseFont: name, Encoding: 'Identity-H', DescendantFonts: [descendant], ToUnicode: toUnicode };
    this.ref.end();
  }
}

/** Text split as pdfkit shapes it: each piece ends after a space or tab (kerning across a space is not applied). */
export function words(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      out.push(text.slice(start, i + 1));
      start = i + 1;
    }
  }
  if (start < text.length) out.push(text.slice(start));
  return out;
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** Characters that draw nothing in any font, so a font without a glyph for them loses nothing. */
function invisible(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0xad || (cp >= 0x200b && cp <= 0x200f) || cp === 0x2060 || cp === 0xfeff;
}

/** The /W array of a CIDFont: runs of consecutive CIDs with their widths. */
function widthsArray(widths: [number, number][]): unknown[] {
  const out: unknown[] = [];
  let run: number[] = [];
  let start = -1;
  widths.forEach(([cid, width], i) => {
    if (i > 0 && cid === widths[i - 1]![0] + 1) run.push(width);
    else {
      if (run.length) out.push(start, run);
      start = cid;
      run = [width];
    }
  });
  if (run.length) out.push(start, run);
  return out;
}

/** The ToUnicode CMap of a subset: each CID's text, for copying and searching. */
function toUnicodeCmap(entries: [number, number[]][]): string {
  const utf16 = (codePoints: number[]) => {
    const encoded: string[] = [];
    for (let value of codePoints) {
      if (value > 0xffff) {
        value -= 0x10000;
        encoded.push(hex4(((value >>> 10) & 0x3ff) | 0xd800));
        value = 0xdc00 | (value & 0x3ff);
      }
      encoded.push(hex4(value));
    }
    return encoded.join('');
  };
  const blocks: string[] = [];
  for (let start = 0; start < entries.length; start += 100) {
    const block = entries.slice(start, start + 100);
    blocks.push(`${block.length} beginbfchar\n${block.map(([cid, cp]) => `<${hex4(cid)}> <${utf16(cp)}>`).join('\n')}\nendbfchar`);
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo <<
  /Registry (Adobe)
  /Ordering (UCS)
  /Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000><ffff>
endcodespacerange
${blocks.join('\n')}
endcmap
CMapName currentdict /CMap defineresource pop
end
end`;
}
