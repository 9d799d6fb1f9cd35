import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { materialDesignIcons } from '../../src/icons/mdi.js';
import { assembleDocument, type AssembleContext, type ChartSlot } from '../../src/layout/assemble.js';
import { parseMarkup } from '../../src/template/markup.js';
import type { Theme } from '../../src/theme/types.js';

const theme: Theme = {
  name: 'test',
  file: 'templates/themes/test.yaml',
  fonts: { Sans: { package: 'x', faces: { normal: 'a', bold: 'b', italics: 'c', bolditalics: 'd' } } },
  colors: { primary: '#004494', light: '#e7eef8' },
  page: { size: 'A4', margins: [40, 30, 40, 50] },
  text: { body: { font: 'Sans', fontSize: 9 }, heading: { font: 'Sans', fontSize: 14 } },
  chart: { font: 'Sans', fontSize: 8, titleFontSize: 9, labelColor: '#333333', titleColor: '#000000', gridColor: '#dddddd', domainColor: '#888888', background: '#ffffff', palette: ['#004494'], ramp: ['#ffffff', '#004494'] },
};

function context(slots: ChartSlot[] = []): AssembleContext {
  return {
    theme,
    icons: materialDesignIcons(),
    templateFile: 'templates/t/layout.hbs',
    chart: (slot) => (slots.push(slot), { svg: '<svg/>', width: slot.width, height: 100 }),
    info: { title: 'T', creationDate: new Date('2021-05-01T00:00:00Z') },
  };
}

const A4_CONTENT = 595.28 - 80;

