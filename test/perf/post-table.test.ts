import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { deferPostTableBody, type PostTableFont } from '../../src/perf/post-table.js';

const require = createRequire(import.meta.url);
interface Font extends PostTableFont {
  post: Record<string, unknown>;
  italicAngle: number;
  getGlyph(id: number): { name: string | null };
}
const fontkit = require('fontkit') as { openSync(file: string): Font };

/** Fonts with post tables of version 2 (Inter, Arimo) and whatever DejaVu has. */
const FONTS = [
  require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf'),
  require.resolve('@expo-google-fonts/inter/700Bold_Italic/Inter_700Bold_Italic.ttf'),
  require.resolve('@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf'),
  require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
];

describe('a post table without its glyph names', () => {
  it.each(FONTS)('reads the header of %s as fontkit does, and the rest only when asked', (file) => {
    const whole = fontkit.openSync(file);
    const lazy = fontkit.openSync(file);
    const decode = vi.spyOn(lazy, '_decodeTable' as never);
    expect(deferPostTableBody(lazy)).toBe(true);
    for (const field of ['version', 'italicAngle', 'underlinePosition', 'underlineThickness', 'isFixedPitch', 'minMemType42', 'maxMemType42', 'minMemType1', 'maxMemType1']) {
      expect(lazy.post[field]).toEqual(whole.post[field]);
    }
    expect(lazy.italicAngle).toBe(whole.italicAngle);
    expect(decode).not.toHaveBeenCalled();
    // glyph names need the body: decoded once, on first use
    for (const id of [0, 1, 36, 100]) expect(lazy.getGlyph(id).name).toBe(whole.getGlyph(id).name);
    expect(decode).toHaveBeenCalledTimes(1);
    expect(Object.keys(lazy.post).sort()).toEqual(Object.keys(whole.post).sort());
  });

  it('leaves a table fontkit has already decoded', () => {
    const font = fontkit.openSync(FONTS[0]!);
    const post = font.post;
    expect(deferPostTableBody(font)).toBe(false);
    expect(font.post).toBe(post);
  });

  it('leaves a version 2 table that does not decode whole to fontkit, which gives none', () => {
    const font = (bytes: number[]) => ({
      directory: { tables: { post: { tag: 'post', offset: 0, length: bytes.length } } },
      stream: { buffer: Uint8Array.from(bytes) },
      _tables: {} as Record<string, unknown>,
      _decodeTable: () => undefined,
    });
    const header = [0, 2, 0, 0, ...new Array<number>(28).fill(0)];
    expect(deferPostTableBody(font(header))).toBe(false); // no glyph count
    expect(deferPostTableBody(font([...header, 0, 2, 0, 0]))).toBe(false); // two indexes, room for one
    expect(deferPostTableBody(font([...header, 0, 1, 1, 2, 3, 0x61, 0x62]))).toBe(false); // a name past the end
    const whole = font([...header, 0, 1, 1, 2, 2, 0x61, 0x62]);
    expect(deferPostTableBody(whole)).toBe(true);
    expect(whole._tables.post).toMatchObject({ version: 2, italicAngle: 0 });
  });
});
