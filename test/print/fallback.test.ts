import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FontFiles } from '../../src/print/face.js';
import { splitByFont } from '../../src/print/fallback.js';
import { loadShaper } from '../../src/print/shaper.js';
import { fontChain } from '../../src/theme/fallback.js';
import { euTheme } from '../chart/helpers.js';

await loadShaper();

const files = new FontFiles(undefined);
const chain = fontChain(euTheme.fonts, 'Inter', 'normal').map((file) => files.get(file));
const names = chain.map((font) => path.basename(font.file));
/** `text` as pieces named by the file that sets them. */
const split = (text: string) => splitByFont(chain, text).map((p) => [p.font < 0 ? 'none' : names[p.font], p.text]);

describe('font fallback', () => {
  test('the eu theme falls back from Inter to Noto Sans SC, Noto Emoji, then Noto Sans KR', () => {
    expect(names).toEqual(['Inter_400Regular.ttf', 'NotoSansSC_400Regular.ttf', 'NotoEmoji_400Regular.ttf', 'NotoSansKR_400Regular.ttf']);
  });

  test('Korean goes to the Korean font, after the fonts before it were asked', () => {
    const tried: string[] = [];
    const pieces = splitByFont(chain, '소사이어티 5.0', (font) => tried.push(path.basename(font.file)));
    expect(pieces.map((p) => [names[p.font], p.text])).toEqual([
      ['NotoSansKR_400Regular.ttf', '소사이어티 '],
      ['Inter_400Regular.ttf', '5.0'],
    ]);
    expect(new Set(tried)).toEqual(new Set(['NotoSansSC_400Regular.ttf', 'NotoEmoji_400Regular.ttf', 'NotoSansKR_400Regular.ttf']));
  });

  test('Latin, Greek and Cyrillic stay in the primary font, in one piece', () => {
    expect(split('Growth in Ελλάδα and Россия, 2025.')).toEqual([['Inter_400Regular.ttf', 'Growth in Ελλάδα and Россия, 2025.']]);
  });

  test('Chinese goes to the CJK font; digits go back, punctuation stays with the piece it follows', () => {
    expect(split('Made in China 2025 (中国制造2025)。 Next')).toEqual([
      ['Inter_400Regular.ttf', 'Made in China 2025 ('],
      ['NotoSansSC_400Regular.ttf', '中国制造'],
      ['Inter_400Regular.ttf', '2025)'],
      ['NotoSansSC_400Regular.ttf', '。 '],
      ['Inter_400Regular.ttf', 'Next'],
    ]);
    expect(split('ソサエティ5.0')).toEqual([
      ['NotoSansSC_400Regular.ttf', 'ソサエティ'],
      ['Inter_400Regular.ttf', '5.0'],
    ]);
  });

  test('an emoji stays whole with its joiners, modifiers and variation selectors', () => {
    expect(split('Team 👩🏽‍💻 🚀!')).toEqual([
      ['Inter_400Regular.ttf', 'Team '],
      ['NotoEmoji_400Regular.ttf', '👩🏽‍💻 🚀'],
      ['Inter_400Regular.ttf', '!'],
    ]);
  });

  test('a character that asks for emoji presentation goes to the emoji font, though the text font has it', () => {
    expect(split('I ❤ it')).toEqual([['Inter_400Regular.ttf', 'I ❤ it']]);
    expect(split('I ❤️ it')).toEqual([
      ['Inter_400Regular.ttf', 'I '],
      ['NotoEmoji_400Regular.ttf', '❤️ '],
      ['Inter_400Regular.ttf', 'it'],
    ]);
  });

  test('a combining mark stays with its base letter', () => {
    expect(split('e\u0301 中\u0301')).toEqual([
      ['Inter_400Regular.ttf', 'e\u0301 '],
      ['NotoSansSC_400Regular.ttf', '中\u0301'],
    ]);
  });

  test('a character no font of the chain has is a piece of none, after every font was tried', () => {
    const tried: string[] = [];
    const pieces = splitByFont(chain, 'Old Hungarian 𐲀', (font) => tried.push(path.basename(font.file)));
    expect(pieces).toEqual([
      { font: 0, text: 'Old Hungarian ' },
      { font: -1, text: '𐲀' },
    ]);
    expect(tried).toEqual(['NotoSansSC_400Regular.ttf', 'NotoEmoji_400Regular.ttf', 'NotoSansKR_400Regular.ttf']);
  });

  test('a fallback font is not read while the primary font has every glyph', () => {
    const own = new FontFiles(undefined);
    const lazy = [own.get(chain[0]!.file), own.get('/nonexistent/Fallback.ttf')];
    expect(splitByFont(lazy, 'Plain text, Ελληνικά, русский.')).toEqual([{ font: 0, text: 'Plain text, Ελληνικά, русский.' }]);
    expect(() => splitByFont(lazy, '中')).toThrow(/ENOENT/);
  });
});

