/** The part of fontkit 2 that chart text measurement uses (the package ships no types). */
declare module 'fontkit' {
  export interface GlyphRun {
    advanceWidth: number;
  }
  export interface Font {
    unitsPerEm: number;
    ascent: number;
    descent: number;
    layout(text: string): GlyphRun;
  }
  export function openSync(path: string): Font;
  export function create(buffer: Uint8Array): Font;
}
