/**
 * A font's `post` table without decoding its glyph names first.
 *
 * pdfkit reads two numbers from `post` when it embeds a font (`isFixedPitch` and, through
 * fontkit's `italicAngle`, the angle), and fontkit decodes the whole table to give them:
 * in a version 2 table that is a name for every glyph, about 6 ms for Inter and more in a
 * cold process, once per face. This puts the table's 32-byte header in fontkit's table
 * cache instead, decoded as fontkit decodes it, with the version's other fields read
 * from the whole table, decoded by fontkit, on first use (glyph names, for instance).
 */

interface TableEntry {
  tag: string;
  offset: number;
  length: number;
}

/** The part of a fontkit TrueType font this needs. */
export interface PostTableFont {
  directory?: { tables?: Record<string, TableEntry | undefined> };
  stream?: { buffer?: Uint8Array };
  _tables?: Record<string, unknown>;
  _decodeTable?(table: TableEntry): unknown;
}

/**
 * The fields after the header, by version as fontkit's 16.16 reading of the version field
 * gives it. Versions left out are decoded by fontkit as before: 2.5, which fontkit reads
 * as 2.3125 and then fails to decode, and 4, whose length depends on another table.
 */
const BODY_FIELDS = new Map<number, string[]>([
  [1, []],
  [2, ['numberOfGlyphs', 'glyphNameIndex', 'names']],
  [3, []],
]);

/**
 * Put a lazily completed `post` table in the font's table cache, unless the table is
 * already decoded or is not one this reads exactly as fontkit would (then fontkit decodes
 * it when asked, as before). Returns whether it did.
 */
export function deferPostTableBody(font: PostTableFont): boolean {
  const table = font.directory?.tables?.post;
  const bytes = font.stream?.buffer;
  const tables = font._tables;
  const decode = font._decodeTable;
  if (!table || !bytes || !tables || typeof decode !== 'function' || 'post' in tables) return false;
  if (table.length < 32 || table.offset + 32 > bytes.length) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset + table.offset, 32);
  const version = view.getInt32(0) / 65536;
  const body = BODY_FIELDS.get(version);
  if (!body || (version === 2 && !isWholeVersion2(bytes.subarray(table.offset, table.offset + table.length)))) return false;
  const post: Record<string, unknown> = {
    version,
    italicAngle: view.getInt32(4) / 65536,
    underlinePosition: view.getInt16(8),
    underlineThickness: view.getInt16(10),
    isFixedPitch: view.getUint32(12),
    minMemType42: view.getUint32(16),
    maxMemType42: view.getUint32(20),
    minMemType1: view.getUint32(24),
    maxMemType1: view.getUint32(28),
  };
  let whole: Record<string, unknown> | undefined;
  for (const field of body) {
    Object.defineProperty(post, field, {
      enumerable: true,
      configurable: true,
      get() {
        whole ??= (decode.call(font, table) ?? {}) as Record<string, unknown>;
        return whole[field];
      },
    });
  }
  tables.post = post;
  return true;
}

/**
 * Whether a version 2 table decodes: its glyph name index fits, and its names (Pascal
 * strings up to the table's end) do not run past it. fontkit gives no table at all for
 * one that fails, and that must stay so: a font embedded as before, or refused as before.
 */
function isWholeVersion2(table: Uint8Array): boolean {
  if (table.length < 34) return false;
  const glyphs = (table[32]! << 8) | table[33]!;
  let at = 34 + 2 * glyphs;
  if (at > table.length) return false;
  while (at < table.length) at += 1 + table[at]!;
  return at === table.length;
}
