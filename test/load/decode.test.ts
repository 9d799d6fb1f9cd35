import { describe, expect, test } from 'vitest';
import { decodeText, firstInvalidByte } from '../../src/load/decode.js';
import { isUserError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';

function failure(bytes: number[] | Buffer): Diagnostic {
  try {
    decodeText(Uint8Array.from(bytes), 'x.yaml');
  } catch (error) {
    if (isUserError(error)) return error.diagnostics[0]!;
    throw error;
  }
  throw new Error('decoded');
}

describe('decodeText', () => {
  test('reads UTF-8 and drops a byte order mark', () => {
    expect(decodeText(Buffer.from('a: é\n'), 'x')).toBe('a: é\n');
    expect(decodeText(Buffer.from('\uFEFFa: é\n'), 'x')).toBe('a: é\n');
  });

  test('places the first bad byte by the valid text before it, a BOM not counted', () => {
    const d = failure(Buffer.concat([Buffer.from('\uFEFFone\ntwo: «'), Buffer.from([0xe9]), Buffer.from('t\n')]));
    expect(d).toMatchObject({ file: 'x.yaml', line: 2, column: 7, rule: 'not-utf8' });
    expect(d.message).toContain('bytes E9 74 0A');
    expect(d.hint).toContain('Latin-1');
    expect(d.excerpt).toBe('two: «ét');
  });

  test('a UTF-16 file is refused as a whole', () => {
    expect(failure([0xfe, 0xff, 0, 0x61])).toMatchObject({ line: 0, column: 0, message: expect.stringContaining('UTF-16 (big-endian') });
  });

  test('finds overlong, surrogate and cut-short sequences', () => {
    expect(firstInvalidByte(Uint8Array.from([0x61, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidByte(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidByte(Uint8Array.from([0x61, 0x62, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidByte(Buffer.from('ok €𝄞'))).toBe(10);
    // a cut-short sequence is not taken for Latin-1
    expect(failure([0x61, 0xe2, 0x82]).hint).toBe('re-save the file as UTF-8');
  });
});
