import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { parseMarkup } from '../../src/template/markup.js';

describe('parseMarkup', () => {
  it('turns layout markup into the layout model, footers apart', () => {
    const doc = parseMarkup(
      `<document><page name="one">
         <block page="0" index="0" type="headline"><text style="headline" margin="0 2 40 14">Big <b>news</b></text></block>
         <footer><text style="footer">More: <a href="https://example.org">example.org</a></text></footer>
       </page></document>`,
      'templates/t/layout.hbs',
    );
    expect(doc.pages).toHaveLength(1);
    const page = doc.pages[0]!;
    expect(page.name).toBe('one');
    const block = page.children[0]!;
    expect(block.kind).toBe('block');
    if (block.kind !== 'block') return;
    expect(block).toMatchObject({ page: 0, index: 0, type: 'headline' });
    expect(block.children[0]).toMatchObject({
      kind: 'text',
      style: 'headline',
      margin: [0, 2, 40, 14],
      inlines: [{ text: 'Big ' }, { text: 'news', bold: true }],
    });
    expect(page.footer[0]).toMatchObject({ kind: 'text', inlines: [{ text: 'More: ' }, { text: 'example.org', link: 'https://example.org' }] });
  });

  it('collapses whitespace like HTML but keeps explicit line breaks', () => {
    const doc = parseMarkup('<document><page><text>  one\n   two <br/>  three  </text></page></document>', 'x');
    const text = doc.pages[0]!.children[0]!;
    expect(text.kind === 'text' && text.inlines.map((r) => r.text)).toEqual(['one two', '\n', 'three']);
  });

  it('keeps no-break spaces, which are text, not white space of the markup', () => {
    const doc = parseMarkup('<document><page><text>12\u00a0%  and «\u202fx\u202f»</text></page></document>', 'x');
    const text = doc.pages[0]!.children[0]!;
    expect(text.kind === 'text' && text.inlines.map((r) => r.text)).toEqual(['12\u00a0% and «\u202fx\u202f»']);
  });

  it('reads edges as 1, 2 or 4 numbers', () => {
    const doc = parseMarkup('<document><page><box padding="4"/><box padding="1 2"/><box padding="1 2 3 4"/></page></document>', 'x');
    expect(doc.pages[0]!.children.map((b) => (b.kind === 'box' ? b.padding : null))).toEqual([
      [4, 4, 4, 4],
      [2, 1, 2, 1],
      [1, 2, 3, 4],
    ]);
  });

  it('rejects unknown elements and bad numbers, all at once, naming the template', () => {
    try {
      parseMarkup('<document><page><blink/><spacer height="tall"/></page></document>', 'templates/t/layout.hbs');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      const messages = (error as UserError).diagnostics.map((d) => d.message);
      expect(messages).toHaveLength(2);
      expect(messages[0]).toContain('unknown layout element <blink>');
      expect(messages[1]).toContain('expects a number, found "tall"');
      expect((error as UserError).diagnostics[0]!.file).toBe('templates/t/layout.hbs');
    }
  });

  it('rejects markup that is not well-formed', () => {
    expect(() => parseMarkup('<document><page><text>a < b</text></page></document>', 'x')).toThrow(/not well-formed/);
  });
});
