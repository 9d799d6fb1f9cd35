import type * as fontkit from 'fontkit';

/**
 * What layout and embedding read of a face, in font units: a few fixed fields of the
 * `head`, `hhea`, `OS/2`, `post`, `hmtx` and `name` tables.
 *
 * fontkit gives the same values, but decodes each table it is asked about whole (the
 * `post` table's name of every glyph, to say whether the font is fixed-pitch): about 25
 * ms per face, 100 ms for a theme's four, where reading the fields takes a fraction of a
 * millisecond. A file that is not a plain TrueType or OpenType font (a collection, WOFF)
 * gets undefined, and its facts from fontkit.
 */
export interface FaceFacts {
  postscriptName: string;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  lineGap: number;
  /** Undefined for an `OS/2` table older than version 2, which has none (as fontkit says). */
  capHeight: number | undefined;
  xHeight: number | undefined;
  italicAngle: number;
  bbox: [number, number, number, number];
  /** The font descriptor's flags (PDF 32000-1, 9.8.2), as fontkit's tables give them. */
  flags: number;
  notdefWidth: number;
}

/** The facts as fontkit gives them: for a file readFaceFacts does not read, and to check it against. */
export function fontkitFaceFacts(font: fontkit.Font): FaceFacts {
  const { bbox } = font;
  return {
    postscriptName: font.postscriptName,
    unitsPerEm: font.unitsPerEm,
    ascent: font.ascent,
    descent: font.descent,
    lineGap: font.lineGap,
    capHeight: font.capHeight,
    xHeight: font.xHeight,
    italicAngle: font.italicAngle,
    bbox: [bbox.minX, bbox.minY, bbox.maxX, bbox.maxY],
    flags: descriptorFlags(Boolean(font.post.isFixedPitch), (font['OS/2']?.sFamilyClass ?? 0) >> 8, Boolean(font.head.macStyle.italic)),
    notdefWidth: font.getGlyph(0).advanceWidth,
  };
}

/** Flags of the font descriptor (PDF 32000-1, 9.8.2): symbolic, and fixed-pitch, serif, script and italic as the tables say. */
function descriptorFlags(fixedPitch: boolean, familyClass: number, italic: boolean): number {
  let flags = 1 << 2; // symbolic: the glyphs are addressed by id
  if (fixedPitch) flags |= 1 << 0;
  if (familyClass >= 1 && familyClass <= 7) flags |= 1 << 1;
  if (familyClass === 10) flags |= 1 << 3;
  if (italic) flags |= 1 << 6;
  return flags;
}

/** The facts of a TrueType or OpenType file; undefined for any other kind of file or a table missing. */
export function readFaceFacts(bytes: Buffer): FaceFacts | undefined {
  if (bytes.length < 12) return undefined;
  const version = bytes.readUInt32BE(0);
  // TrueType outlines (1.0 or 'true') or CFF ('OTTO'); a collection ('ttcf') or WOFF is not read here
  if (version !== 0x00010000 && version !== 0x74727565 && version !== 0x4f54544f) return undefined;
  const tables = new Map<string, { offset: number; length: number }>();
  const count = bytes.readUInt16BE(4);
  if (12 + count * 16 > bytes.length) return undefined;
  for (let i = 0; i < count; i++) {
    const at = 12 + i * 16;
    const offset = bytes.readUInt32BE(at + 8);
    const length = bytes.readUInt32BE(at + 12);
    if (offset + length > bytes.length) return undefined;
    tables.set(bytes.toString('latin1', at, at + 4), { offset, length });
  }
  const head = tables.get('head');
  const hhea = tables.get('hhea');
  const post = tables.get('post');
  const hmtx = tables.get('hmtx');
  const name = tables.get('name');
  if (!head || head.length < 54 || !hhea || hhea.length < 36 || !post || post.length < 16 || !hmtx || hmtx.length < 2 || !name) return undefined;
  const postscriptName = readPostscriptName(bytes, name.offset, name.length);
  if (postscriptName === undefined) return undefined;
  const os2 = tables.get('OS/2');
  const os2Version = os2 && os2.length >= 2 ? bytes.readUInt16BE(os2.offset) : undefined;
  const ascent = bytes.readInt16BE(hhea.offset + 4);
  const withHeights = os2 !== undefined && os2Version !== undefined && os2Version >= 2 && os2.length >= 90;
  return {
    postscriptName,
    unitsPerEm: bytes.readUInt16BE(head.offset + 18),
    ascent,
    descent: bytes.readInt16BE(hhea.offset + 6),
    lineGap: bytes.readInt16BE(hhea.offset + 8),
    capHeight: os2 === undefined ? ascent : withHeights ? bytes.readInt16BE(os2.offset + 88) : undefined,
    xHeight: os2 === undefined ? 0 : withHeights ? bytes.readInt16BE(os2.offset + 86) : undefined,
    italicAngle: bytes.readInt32BE(post.offset + 4) / 65536,
    bbox: [bytes.readInt16BE(head.offset + 36), bytes.readInt16BE(head.offset + 38), bytes.readInt16BE(head.offset + 40), bytes.readInt16BE(head.offset + 42)],
    flags: descriptorFlags(bytes.readUInt32BE(post.offset + 12) !== 0, os2 !== undefined && os2.length >= 32 ? bytes.readInt16BE(os2.offset + 30) >> 8 : 0, (bytes.readUInt16BE(head.offset + 44) & 0b10) !== 0),
    notdefWidth: bytes.readUInt16BE(hmtx.offset),
  };
}

/**
 * The PostScript name (name ID 6): from a Windows Unicode record (UTF-16BE), else a
 * Macintosh Roman one; a PostScript name is printable ASCII, which both spell alike.
 */
function readPostscriptName(bytes: Buffer, offset: number, length: number): string | undefined {
  if (length < 6) return undefined;
  const count = bytes.readUInt16BE(offset + 2);
  const strings = offset + bytes.readUInt16BE(offset + 4);
  let mac: string | undefined;
  for (let i = 0; i < count; i++) {
    const at = offset + 6 + i * 12;
    if (at + 12 > offset + length) return undefined;
    const platform = bytes.readUInt16BE(at);
    const nameId = bytes.readUInt16BE(at + 6);
    if (nameId !== 6) continue;
    const start = strings + bytes.readUInt16BE(at + 10);
    const end = start + bytes.readUInt16BE(at + 8);
    if (end > bytes.length) return undefined;
    if (platform === 3) return Buffer.from(bytes.subarray(start, end)).swap16().toString('utf16le');
    if (platform === 1) mac ??= bytes.toString('latin1', start, end);
  }
  return mac;
}
