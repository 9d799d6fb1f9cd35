import { describe, expect, it } from 'vitest';
import { prepareDrawings, type PreparedDrawing } from '../../src/print/render.js';
import type { LaidOutPage, LaidOutSvg } from '../../src/print/pages.js';
import type { Fragment } from '../../src/print/svg-form.js';

const svgText = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect width="40" height="20" fill="#2f6db5" fill-opacity="0.5"/><text transform="translate(2,15)" font-family="Inter" font-size="10">17.9</text></svg>';
const page = (svg: LaidOutSvg): LaidOutPage => ({ pageSize: { width: 100, height: 100 }, items: [{ type: 'svg', item: svg }] });
const svgAt = (x: number): LaidOutSvg => ({ svg: svgText, width: 40, height: 20, x, y: 0 });

describe('prepareDrawings', () => {
  it('prepares each drawing once, and takes one prepared before from the drawings it is given', async () => {
    const formed: string[] = [];
    const form = async (svg: LaidOutSvg): Promise<Fragment | undefined> => {
      formed.push(svg.svg);
      return { deflated: Buffer.from('q Q'), resources: {}, objects: [] };
    };
    const kept = new Map<string, PreparedDrawing>();
    const first = await prepareDrawings([page(svgAt(0)), page(svgAt(50))], false, form, kept);
    // the same drawing on two pages: split and made a form once
    expect(formed).toHaveLength(1);
    expect(formed[0]).not.toContain('<text');
    expect(new Set(first.values()).size).toBe(1);
    const [drawing] = first.values();
    expect(drawing!.texts.map((t) => t.lines.map((l) => l.text).join(''))).toEqual(['17.9']);

    // another document of the same drawing, with the drawings prepared before
    const again = await prepareDrawings([page(svgAt(10))], false, form, kept);
    expect(formed).toHaveLength(1);
    expect([...again.values()][0]).toBe(drawing);

    // made opaque (PDF/A-1), it is another drawing
    const opaque = await prepareDrawings([page(svgAt(10))], true, form, kept);
    expect(formed).toHaveLength(2);
    expect([...opaque.values()][0]).not.toBe(drawing);
  });
});
