import { describe, expect, it } from 'vitest';
import { hyphenate, hyphenates, SOFT_HYPHEN } from '../../src/layout/hyphenate.js';

const show = (text: string) => text.replaceAll(SOFT_HYPHEN, '|');

describe('hyphenation', () => {
  it('marks where words may break, by each language\'s patterns', () => {
    expect(show(hyphenate('Wachstumsstrategie und Entwicklung', 'de'))).toBe('Wachs|tums|stra|te|gie und Ent|wick|lung');
    expect(show(hyphenate('le développement industriel', 'fr-BE'))).toBe('le déve|lop|pe|ment indus|triel');
    expect(show(hyphenate('international competitiveness', 'en'))).toBe('inter|na|tional com|pet|i|tive|ness');
  });

  it('keeps three letters either side of a break and short words whole', () => {
    // German patterns give In|itia|ti|ven: the stub is dropped
    expect(show(hyphenate('Initiativen', 'de'))).toBe('Initia|ti|ven');
    expect(hyphenate('Europe', 'en')).toBe('Europe');
  });

  it('keeps the last word of a paragraph whole', () => {
    expect(show(hyphenate('alle außer unverzichtbaren Geschäftsreisen.', 'de', true))).toBe('alle außer unver|zicht|ba|ren Geschäftsreisen.');
  });

  it('leaves a language without patterns as written', () => {
    expect(hyphenates('zh')).toBe(false);
    expect(hyphenate('internationalisation', 'zh')).toBe('internationalisation');
    expect(hyphenate('internationalisation', undefined)).toBe('internationalisation');
  });
});
