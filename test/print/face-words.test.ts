import { describe, expect, it } from 'vitest';
import { FontFiles } from '../../src/print/face.js';
import { loadShaper } from '../../src/print/shaper.js';
import { euTheme } from '../chart/helpers.js';
import { tempStore } from '../helpers/store.js';

await loadShaper();

describe('shaped words kept in the store', () => {
  it('keeps words, never a long run of text without a space (a label of thousands of characters)', () => {
    const { store, keys } = tempStore();
    const font = new FontFiles(store).get(euTheme.fonts.Inter!.normal);
    const long = 'x'.repeat(4_000);
    const width = font.advance(long);
    expect(font.advance('Patent ')).toBeGreaterThan(0);
    // measured alike when asked again
    expect(font.advance(long)).toBe(width);
    font.save();
    const [key] = keys('shaped-words');
    const saved = JSON.parse(store.get('shaped-words', key!)!.toString('utf8')) as [string, unknown][];
    expect(saved.map(([word]) => word)).toEqual(['Patent ']);
  });
});
