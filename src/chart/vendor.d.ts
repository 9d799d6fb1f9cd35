/** The part of fontkit 2 that brief uses (the package ships no types): measuring chart text, shaping and subsetting a brief's text. */
declare module 'fontkit' {
  export interface Glyph {
    id: number;
    codePoints: number[];
    advanceWidth: number;
  }
  export interface GlyphPosition {
    xAdvance: number;
    yAdvance: number;
    xOffset: number;
    yOffset: number;
  }
  export interface GlyphRun {
    glyphs: Glyph[];
    positions: GlyphPosition[];
    advanceWidth: number;
  }
  export interface Subset {
    /** The glyph's index in the subset (.notdef is 0). */
    includeGlyph(glyph: number | Glyph): number;
    encode(): Uint8Array;
  }
  export interface Font {
    postscriptName: string;
    unitsPerEm: number;
    ascent: number;
    descent: number;
    lineGap: number;
    capHeight: number;
    xHeight: number;
    italicAngle: number;
    bbox: { minX: number; minY: number; maxX: number; maxY: number };
    'OS/2'?: { sFamilyClass?: number };
    post: { isFixedPitch: number | boolean };
    head: { macStyle: { italic?: boolean } };
    layout(text: string): GlyphRun;
    getGlyph(id: number): Glyph;
    createSubset(): Subset;
  }
  export function openSync(path: string): Font;
  export function create(buffer: Uint8Array): Font;
}
