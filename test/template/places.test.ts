/**
 * Errors in what a template writes (unknown elements, bad numbers, markup that does not
 * parse, unknown styles and colours) name the template file, line and column that wrote
 * the element: never the layout file's 0:0, never a line of the rendered output.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { materialDesignIcons } from '../../src/icons/mdi.js';
import { assembleDocument } from '../../src/layout/assemble.js';
import type { Theme } from '../../src/theme/types.js';
import { loadTemplate, markElements } from '../../src/template/engine.js';
import { parseMarkup } from '../../src/template/markup.js';
import { diagnosticsOf } from '../helpers/diagnostics.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const LAYOUT = '<document>\n{{#each pages}}\n  <page>{{#each blocks}}{{> (partialFor type) }}{{/each}}</page>\n{{/each}}\n</document>\n';

/** A project with template `t`: the layout above and the given partials. */
function template(partials: Record<string, string>) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-places-'));
  made.push(root);
  fs.mkdirSync(path.join(root, 'templates/t/partials'), { recursive: true });
  fs.writeFileSync(path.join(root, 'templates/t/layout.hbs'), LAYOUT);
  for (const [name, text] of Object.entries(partials)) fs.writeFileSync(path.join(root, `templates/t/partials/${name}.hbs`), text);
  return loadTemplate(root, 't');
}


const content = (...blocks: Record<string, unknown>[]) => ({ pages: [{ blocks }] });

describe('markup errors name the template place', () => {
  it('places an unknown element at its tag in the partial, with the line quoted', () => {
    const t = template({ note: '<stack>\n  <text>{{text}}</text>\n    <blink/>\n</stack>\n' });
    const markup = t.render(content({ type: 'note', text: 'hi' }), () => undefined);
    const [d, ...rest] = diagnosticsOf(() => parseMarkup(markup, 'templates/t/layout.hbs', t.files));
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ file: 'templates/t/partials/note.hbs', line: 3, column: 5, rule: 'template-markup', excerpt: '    <blink/>' });
    expect(d!.message).toContain('unknown layout element <blink>');
  });

  it('places a bad number at the element that holds it, also without the sources', () => {
    const t = template({ gap: '<stack>\n  <spacer height="{{h}}"/></stack>\n' });
    const markup = t.render(content({ type: 'gap', h: 'tall' }), () => undefined);
    const [d] = diagnosticsOf(() => parseMarkup(markup, 'templates/t/layout.hbs'));
    expect(d).toMatchObject({ file: 'templates/t/partials/gap.hbs', line: 2, column: 3 });
    expect(d!.message).toContain('expects a number, found "tall"');
  });

  it('places markup that does not parse near the last element written before the fault', () => {
    const t = template({ note: '<stack>\n  <text>a < b</text>\n</stack>\n' });
    const markup = t.render(content({ type: 'note' }), () => undefined);
    const [d] = diagnosticsOf(() => parseMarkup(markup, 'templates/t/layout.hbs', t.files));
    expect(d).toMatchObject({ file: 'templates/t/partials/note.hbs', line: 2, column: 3, rule: 'template-markup' });
    expect(d!.message).toContain('not well-formed');
  });

  it('gives each node its template place as origin', () => {
    const t = template({ note: '<stack>\n  <text>{{md text}}</text></stack>\n' });
    const doc = parseMarkup(t.render(content({ type: 'note', text: '**b**' }), () => undefined), 'templates/t/layout.hbs');
    expect(doc.pages[0]!.origin).toEqual({ file: 'templates/t/layout.hbs', line: 3, column: 3 });
    const stack = doc.pages[0]!.children[0]!;
    expect(stack.origin).toEqual({ file: 'templates/t/partials/note.hbs', line: 1, column: 1 });
    expect(stack.kind === 'stack' && stack.children[0]!.origin).toEqual({ file: 'templates/t/partials/note.hbs', line: 2, column: 3 });
  });
});

describe('layout errors name the template place', () => {
  const theme = {
    name: 'test',
    page: { size: 'A4', margins: [40, 40, 40, 40] },
    colors: { primary: '#003399', light: '#eef2fa' },
    text: { body: { fontSize: 9 }, heading: { fontSize: 14, bold: true } },
    fonts: {},
    chart: { font: 'Inter' },
  } as unknown as Theme;
  const assemble = (t: ReturnType<typeof template>, markup: string) =>
    assembleDocument(parseMarkup(markup, 'templates/t/layout.hbs', t.files), {
      theme,
      icons: materialDesignIcons(),
      templateFile: 'templates/t/layout.hbs',
      templateSources: t.files,
      chart: () => ({ svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', width: 1, height: 1 }),
      info: { title: 'x', creationDate: new Date(0) },
    });

  it('places a style that came from a mustache at the element that wrote it', () => {
    const t = template({ note: '<stack>\n  <box fill="light">\n    <text style="{{look}}">{{text}}</text>\n  </box>\n</stack>\n' });
    const markup = t.render(content({ type: 'note', look: 'headnig', text: 'x' }), () => undefined);
    const [d] = diagnosticsOf(() => assemble(t, markup));
    expect(d).toMatchObject({ file: 'templates/t/partials/note.hbs', line: 3, column: 5, rule: 'unknown-style', hint: 'did you mean `heading`?', excerpt: '    <text style="{{look}}">{{text}}</text>' });
  });

  it('places a literal name at its attribute in the partial that wrote it, not in another that also names it', () => {
    const t = template({
      a: '<stack>\n  <box fill="lite"><text style="headnig">a</text></box>\n</stack>\n',
      b: '<stack>\n\n  <box fill="lite"><text>b</text></box>\n  <text style="headnig">b</text>\n</stack>\n',
    });
    const markup = t.render(content({ type: 'b' }), () => undefined);
    const ds = diagnosticsOf(() => assemble(t, markup));
    expect(ds.map((d) => [d.file, d.line, d.column, d.rule])).toEqual([
      ['templates/t/partials/b.hbs', 3, 14, 'unknown-color'],
      ['templates/t/partials/b.hbs', 4, 16, 'unknown-style'],
    ]);
  });
});

describe('marks before elements', () => {
  it('leave mustaches, comments and CDATA alone, and map marked columns back', () => {
    const source = '{{!-- <box> --}}<!-- <box> --><box a="{{x}}"><![CDATA[<i>]]>{{y "<b>"}}<text>{{z}}</text></box>';
    const { text, sourceColumn } = markElements(source, 'templates/t/p-q.hbs');
    expect(text.match(/<!--@/g)).toHaveLength(2);
    expect(text).toContain('<!--@templates/t/p%2Dq.hbs:1:31--><box');
    expect(text).toContain('<!--@templates/t/p%2Dq.hbs:1:72--><text>');
    const z = text.indexOf('{{z}}');
    expect(sourceColumn(1, z)).toBe(source.indexOf('{{z}}'));
  });

  it('keep Handlebars errors at the template’s own columns', () => {
    // two marks go before `title` on its line; Handlebars places the error at the name
    const t = template({ titled: '<stack><text style="heading">{{title}}</text></stack>\n' });
    const [d] = diagnosticsOf(() => t.render(content({ type: 'titled' }), () => undefined));
    expect(d).toMatchObject({ file: 'templates/t/partials/titled.hbs', line: 1, column: 32, rule: 'template-missing-field' });
  });
});
