import { describe, expect, it } from 'vitest';
import { readObjects } from '../../src/print/pdf-objects.js';

describe('the reader of uncompressed PDF objects', () => {
  it('reads dictionaries, arrays, names, strings, references and streams as pdfkit writes them', () => {
    const pdf = Buffer.from(
      [
        '%PDF-1.3',
        '4 0 obj',
        '<<\n/Type /ExtGState\n/ca 0.5\n/Name /A#20B\n/Text (a \\(b\\) c\\\\d\\101)\n/Hex <48656c6c6f>\n/Kids [1 0 R 2 0 R]\n/Flag true\n/None null\n/Sub << /N -1.25 >>\n>>',
        'endobj',
        '5 0 obj',
        '<<\n/Length 12\n>>',
        'stream',
        '1 0 0 1 0 0 ',
        'endstream',
        'endobj',
      ].join('\n'),
      'latin1',
    );
    const objects = readObjects(pdf);
    expect(objects.get(4)!.value).toEqual({ Type: 'ExtGState', ca: 0.5, Name: 'A B', Text: { bytes: 'a (b) c\\dA' }, Hex: { bytes: 'Hello' }, Kids: [{ ref: 1 }, { ref: 2 }], Flag: true, None: null, Sub: { N: -1.25 } });
    expect(objects.get(5)).toEqual({ value: { Length: 12 }, stream: '1 0 0 1 0 0 ' });
  });
});
