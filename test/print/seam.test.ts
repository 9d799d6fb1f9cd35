import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { layOut } from '../../src/print/pdfmake.js';
import { readPages } from '../../src/print/pages.js';
import { Face, FontFiles } from '../../src/print/face.js';
import { FaceChain } from '../../src/print/fallback.js';
import { printPdf } from '../../src/print/index.js';
import { loadTheme } from '../../src/theme/load.js';
import { iconSvg } from '../../src/icons/mdi.js';
import { readPdf } from '../e2e/read-pdf.js';
import { loadShaper } from '../../src/print/shaper.js';

// the shaper is WebAssembly, loaded before anything measures or lays out text
await loadShaper();

const root = path.resolve(import.meta.dirname, '../..');
const theme = loadTheme(path.join(root, 'templates/themes/eu.yaml'), root);
const require = createRequire(import.meta.url);

/** A document with every kind of node brief's layouts make: styled and linked text, columns, filled and bordered tables, a data table with a header row, a page number, a rule, SVGs. */
function variedDocument() {
  const table = (fill: string) => ({
    table: { widths: [200], body: [[{ stack: [{ text: 'In a box', style: 'body' }], fillColor: fill }]] },
    layout: { hLineWidth: () => 0.75, vLineWidth: (i: number) => (i === 0 ? 3 : 0.75), hLineColor: () => '#cccccc', vLineColor: () => '#004494', paddingLeft: () => 6, paddingRight: () => 6, paddingTop: () => 4, paddingBottom: () => 4 },
  });
  return {
    pageSize: [595.28, 841.89],
    pageMargins: [40, 40, 40, 60],
    info: { title: 'Seam', creationDate: new Date('2021-05-01T00:00:00Z') },
    defaultStyle: { font: Object.keys(theme.fonts)[0], fontSize: 10 },
    styles: Object.fromEntries(Object.entries(theme.theme.text).map(([name, style]) => [name, { ...style }])),
    content: [
      { text: [{ text: 'Bold ', bold: true }, { text: 'italic ', italics: true }, { text: 'a link across words', link: 'https://example.org/a' }, ' and plain.'], style: 'body', id: 'para' },
      { columns: [{ width: 250, stack: [table('#eeeeee')] }, { width: 200, stack: [{ text: 'Right column', style: 'body' }] }], columnGap: 10 },
      { text: [{ text: 'an underlined link', link: 'https://example.org/b', color: '#2f6db5', decoration: 'underline' }] },
      {
        table: { headerRows: 1, dontBreakRows: true, widths: ['*', 'auto'], body: [[{ text: [{ text: 'Region', tag: 3 }], style: 'body' }, { text: 'Share', alignment: 'right' }], [{ text: 'EU27' }, { text: '21.4', alignment: 'right' }], [{ text: 'China' }, { text: '27.7', alignment: 'right' }]] },
        layout: { hLineWidth: (i: number) => (i === 0 ? 0 : 0.5), vLineWidth: () => 0, fillColor: (row: number) => (row === 2 ? '#f3f7fc' : null) },
      },
      { text: [{ text: '1 / 4', pagination: true }], alignment: 'right' },
      { image: `data:image/png;base64,${fs.readFileSync(path.join(root, 'test/fixtures/images/badge.png')).toString('base64')}`, width: 30, height: 15, tag: 7 },
      { canvas: [{ type: 'line', x1: 0, y1: 0, x2: 500, y2: 0, lineWidth: 1, lineColor: '#004494' }] },
      { svg: iconSvg('M0 0L24 0L24 24Z', '#004494'), width: 14, height: 14 },
      { svg: '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect x="0" y="0" width="60" height="20" fill="#ffcc00"/><text x="2" y="35" font-family="Inter" font-size="10">17.9</text></svg>', width: 120, height: 40, font: Object.keys(theme.fonts)[0] },
    ],
    footer: () => ({ text: 'Footer', style: 'body' }),
  };
}

/** The fields of each laid-out item the renderer is written against (pdfmake 0.3.11). */
const KNOWN_KEYS: Record<string, string[]> = {
  // `id`: the id of the node the line starts (pdfmake's renderer makes it a named destination; brief's ids are its own bookkeeping)
  line: ['id', 'maxWidth', 'leadingCut', 'trailingCut', 'inlineWidths', 'inlines', 'lastLineInParagraph', 'x', 'y', 'newLineForced'],
  // brief's own, carried through by pdfmake: `tag` (structure element), `lang`, `pagination` (a page number)
  inline: ['tag', 'lang', 'pagination', 'anchor', 'text', 'font', 'alignment', 'fontSize', 'fontFeatures', 'characterSpacing', 'color', 'decoration', 'decorationColor', 'decorationStyle', 'decorationThickness', 'background', 'link', 'linkToPage', 'linkToDestination', 'noWrap', 'opacity', 'sup', 'sub', 'width', 'height', 'leadingCut', 'trailingCut', 'x', 'noNewLine', 'lineEnd', 'style', 'bold', 'italics', 'justifyShift'],
  vector: ['type', 'x', 'y', 'w', 'h', 'r', 'lineWidth', 'color', 'fillOpacity', 'strokeOpacity', 'x1', 'y1', 'x2', 'y2', 'lineColor', 'dash', 'lineCap', 'resetXY', 'lineJoin', 'points', 'closePath', 'd', 'r1', 'r2', 'linearGradient'],
};

