import { describe, expect, it } from 'vitest';
import { escapeMarkup, inlineToMarkup, inlineToPlain } from '../../src/template/inline.js';

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

  it('turns a note reference [^key] into a reference element, and leaves it out of plain text', () => {
    expect(inlineToMarkup('Growth fell[^nbs-2020]. See [^a]')).toBe('Growth fell<ref note="nbs-2020"/>. See <ref note="a"/>');
    expect(inlineToMarkup('[^not a key]')).toBe('[^not a key]');
    expect(inlineToPlain('Growth **fell**[^nbs].')).toBe('Growth fell.');
  });
});

describe('a run in another language', () => {
  it('`[text]{lang=zh}` is a span with its language; its words stay plain text', () => {
    expect(inlineToMarkup('Made in China 2025 ([中国制造2025]{lang=zh})')).toBe('Made in China 2025 (<span lang="zh">中国制造2025</span>)');
    expect(inlineToPlain('the plan ([十四五规划]{lang=zh-Hans})')).toBe('the plan (十四五规划)');
    expect(inlineToMarkup('[a & b]{lang=fr} [c](https://e.org)')).toBe('<span lang="fr">a &amp; b</span> <a href="https://e.org">c</a>');
  });
});
