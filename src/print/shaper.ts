import type * as HarfBuzz from 'harfbuzzjs';

/**
 * Text shaping with HarfBuzz (the shaper of browsers and typesetting systems, as
 * WebAssembly from npm `harfbuzzjs`): a word's glyphs, their advances with kerning and
 * their offsets, as the font's OpenType tables say. It is loaded once per process, by
 * what may shape: a build, as it starts (printing waits for it), and the chart worker. A
 * build whose words were all shaped before takes them from the store (face.ts) and shapes
 * nothing.
 */

let harfbuzz: typeof HarfBuzz | undefined;
let loading: Promise<void> | undefined;

/** Load the shaper (a WebAssembly module): call, and wait, before anything shapes. */
export function loadShaper(): Promise<void> {
  loading ??= import('harfbuzzjs').then((module) => {
    harfbuzz = module;
  });
  return loading;
}

/** A shaped word: glyph ids, the code points each stands for, advances (with kerning) and unkerned widths, in font units. */
export interface ShapedWord {
  g: number[];
  u: number[][];
  a: number[];
  w: number[];
  /** Offsets [x, y] of glyphs that have them, by index. */
  o?: Record<number, [number, number]>;
}

/** One font file opened for shaping. */
export class ShapingFont {
  private readonly font: HarfBuzz.Font;
  /** One buffer, reset for each word (HarfBuzz's objects are freed when collected). */
  private readonly buffer: HarfBuzz.Buffer;

  constructor(bytes: Uint8Array) {
    if (!harfbuzz) throw new Error('the shaper is not loaded: await loadShaper() before shaping');
    const blob = new harfbuzz.Blob(bytes);
    const face = new harfbuzz.Face(blob, 0);
    this.font = new harfbuzz.Font(face);
    this.buffer = new harfbuzz.Buffer();
  }

  /**
   * A word shaped left to right. Each glyph stands for the text of its cluster (a
   * ligature for its letters), taken from the word itself: what copying it gives back.
   */
  shape(word: string): ShapedWord {
    const hb = harfbuzz!;
    const buffer = this.buffer;
    buffer.reset();
    {
      buffer.addText(word);
      buffer.guessSegmentProperties();
      hb.shape(this.font, buffer);
      const glyphs = buffer.getGlyphInfosAndPositions();
      const starts = [...new Set(glyphs.map((g) => g.cluster))].sort((x, y) => x - y);
      const textOf = (cluster: number) => {
        const next = starts.find((s) => s > cluster) ?? word.length;
        return [...word.slice(cluster, next)].map((c) => c.codePointAt(0)!);
      };
      const shaped: ShapedWord = { g: [], u: [], a: [], w: [] };
      glyphs.forEach((glyph, i) => {
        shaped.g.push(glyph.codepoint);
        shaped.u.push(textOf(glyph.cluster));
        shaped.a.push(glyph.xAdvance ?? 0);
        shaped.w.push(this.font.glyphHAdvance(glyph.codepoint));
        if (glyph.xOffset || glyph.yOffset) (shaped.o ??= {})[i] = [glyph.xOffset ?? 0, glyph.yOffset ?? 0];
      });
      return shaped;
    }
  }
}
