import { describe, expect, it } from 'vitest';
import { withoutSoftHyphens } from '../../src/print/render.js';
import type { FaceChain } from '../../src/print/fallback.js';
import type { TextInline } from '../../src/print/pages.js';

const face = {} as FaceChain;
const inline = (text: string, x: number, width: number, extra: Partial<TextInline> = {}): TextInline => ({ text, font: face, fontSize: 9, width, height: 11, x, ...extra });

describe('soft hyphens as drawn', () => {
  it('join the pieces of a word inside a line and show nothing', () => {
    const line = withoutSoftHyphens({ x: 0, y: 0, inlines: [inline('busi\u00ad', 0, 20), inline('ness ', 20, 22), inline('sector', 42, 30)] });
    expect(line.inlines.map((i) => [i.text, i.x, i.width])).toEqual([['business ', 0, 42], ['sector', 42, 30]]);
  });

  it('become a hyphen where they end the line', () => {
    const line = withoutSoftHyphens({ x: 0, y: 0, inlines: [inline('the ', 0, 15), inline('auto\u00ad', 15, 20)] });
    expect(line.inlines.map((i) => i.text)).toEqual(['the ', 'auto-']);
  });

  it('keep pieces apart that look different (a bold start of a word)', () => {
    const line = withoutSoftHyphens({ x: 0, y: 0, inlines: [inline('Unter\u00ad', 0, 25, { style: 'b' }), inline('nehmen', 25, 30)] });
    expect(line.inlines.map((i) => i.text)).toEqual(['Unter', 'nehmen']);
  });
});