describe('fallback fonts by language', () => {
  const chainIn = (lang: string | undefined, family = 'Inter', face: 'normal' | 'bold' = 'normal') => fontChain(euTheme.fonts, family, face, lang).map((file) => path.basename(file));

  test('text in Japanese sets Han characters in Noto Sans JP before the Chinese font', () => {
    expect(chainIn('ja')).toEqual(['Inter_400Regular.ttf', 'NotoSansJP_400Regular.ttf', 'NotoSansSC_400Regular.ttf', 'NotoEmoji_400Regular.ttf', 'NotoSansKR_400Regular.ttf']);
    const ja = fontChain(euTheme.fonts, 'Inter', 'normal', 'ja-JP').map((file) => files.get(file));
    expect(splitByFont(ja, '直').map((p) => path.basename(ja[p.font]!.file))).toEqual(['NotoSansJP_400Regular.ttf']);
  });

  test('text in Korean puts Noto Sans KR first, once; Chinese (zh, zh-Hans) and unmarked text keep the chain without them', () => {
    expect(chainIn('ko')).toEqual(['Inter_400Regular.ttf', 'NotoSansKR_400Regular.ttf', 'NotoSansSC_400Regular.ttf', 'NotoEmoji_400Regular.ttf']);
    for (const lang of ['zh', 'zh-Hans', 'en', undefined]) expect(chainIn(lang)).toEqual(names);
  });

  test('a Japanese run of bold text takes the bold Japanese face', () => {
    expect(chainIn('ja', 'Inter', 'bold').slice(0, 2)).toEqual(['Inter_700Bold.ttf', 'NotoSansJP_700Bold.ttf']);
  });
});

describe('fallback fonts by weight', () => {
  /** A face file's weight, as the font packages name their folders (`700Bold/…`). */
  const weight = (file: string) => Number(/^(\d{3})/.exec(path.basename(path.dirname(file)))![1]);
  /** The weights a font package has, by its folders. */
  const weightsOf = (file: string) =>
    fs
      .readdirSync(path.dirname(path.dirname(file)))
      .flatMap((name) => (/^\d{3}[A-Z]/.test(name) ? [Number(name.slice(0, 3))] : []));

  test('every face of the eu theme falls back to the weight nearest its own each fallback font has', () => {
    const faces = ['normal', 'bold', 'italics', 'bolditalics'] as const;
    for (const [family, own] of Object.entries(euTheme.fonts)) {
      for (const face of faces) {
        const [first, ...fallbacks] = fontChain(euTheme.fonts, family, face, 'ja');
        for (const file of fallbacks) {
          const nearest = Math.min(...weightsOf(file).map((w) => Math.abs(w - weight(first!))));
          expect(Math.abs(weight(file) - weight(first!)), `${family} ${face} (${own[face]}) falls back to ${path.basename(file)}`).toBe(nearest);
        }
      }
    }
  });
});
