import { diagnostic, placeOfOffset, UserError } from '../diagnostics/diagnostic.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/**
 * The text of a file of a brief, which must be UTF-8: every text input (content, data,
 * chart specs, templates, themes) is read through here. A UTF-8 byte order mark is
 * dropped, so lines and columns count from the first character. Bytes that are not
 * UTF-8 are an error at the first of them, placed by the valid text before it, never a
 * U+FFFD in the PDF; a UTF-16 file (by its byte order mark) is refused as a whole.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const order = bytes[0] === 0xff ? 'little-endian' : 'big-endian';
    throw new UserError(
      diagnostic({ file, line: 0, column: 0 }, 'not-utf8', `the file is UTF-16 (${order}, by its byte order mark ${hex(bytes.subarray(0, 2))}); brief reads UTF-8 only`, {
        hint: 're-save the file as UTF-8',
      }),
    );
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UserError(invalidAt(bytes, file, firstInvalidByte(bytes)));
  }
}

function invalidAt(bytes: Uint8Array, file: string, offset: number) {
  const bomLength = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const before = utf8.decode(bytes.subarray(bomLength, offset));
  const place = placeOfOffset(before, before.length);
  const seen = bytes.subarray(offset, Math.min(offset + 4, bytes.length));
  const lineEnd = bytes.indexOf(0x0a, offset);
  // the line as it would read in the likeliest other encoding, for the excerpt
  const source = before + windows1252.decode(bytes.subarray(offset, lineEnd < 0 ? bytes.length : lineEnd));
  const byte = bytes[offset]!;
  const guess = byte >= 0x80 ? ` (in Latin-1 / Windows-1252 that byte is "${windows1252.decode(bytes.subarray(offset, offset + 1))}")` : '';
  return diagnostic({ file, ...place }, 'not-utf8', `the file is not valid UTF-8: bytes ${hex(seen)} at byte ${offset}${guess}`, {
    hint: byte >= 0x80 && looksLikeLatin1(bytes, offset) ? 're-save the file as UTF-8; it looks like Latin-1 / Windows-1252' : 're-save the file as UTF-8',
    source,
  });
}

/** A byte of the upper half followed by one that cannot continue a UTF-8 sequence: one-byte encodings write accents so. */
function looksLikeLatin1(bytes: Uint8Array, offset: number): boolean {
  const next = bytes[offset + 1];
  return next === undefined || next < 0x80 || next >= 0xc0 || bytes[offset]! < 0xc2;
}

/** Offset of the first byte that does not begin or continue a well-formed UTF-8 sequence (Unicode, table 3-7). */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    } else return i;
    for (let k = 1; k < length; k++) {
      const c = bytes[i + k];
      const [min, max] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (c === undefined || c < min || c > max) return i;
    }
    i += length;
  }
  return bytes.length;
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}