describe("the seam to pdfmake's layout", () => {
  it('is pinned: pdfmake and the pdfkit it lays out with are the versions the renderer is written against', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.pdfmake).toMatch(/^\d+\.\d+\.\d+$/); // an exact version, never a range
    const pdfmake = JSON.parse(fs.readFileSync(require.resolve('pdfmake/package.json'), 'utf8')) as { version: string };
    const pdfkit = JSON.parse(fs.readFileSync(createRequire(require.resolve('pdfmake')).resolve('pdfkit/package.json'), 'utf8')) as { version: string };
    // An upgrade must come with a look at the shapes below, then a new pin here.
    expect(pdfmake.version).toBe('0.3.11');
    expect(pdfkit.version).toBe('0.19.1');
  });

  it("hands over pages with only the item kinds and fields the renderer reads", () => {
    const { pages, placements } = layOut(variedDocument(), theme.fonts, { pdf: {}, fontFiles: new FontFiles(undefined) });
    expect(pages).toHaveLength(1);
    const kinds = new Set(pages[0]!.items.map((i) => i.type));
    expect([...kinds].sort()).toEqual(['image', 'line', 'svg', 'vector']);
    for (const { type, item } of pages[0]!.items) {
      const fields = Object.keys(item as object).filter((k) => !k.startsWith('_'));
      if (type === 'image') expect(item).toMatchObject({ image: expect.any(String), width: 30, height: 15, tag: 7, x: expect.any(Number), y: expect.any(Number) });
      if (type === 'line' || type === 'vector') expect(fields.filter((k) => !KNOWN_KEYS[type]!.includes(k)), `${type} fields`).toEqual([]);
      if (type === 'line') {
        for (const inline of (item as { inlines: object[] }).inlines) expect(Object.keys(inline).filter((k) => !KNOWN_KEYS.inline!.includes(k)), 'inline fields').toEqual([]);
      }
    }
    const svgs = pages[0]!.items.filter((i) => i.type === 'svg').map((i) => i.item as { width: number; height: number; svg: string });
    expect(svgs.map((s) => [s.width, s.height])).toEqual([[14, 14], [120, 40]]);
    expect(svgs[0]!.svg).toMatch(/<svg[^>]*width="14"[^>]*height="14"/);
    expect(placements.get('para')).toEqual([1]);
    const inlines = pages[0]!.items.filter((i) => i.type === 'line').flatMap((i) => (i.item as { inlines: { text: string; tag?: number; pagination?: boolean; decoration?: string }[] }).inlines);
    expect(inlines.filter((i) => i.pagination).map((i) => i.text).join('')).toBe('1 / 4');
    expect(inlines.find((i) => i.text === 'Region')?.tag).toBe(3);
    expect(inlines.filter((i) => i.decoration === 'underline').map((i) => i.text.trim())).toEqual(['an', 'underlined', 'link']);
  });

  it('refuses pages whose shapes changed, naming the page, item and field', () => {
    const file = new FontFiles(undefined).get(theme.fonts[Object.keys(theme.fonts)[0]!]!.normal);
    const face = new FaceChain([file], (font) => new Face(font, 'B1'), { tried: () => undefined, missing: () => undefined });
    const good = () => ({ pageSize: { width: 100, height: 100 }, items: [{ type: 'line', item: { x: 0, y: 0, inlines: [{ text: 'a', font: face, fontSize: 10, width: 5, height: 12, x: 0 }] } }] });
    expect(readPages([good()])).toHaveLength(1);
    const broken: [string, (p: ReturnType<typeof good>) => unknown][] = [
      ['an item of type `video`', (p) => ({ ...p, items: [{ type: 'video', item: {} }] })],
      ['an image that is not named', (p) => ({ ...p, items: [{ type: 'image', item: { x: 0, y: 0, width: 1, height: 1 } }] })],
      ['an image with `cover`', (p) => ({ ...p, items: [{ type: 'image', item: { image: 'a', x: 0, y: 0, width: 1, height: 1, cover: { width: 1 } } }] })],
      ['`x` is not a number', (p) => ({ ...p, items: [{ type: 'line', item: { ...p.items[0]!.item, x: '0' } }] })],
      ['an inline without text or face', (p) => ({ ...p, items: [{ type: 'line', item: { ...p.items[0]!.item, inlines: [{ text: 'a' }] } }] })],
      ['an inline with `background`', (p) => ({ ...p, items: [{ type: 'line', item: { ...p.items[0]!.item, inlines: [{ ...p.items[0]!.item.inlines[0]!, background: '#fff' }] } }] })],
      ['a watermark', (p) => ({ ...p, watermark: { text: 'DRAFT' } })],
      ['no numeric pageSize', (p) => ({ ...p, pageSize: 'A4' })],
    ];
    for (const [what, change] of broken) expect(() => readPages([change(good())]), what).toThrow(new RegExp(`page 1.*${what.replace(/[`()]/g, '.')}`));
  });

  it('prints one link per run of linked words', async () => {
    const { pages } = layOut(variedDocument(), theme.fonts, { pdf: {}, fontFiles: new FontFiles(undefined) });
    const line = pages[0]!.items.find((i) => i.type === 'line')!.item as { inlines: { link?: string }[] };
    expect(line.inlines.filter((i) => i.link).length).toBeGreaterThan(1); // pdfmake made one inline per word
    const pdf = await readPdf(new Uint8Array((await printPdf(variedDocument(), theme.fonts, new FontFiles(undefined))).bytes));
    expect(pdf.pages[0]!.links).toEqual(['https://example.org/a', 'https://example.org/b']);
    expect(pdf.pages[0]!.text).toContain('Bold italic a link across words and plain.');
    expect(pdf.pages[0]!.items).toContain('Footer');
  });
});