describe('assembleDocument', () => {
  it('insets content by the theme margins and lets bands bleed to the page edge', () => {
    const doc = assembleDocument(parseMarkup('<document><page><band fill="primary" padding="40 10"><text>T</text></band><text>x</text></page></document>', 'x'), context());
    expect(doc.pageMargins).toEqual([0, 0, 0, 50]);
    const [band, text] = doc.content[0].stack;
    expect(band.table.widths[0]).toBeCloseTo(595.28 - 2 * 10); // padding "40 10": 10 left and right
    expect(band.table.body[0][0].fillColor).toBe('#004494');
    expect(text.margin).toEqual([40, 0, 40, 0]);
  });

  it('gives each chart the exact width of its column', () => {
    const slots: ChartSlot[] = [];
    assembleDocument(
      parseMarkup('<document><page><columns gap="20"><column width="1"><chart name="a"/></column><column width="3"><chart name="b" height="90" share="0.5"/></column></columns></page></document>', 'x'),
      context(slots),
    );
    const free = A4_CONTENT - 20;
    expect(slots).toEqual([
      { name: 'a', origin: expect.objectContaining({ line: 1 }), width: Math.floor(free / 4) },
      { name: 'b', origin: expect.objectContaining({ line: 1 }), width: Math.floor(((free * 3) / 4) * 0.5), height: 90 },
    ]);
  });

  it('sizes auto columns to their icon', () => {
    const doc = assembleDocument(parseMarkup('<document><page><columns gap="10"><column width="auto"><box padding="5"><icon name="factory" size="20"/></box></column><column><text>x</text></column></columns></page></document>', 'x'), context());
    const columns = doc.content[0].stack[0].stack[0].columns;
    expect(columns[0].width).toBe(30);
    expect(columns[1].width).toBeCloseTo(A4_CONTENT - 10 - 30);
  });

  it('lays grids out in rows of equal cells with gaps between', () => {
    const doc = assembleDocument(parseMarkup('<document><page><grid cols="2" gap="10"><box padding="5"/><box padding="5"/><box padding="5"/></grid></page></document>', 'x'), context());
    const rows = doc.content[0].stack[0].stack[0].stack;
    expect(rows).toHaveLength(2);
    const cell = (A4_CONTENT - 10) / 2;
    expect(rows[0].table.widths).toEqual([cell - 10, 10, cell - 10]);
    expect(rows[1].margin).toEqual([0, 10, 0, 0]);
  });

  it('reports unknown icons, colours and styles together, with suggestions', () => {
    try {
      assembleDocument(parseMarkup('<document><page><icon name="factroy"/><box fill="lite"/><text style="headnig">x</text></page></document>', 'x'), context());
      expect.unreachable();
    } catch (error) {
      const ds = (error as UserError).diagnostics;
      expect(ds.map((d) => d.rule)).toEqual(['unknown-icon', 'unknown-color', 'unknown-style']);
      expect(ds[0]!.hint).toContain('did you mean `factory`?');
      expect(ds[1]!.hint).toContain('primary, light');
    }
  });

  it('places a bad style or colour at the template line that names it', () => {
    const templateSources = new Map([
      ['templates/t/layout.hbs', '<document>\n{{> note}}\n</document>'],
      ['templates/t/partials/note.hbs', '<box fill="light">\n  <text style="headnig">{{text}}</text>\n</box>'],
    ]);
    try {
      assembleDocument(parseMarkup('<document><page><text style="headnig">x</text></page></document>', 'x'), { ...context(), templateSources });
      expect.unreachable();
    } catch (error) {
      expect((error as UserError).diagnostics[0]).toMatchObject({
        file: 'templates/t/partials/note.hbs',
        line: 2,
        column: 16,
        rule: 'unknown-style',
        hint: 'did you mean `heading`?',
        excerpt: '  <text style="headnig">{{text}}</text>',
      });
    }
  });

  it('builds a fresh definition each call', () => {
    const layout = parseMarkup('<document><page><text>x</text></page></document>', 'x');
    expect(assembleDocument(layout, context())).not.toBe(assembleDocument(layout, context()));
  });

  it('builds the structure in reading order: sections per block and tile, roles from styles and markup, figures with alt, artifacts untagged', () => {
    const themed = { ...theme, text: { ...theme.text, heading: { ...theme.text.heading!, role: 'H1' as const }, note: { font: 'Sans', role: 'Artifact' as const } } };
    const markup = `<document><page>
      <band fill="primary"><text style="heading">Title</text></band>
      <block page="0" index="0" type="x"><columns><column><text>Left</text></column><column role="Div"><text role="H2">Right</text></column></columns></block>
      <block page="0" index="1" type="y"><grid cols="2"><box><text>A</text></box><box><text>B <span lang="zh">中国</span></text></box></grid><chart name="c" title="Sales" alt="Sales rose."/></block>
      <text style="note">page furniture</text><rule color="primary"/><icon name="factory"/>
    </page></document>`;
    const doc = assembleDocument(parseMarkup(markup, 'x'), { ...context(), theme: themed });
    const shape = (n: { role: string; alt?: string; children: unknown[] }): unknown => (n.children.length ? { [n.role]: n.children.map((c) => shape(c as typeof n)) } : n.alt ? `${n.role}: ${n.alt}` : n.role);
    expect(shape(doc.structure)).toEqual({ Document: ['H1', { Sect: ['P', { Div: ['H2'] }] }, { Sect: [{ Sect: ['P'] }, { Sect: ['P'] }, 'Figure: Sales rose.'] }] });
    const tags = JSON.stringify(doc.content).match(/"tag":\d+/g) ?? [];
    expect(tags.length).toBeGreaterThan(5);
    expect(JSON.stringify(doc.content)).toContain('"lang":"zh"');
    expect(JSON.stringify(doc.content)).toMatch(/"text":"page furniture"(?![^}]*"tag")/);
  });

  it('lays a table out with its header rows repeating, rules and stripes from the theme, and tags it Table, TR, TH (scope Column) and TD', () => {
    const themed: Theme = { ...theme, text: { ...theme.text, tableHead: { font: 'Sans' }, tableCell: { font: 'Sans' } }, table: { rule: '#dddddd', ruleWidth: 0.5, headerRule: '#004494', headerRuleWidth: 1, stripe: '#f3f7fc', padding: [6, 3] } };
    const markup = `<document><page><table header-rows="1">
      <tr><th align="left">Region</th><th align="right">Share <span style="tableHead">(%)</span></th></tr>
      <tr><td align="left">EU27</td><td align="right">21.4</td></tr>
      <tr><td align="left">China</td><td align="right">27.7</td></tr>
    </table></page></document>`;
    const doc = assembleDocument(parseMarkup(markup, 'x'), { ...context(), theme: themed });
    const table = doc.content[0].stack[0].stack[0];
    expect(table.table.headerRows).toBe(1);
    expect(table.table.widths).toEqual(['*', 'auto']);
    expect(table.table.body.map((row: { text: { text: string }[] }[]) => row.map((cell) => cell.text.map((r) => r.text).join('')))).toEqual([
      ['Region', 'Share (%)'],
      ['EU27', '21.4'],
      ['China', '27.7'],
    ]);
    expect(table.table.body[1][1].alignment).toBe('right');
    const { layout } = table;
    expect([0, 1, 2, 3].map((i) => layout.hLineWidth(i))).toEqual([0, 1, 0.5, 0.5]);
    expect(layout.hLineColor(1)).toBe('#004494');
    expect([0, 1, 2].map((row) => layout.fillColor(row))).toEqual([null, null, '#f3f7fc']);
    const roles = (n: { role: string; scope?: string; children: unknown[] }): unknown => (n.children.length ? { [n.role]: n.children.map((c) => roles(c as typeof n)) } : n.scope ? `${n.role} ${n.scope}` : n.role);
    expect(roles(doc.structure)).toEqual({ Document: [{ Table: [{ TR: ['TH Column', 'TH Column'] }, { TR: ['TD', 'TD'] }, { TR: ['TD', 'TD'] }] }] });
    // every run of a cell points at its cell's element
    const ids = table.table.body.flat().map((cell: { text: { tag: number }[] }) => new Set(cell.text.map((r) => r.tag)).size);
    expect(ids).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('refuses a table row that is not <tr>, and a cell that is not <th> or <td>', () => {
    expect(() => parseMarkup('<document><page><table><row><td>x</td></row><tr><cell>y</cell></tr></table></page></document>', 'x')).toThrow(/<table> holds only <tr> elements[\s\S]*<tr> holds only <th> and <td>/);
  });

  it('gives a link the theme\'s link colour and underline, unless its run has a style of its own', () => {
    const themed: Theme = { ...theme, text: { ...theme.text, footerLink: { font: 'Sans', color: '#ffd617' } }, link: { color: '#2f6db5', underline: true } };
    const doc = assembleDocument(parseMarkup('<document><page><text>See <a href="https://a.eu/">the report</a> or <a href="https://b.eu/"><span style="footerLink">b.eu</span></a></text></page></document>', 'x'), { ...context(), theme: themed });
    const runs = doc.content[0].stack[0].stack[0].text;
    expect(runs[1]).toMatchObject({ text: 'the report', link: 'https://a.eu/', color: '#2f6db5', decoration: 'underline' });
    expect(runs[3]).toMatchObject({ text: 'b.eu', link: 'https://b.eu/', style: 'footerLink' });
    expect(runs[3].color).toBeUndefined();
    // without a link section, a link takes its text's colour
    const plain = assembleDocument(parseMarkup('<document><page><text><a href="https://a.eu/">a</a></text></page></document>', 'x'), context());
    expect(plain.content[0].stack[0].stack[0].text[0].color).toBeUndefined();
  });

  it('writes each page\'s number and the count by the pattern, as pagination', () => {
    const page = '<page><text>x</text><footer><page-number style="heading" align="right" pattern="Page {page} of {pages}"/></footer></page>';
    const doc = assembleDocument(parseMarkup(`<document>${page}${page}${page}</document>`, 'x'), context());
    const footers = [1, 2, 3].map((n) => doc.footer(n).table.body[0][0].stack[0]);
    expect(footers.map((f: { text: { text: string }[] }) => f.text[0]!.text)).toEqual(['Page 1 of 3', 'Page 2 of 3', 'Page 3 of 3']);
    expect(footers[0]).toMatchObject({ alignment: 'right', style: 'heading', text: [{ pagination: true }] });
    expect(JSON.stringify(footers)).not.toContain('"tag"');
  });

  it('numbers notes in the order of their first reference, raises the numbers, and prints the notes referred to as Note, Lbl and P', () => {
    const themed: Theme = { ...theme, text: { ...theme.text, note: { font: 'Sans' } } };
    const markup = `<document><page><text>First<ref note="b"/> and then<ref note="a"/>.</text><text>Again<ref note="b"/>.</text>
      <notes style="note"><note key="a">Note A</note><note key="b">Note <b>B</b></note><note key="c">Never referred to</note></notes></page></document>`;
    const doc = assembleDocument(parseMarkup(markup, 'x'), { ...context(), theme: themed });
    const [first, again, notes] = doc.content[0].stack.map((s: { stack: unknown[] }) => s.stack[0]);
    expect(first.text.filter((r: { sup?: boolean }) => r.sup).map((r: { text: string }) => r.text)).toEqual(['1', '2']);
    expect(again.text.find((r: { sup?: boolean }) => r.sup).text).toBe('1');
    const lines = notes.stack.map((line: { text: { text: string }[] }) => line.text.map((r) => r.text).join(''));
    expect(lines).toEqual(['1\u2002Note B', '2\u2002Note A']);
    const shape = (n: { role: string; children: unknown[] }): unknown => (n.children.length ? { [n.role]: n.children.map((c) => shape(c as typeof n)) } : n.role);
    expect(shape(doc.structure)).toEqual({ Document: [{ P: ['Reference', 'Reference'] }, { P: ['Reference'] }, { Note: ['Lbl', 'P'] }, { Note: ['Lbl', 'P'] }] });
  });
});
