import { words, type Face, type FontFile } from './face.js';

/**
 * Font fallback: text split into pieces by the font of a chain (a theme family's face,
 * then the same face of its fallback families) that sets each character.
 *
 * A character is a grapheme cluster (a letter with its combining marks, an emoji with its
 * joiners and variation selectors): it goes whole to the first font that has every glyph
 * of it; one that asks for emoji presentation (U+FE0F: ❤️ rather than ❤) to the first
 * fallback font that has it before the family's own. Spaces and punctuation stay in the
 * font of the piece they follow, when it has them, so a CJK phrase keeps its own full
 * stops and spaces. A word the chain's first
 * font sets whole is never split (nearly every word of a Latin text): the fallback fonts
 * are not read, nor hashed, until a character needs them.
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const NEUTRAL = /^[\s\p{P}]+$/u;
const EMOJI_PRESENTATION = '\uFE0F';

/** A piece of text and the index in its chain of the font that sets it; -1 when none has its glyphs. */
export interface FontPiece {
  font: number;
  text: string;
}

/** `text` in pieces by font (see the module comment); `tried` hears of each fallback font asked for a character. */
export function splitByFont(chain: FontFile[], text: string, tried?: (font: FontFile) => void): FontPiece[] {
  const pieces: FontPiece[] = [];
  const add = (font: number, piece: string) => {
    const last = pieces[pieces.length - 1];
    if (last && last.font === font) last.text += piece;
    else pieces.push({ font, text: piece });
  };
  for (const word of words(text)) {
    if (chain[0]!.covers(word) && !word.includes(EMOJI_PRESENTATION)) {
      add(0, word);
      continue;
    }
    for (const { segment } of graphemes.segment(word)) {
      const current = pieces[pieces.length - 1]?.font ?? 0;
      if (NEUTRAL.test(segment) && current >= 0 && chain[current]!.covers(segment)) {
        add(current, segment);
        continue;
      }
      const order = segment.includes(EMOJI_PRESENTATION) ? [...chain.keys()].slice(1).concat(0) : [...chain.keys()];
      add(
        order.find((i) => {
          if (i > 0) tried?.(chain[i]!);
          return chain[i]!.covers(segment);
        }) ?? -1,
        segment,
      );
    }
  }
  return pieces;
}

/** A piece of text with the face that sets it. */
export interface FacePiece {
  face: Face;
  text: string;
}

/**
 * What pdfmake's layout asks of a font, for a chain of faces: a line's metrics are its
 * first face's (a fallback glyph sits on the same baseline, the line keeps its height),
 * a string's width the sum of its pieces' in their faces.
 */
export class FaceChain {
  readonly ascender: number;
  readonly descender: number;
  readonly lineGap: number;
  /** Texts already split, with their pieces: pdfmake measures a text many times while it breaks lines. */
  private readonly split = new Map<string, FacePiece[]>();

  constructor(
    /** The chain's font files, first the family's own. */
    readonly files: FontFile[],
    /** The document's face of a font file (made on first use, so a fallback is embedded only when used). */
    private readonly faceOf: (file: FontFile) => Face,
    /** Told of each fallback font asked for a character, and of each character no font of the chain has. */
    private readonly report: { tried(font: FontFile): void; missing(character: string, fonts: FontFile[]): void },
  ) {
    const first = faceOf(files[0]!);
    this.ascender = first.ascender;
    this.descender = first.descender;
    this.lineGap = first.lineGap;
  }

  lineHeight(size: number, includeGap = false): number {
    return ((this.ascender + (includeGap ? this.lineGap : 0) - this.descender) / 1000) * size;
  }

  widthOfString(text: string, size: number, features?: unknown): number {
    let width = 0;
    for (const piece of this.pieces(text)) width += piece.face.widthOfString(piece.text, size, features);
    return width;
  }

  /** `text` in pieces with their faces; a character no face has goes to the first (which prints it as an empty box, and is reported). */
  pieces(text: string): FacePiece[] {
    let pieces = this.split.get(text);
    if (!pieces) {
      pieces = splitByFont(this.files, text, this.report.tried).map(({ font, text }) => {
        if (font < 0) for (const character of graphemes.segment(text)) this.report.missing(character.segment, this.files);
        return { face: this.faceOf(this.files[Math.max(0, font)]!), text };
      });
      this.split.set(text, pieces);
    }
    return pieces;
  }
}
