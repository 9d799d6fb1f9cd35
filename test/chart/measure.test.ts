import * as fontkit from 'fontkit';
import { describe, expect, test } from 'vitest';
import { createTextMeasurer, faceName } from '../../src/chart/measure.js';
import { euTheme } from './helpers.js';
import { loadShaper } from '../../src/print/shaper.js';
import { FontFiles, type FontFile } from '../../src/print/face.js';

// the shaper is WebAssembly, loaded before anything measures or lays out text
await loadShaper();

const inter = euTheme.fonts.Inter!;
const measurer = createTextMeasurer(euTheme.fonts, 'Inter');

function advance(file: string, text: string, size: number): number {
  const font = fontkit.openSync(file);
  // pdfkit shapes word by word, each word with its trailing space.
  const words = text.match(/[^ ]+ ?| /g) ?? [];
  return (words.reduce((sum, w) => sum + font.layout(w).advanceWidth, 0) * size) / font.unitsPerEm;
}

describe('text measurement', () => {
  test('equals the fontkit advance of the face the PDF embeds', () => {
    expect(measurer.rawWidth({ font: 'Inter', fontSize: 10 }, 'Artificial intelligence')).toBeCloseTo(
      advance(inter.normal, 'Artificial intelligence', 10),
      9,
    );
    expect(measurer.rawWidth({ font: 'Inter', fontSize: 8, fontWeight: 'bold' }, 'Robotics')).toBeCloseTo(
      advance(inter.bold, 'Robotics', 8),
      9,
    );
  });

  test('weight 600 and up is the bold face; italic and oblique are italic', () => {
    expect(faceName(600, undefined)).toBe('bold');
    expect(faceName('500', undefined)).toBe('normal');
    expect(faceName('bold', 'italic')).toBe('bolditalics');
    expect(faceName(undefined, 'oblique')).toBe('italics');
  });

  test('families the fonts lack are measured in the chart font', () => {
    const ownFont = measurer.rawWidth({ font: 'Inter', fontSize: 11 }, 'Big data');
    for (const font of ['sans-serif', '"Helvetica Neue", Arial', 'monospace', undefined]) {
      expect(measurer.rawWidth({ font, fontSize: 11 }, 'Big data')).toBe(ownFont);
    }
    expect(measurer.fileOf({ font: 'Georgia, InterSemiBold' })).toBe(euTheme.fonts.InterSemiBold!.normal);
  });

  test('layout widths are of the trimmed, truncated line, as Vega draws it', () => {
    const item = { font: 'Inter', fontSize: 10, limit: 60 };
    const shown = measurer.fit(item, '  Advanced manufacturing technology  ');
    expect(shown.endsWith('…')).toBe(true);
    expect(measurer.fittedWidth(item, 'Advanced manufacturing technology')).toBeLessThan(60);
    expect(measurer.fittedWidth({ font: 'Inter', fontSize: 10 }, '  AI  ')).toBe(measurer.rawWidth(item, 'AI'));
  });
});

describe('text measurement with font fallback', () => {
  test('a CJK label is as wide as the fallback font sets it, not as the primary font would draw empty boxes', () => {
    const sc = euTheme.fonts.NotoSansSC!.normal;
    const label = '中国制造';
    const width = measurer.rawWidth({ font: 'Inter', fontSize: 10 }, label);
    expect(width).toBeCloseTo(advance(sc, label, 10), 9);
    const notdef = fontkit.openSync(inter.normal);
    expect(width).not.toBeCloseTo((4 * notdef.getGlyph(0).advanceWidth * 10) / notdef.unitsPerEm, 1);
    // a mixed label: each piece in its font
    expect(measurer.rawWidth({ font: 'Inter', fontSize: 10 }, `Plan ${label}`)).toBeCloseTo(advance(inter.normal, 'Plan ', 10) + advance(sc, label, 10), 9);
  });

  test('the fallback fonts a measurement asked are reported once, for the chart key', () => {
    measurer.takeTried();
    measurer.rawWidth({ font: 'Inter', fontSize: 9 }, 'Latin only');
    expect(measurer.takeTried()).toEqual([]);
    measurer.rawWidth({ font: 'Inter', fontSize: 9 }, '十四五');
    expect(measurer.takeTried()).toEqual([euTheme.fonts.NotoSansSC!.normal]);
  });
});

describe('a long label', () => {
  /** Fonts that count the characters they shape. */
  class CountingFiles extends FontFiles {
    shaped = 0;
    override get(file: string): FontFile {
      const font = super.get(file);
      const advance = (text: string) => {
        this.shaped += text.length;
        return font.advance(text);
      };
      return Object.assign(Object.create(font) as FontFile, { advance });
    }
  }
  const words = 'Advanced manufacturing technology and robotics in the regions of Europe '.repeat(1_500);

  test('is cut where measuring it whole cuts it, shaping little more than what fits', () => {
    const files = new CountingFiles(undefined);
    const counted = createTextMeasurer(euTheme.fonts, 'Inter', files);
    for (const dir of ['ltr', 'rtl']) {
      const item = { font: 'Inter', fontSize: 10, limit: 180, dir };
      const shown = counted.fit(item, words);
      // the longest part narrower than the limit with its ellipsis, as a search over the whole finds it
      const ellipsis = measurer.rawWidth(item, '…');
      const kept = dir === 'rtl' ? shown.slice(1) : shown.slice(0, -1);
      const longer = dir === 'rtl' ? words.trim().slice(-kept.length - 1) : words.slice(0, kept.length + 1);
      expect(measurer.rawWidth(item, kept) + ellipsis).toBeLessThan(180);
      expect(measurer.rawWidth(item, longer) + ellipsis).toBeGreaterThanOrEqual(180);
    }
    // the label is 109,500 characters; measuring it whole, as the search goes, shapes it many times over
    expect(files.shaped).toBeLessThan(2_000);
  });

  test('asked its width by Vega\'s own truncation is measured only as far as its limit', () => {
    const files = new CountingFiles(undefined);
    const counted = createTextMeasurer(euTheme.fonts, 'Inter', files);
    const item = { font: 'Inter', fontSize: 10, limit: 180 };
    // wider than the limit is all Vega asks, and all it is told
    expect(counted.rawWidth(item, words)).toBeGreaterThanOrEqual(180);
    expect(files.shaped).toBeLessThan(200);
    // a text within its limit, exactly
    expect(counted.rawWidth(item, 'Robotics')).toBe(measurer.rawWidth({ font: 'Inter', fontSize: 10 }, 'Robotics'));
  });

  test('that fits its limit is drawn whole', () => {
    const item = { font: 'Inter', fontSize: 10, limit: 1e9 };
    expect(measurer.fit(item, words)).toBe(words.trim());
  });
});
