import { describe, expect, it } from 'vitest';
import { escapeMarkup, inlineToMarkup } from '../../src/template/inline.js';

describe('inline content', () => {
  it('turns **bold**, *italic* and [links](https://…) into markup', () => {
    expect(inlineToMarkup('a **b** *c* [d](https://e.org/f?g=1&h=2)')).toBe('a <b>b</b> <i>c</i> <a href="https://e.org/f?g=1&amp;h=2">d</a>');
  });

  it('escapes everything else, so content cannot open an element', () => {
    expect(inlineToMarkup('</text><page>')).toBe('&lt;/text&gt;&lt;page&gt;');
    expect(escapeMarkup(`"'&`)).toBe('&quot;&#39;&amp;');
  });

  it('keeps links to http(s) only', () => {
    expect(inlineToMarkup('[x](javascript:alert(1))')).toBe('[x](javascript:alert(1))');
  });
});
