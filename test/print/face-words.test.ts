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

  it('writes the list again only when a twentieth of its words are new, not for a word or two', () => {
    const { store, keys } = tempStore();
    const file = euTheme.fonts.Inter!.normal;
    const known = Array.from({ length: 40 }, (_, i) => `word${i} `);
    const first = new FontFiles(store).get(file);
    for (const word of known) first.advance(word);
    first.save();
    const [key] = keys('shaped-words');
    const kept = () => (JSON.parse(store.get('shaped-words', key!)!.toString('utf8')) as [string, unknown][]).map(([word]) => word);
    expect(kept()).toHaveLength(40);

    // a later process: an edited word among those known is shaped, and not written
    const second = new FontFiles(store).get(file);
    for (const word of [...known, 'edited ']) second.advance(word);
    second.save();
    expect(kept()).toHaveLength(40);
    // a few more, a twentieth of the known: written, with the first
    for (const word of ['new1 ', 'new2 ']) second.advance(word);
    second.save();
    expect(kept()).toHaveLength(43);
    expect(kept()).toContain('edited ');
  });
});
