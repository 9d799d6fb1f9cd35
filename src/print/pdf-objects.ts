/**
 * A reader of the PDF objects pdfkit writes uncompressed: enough to take a drawing made in
 * a scratch document (its page's content and the objects its resources name) and set it
 * in another document as a Form XObject. Values come back as data pdfkit writes again as
 * they were: a name as a JS string, a string as bytes, a reference as `{ ref: n }`.
 */

export type PdfValue = number | boolean | null | string | { bytes: string } | { ref: number } | PdfValue[] | { [key: string]: PdfValue };

export interface PdfObject {
  value: PdfValue;
  /** The stream's bytes, as latin1 text. */
  stream?: string;
}

/** Every indirect object of an uncompressed PDF (no object streams), by number. */
export function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\s*/g;
  let m: RegExpExecArray | null;
  while ((m = header.exec(text)) !== null) {
    const reader = new Reader(text, header.lastIndex);
    const value = reader.value();
    let stream: string | undefined;
    reader.space();
    if (text.startsWith('stream', reader.at)) {
      const length = (value as { Length?: PdfValue }).Length;
      if (typeof length !== 'number') throw new Error(`object ${m[1]}: a stream without a direct /Length`);
      let start = reader.at + 'stream'.length;
      if (text[start] === '\r') start++;
      if (text[start] === '\n') start++;
      stream = text.slice(start, start + length);
      reader.at = start + length;
    }
    objects.set(Number(m[1]), { value, ...(stream !== undefined ? { stream } : {}) });
    header.lastIndex = Math.max(header.lastIndex, text.indexOf('endobj', reader.at) + 'endobj'.length);
  }
  return objects;
}

class Reader {
  constructor(
    private readonly text: string,
    public at: number,
  ) {}

  space(): void {
    while (this.at < this.text.length) {
      const c = this.text[this.at]!;
      if (c === '%') while (this.at < this.text.length && this.text[this.at] !== '\n') this.at++;
      else if (/\s/.test(c)) this.at++;
      else break;
    }
  }

  value(): PdfValue {
    this.space();
    const t = this.text;
    const c = t[this.at];
    if (t.startsWith('<<', this.at)) {
      this.at += 2;
      const dict: Record<string, PdfValue> = {};
      for (;;) {
        this.space();
        if (t.startsWith('>>', this.at)) {
          this.at += 2;
          return dict;
        }
        const key = this.value();
        if (typeof key !== 'string') throw new Error(`a dictionary key that is not a name at ${this.at}`);
        dict[key] = this.value();
      }
    }
    if (c === '[') {
      this.at++;
      const list: PdfValue[] = [];
      for (;;) {
        this.space();
        if (t[this.at] === ']') {
          this.at++;
          return list;
        }
        list.push(this.value());
      }
    }
    if (c === '/') {
      const m = /^\/([^\s/<>[\]()%{}]*)/.exec(t.slice(this.at, this.at + 256))!;
      this.at += m[0].length;
      return m[1]!.replace(/#([0-9a-fA-F]{2})/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    }
    if (c === '(') return { bytes: this.literal() };
    if (c === '<') {
      const end = t.indexOf('>', this.at);
      const hex = t.slice(this.at + 1, end).replace(/\s/g, '');
      this.at = end + 1;
      return { bytes: Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex').toString('latin1') };
    }
    const ref = /^(\d+)\s+(\d+)\s+R\b/.exec(t.slice(this.at, this.at + 32));
    if (ref) {
      this.at += ref[0].length;
      return { ref: Number(ref[1]) };
    }
    const word = /^[^\s/<>[\]()%]+/.exec(t.slice(this.at, this.at + 64))?.[0];
    if (!word) throw new Error(`unreadable PDF at ${this.at}`);
    this.at += word.length;
    if (word === 'true' || word === 'false') return word === 'true';
    if (word === 'null') return null;
    const n = Number(word);
    if (!Number.isFinite(n)) throw new Error(`unreadable PDF token ${word}`);
    return n;
  }

  /** A literal string's bytes, escapes undone. */
  private literal(): string {
    const t = this.text;
    let depth = 0;
    let out = '';
    for (this.at++; this.at < t.length; this.at++) {
      const c = t[this.at]!;
      if (c === '\\') {
        const n = t[++this.at]!;
        const escapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
        if (n in escapes) out += escapes[n];
        else if (/[0-7]/.test(n)) {
          const oct = /^[0-7]{1,3}/.exec(t.slice(this.at, this.at + 3))![0];
          out += String.fromCharCode(parseInt(oct, 8));
          this.at += oct.length - 1;
        } else if (n === '\r' || n === '\n') {
          if (n === '\r' && t[this.at + 1] === '\n') this.at++;
        } else out += n;
      } else if (c === '(') {
        depth++;
        out += c;
      } else if (c === ')') {
        if (depth === 0) {
          this.at++;
          return out;
        }
        depth--;
        out += c;
      } else out += c;
    }
    throw new Error('an unterminated string');
  }
}
