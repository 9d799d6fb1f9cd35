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
  /** Each glyph's advance without kerning, asked of HarfBuzz once. */
  private readonly advances = new Map<number, number>();

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
      // as plain objects: getGlyphInfosAndPositions defines four properties on each glyph, a fifth of a word's time
      const infos = buffer.getGlyphInfos();
      const positions = buffer.getGlyphPositions();
      // each cluster's text runs to the next cluster's start
      const starts = [...new Set(infos.map((g) => g.cluster))].sort((x, y) => x - y);
      const ends = new Map(starts.map((start, k) => [start, starts[k + 1] ?? word.length]));
      const shaped: ShapedWord = { g: [], u: [], a: [], w: [] };
      infos.forEach((info, i) => {
        const position = positions[i];
        shaped.g.push(info.codepoint);
        shaped.u.push([...word.slice(info.cluster, ends.get(info.cluster))].map((c) => c.codePointAt(0)!));
        shaped.a.push(position?.xAdvance ?? 0);
        shaped.w.push(this.advance(info.codepoint));
        if (position && (position.xOffset || position.yOffset)) (shaped.o ??= {})[i] = [position.xOffset ?? 0, position.yOffset ?? 0];
      });
      return shaped;
    }
  }

  /** A glyph's advance without kerning, in font units. */
  private advance(glyph: number): number {
    let advance = this.advances.get(glyph);
    if (advance === undefined) this.advances.set(glyph, (advance = this.font.glyphHAdvance(glyph)));
    return advance;
  }
}
