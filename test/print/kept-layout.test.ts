import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layOut } from '../../src/print/pdfmake.js';
import { printPdf } from '../../src/print/index.js';
import { Face, FontFiles } from '../../src/print/face.js';
import { FaceChain } from '../../src/print/fallback.js';
import { restoreLayout, type KeptLayout } from '../../src/print/kept-layout.js';
import { loadShaper } from '../../src/print/shaper.js';
import { loadTheme } from '../../src/theme/load.js';
import { storeKey } from '../../src/store/store.js';
import { tempStore } from '../helpers/store.js';

await loadShaper();

const root = path.resolve(import.meta.dirname, '../..');
const theme = loadTheme(path.join(root, 'templates/themes/eu.yaml'), root);
const sc = theme.fonts.NotoSansSC!.normal;

const documentOf = (text: string) => ({
  pageSize: [595.28, 841.89],
  pageMargins: [40, 40, 40, 60],
  defaultStyle: { font: 'Inter', fontSize: 10 },
  content: [{ text }],
});

/** Lay out `text` keeping the pages in a fresh store; the pages kept. */
function kept(text: string): KeptLayout {
  const { store, keys } = tempStore();
  const key = storeKey('kept pages of a test', text);
  layOut(documentOf(text), theme.fonts, { pdf: {}, fontFiles: new FontFiles(undefined), keep: { store, key } });
  // one page: one part of the content, kept under a key of its own
  expect(keys('layout')).toHaveLength(1);
  return JSON.parse(store.get('layout', keys('layout')[0]!)!.toString('utf8')) as KeptLayout;
}

describe('kept pages and fallback fonts', () => {
  it('name each fallback font the layout asked, with its bytes’ hash; Latin text asks none', () => {
    expect(kept('Plain Latin, Ελληνικά').fallbacks).toEqual([]);
    const pages = kept('The plan 十四五规划');
    expect(pages.fallbacks.map(([file]) => file)).toEqual([sc]);
    expect(pages.fallbacks[0]![1]).toBe(new FontFiles(undefined).get(sc).hash);
  });

  it('are used again only while each fallback font they name has the same bytes', () => {
    const pages = kept('The plan 十四五规划');
    const files = new FontFiles(undefined);
    const report = { tried: () => undefined, missing: () => undefined };
    const fonts = (hash: (file: string) => string) => ({
      face: (file: string) => new Face(files.get(file), 'B1'),
      chain: (chain: string[]) => new FaceChain(chain.map((f) => files.get(f)), (font) => new Face(font, 'B1'), report),
      hash,
    });
    expect(restoreLayout(pages, [], fonts((file) => files.get(file).hash))).toBeDefined();
    expect(restoreLayout(pages, [], fonts(() => 'another font'))).toBeUndefined();
  });
});

describe('kept pages, a page at a time', () => {
  /** Three sheets of text, each with a footer naming its page, the second in a box with a table layout of brief's. */
  const threePages = (second: string) => {
    const footers = [1, 2, 3].map((n) => ({ text: `Page ${n}`, margin: [40, 10, 40, 0] }));
    return {
      pageSize: [595.28, 841.89],
      pageMargins: [40, 40, 40, 60],
      defaultStyle: { font: 'Inter', fontSize: 10 },
      content: [
        { text: 'The first page. '.repeat(40) },
        { table: { widths: ['*'], body: [[{ text: second }]] }, layout: { layoutOf: ['padded', [6, 6, 6, 6]], paddingLeft: () => 6, paddingRight: () => 6, paddingTop: () => 6, paddingBottom: () => 6 }, pageBreak: 'before' },
        { text: 'The third page, with 十四五规划 in it.', pageBreak: 'before' },
      ],
      footer: (page: number) => footers[page - 1],
      info: { title: 'Three pages', creationDate: new Date('2000-01-01T00:00:00Z') },
    };
  };
  const print = async (second: string, store: ReturnType<typeof tempStore>['store']) => {
    return (await printPdf(threePages(second), theme.fonts, new FontFiles(undefined), { keep: { store, key: storeKey('a test of parts') } })).bytes;
  };

  it('keeps each page under a key of its own: an edit lays out the page it changed alone', async () => {
    const { store, keys } = tempStore();
    await print('The second page, as written first.', store);
    expect(keys('layout')).toHaveLength(3);
    const kept = await print('The second page, as written after an edit.', store);
    // one page more: the other two were taken from the store
    expect(keys('layout')).toHaveLength(4);
    expect(kept.equals(await print('The second page, as written after an edit.', tempStore().store))).toBe(true);
  });

  it('lays out again a page whose table layout was made from other arguments', async () => {
    const { store, keys } = tempStore();
    await print('Same text.', store);
    const other = threePages('Same text.');
    (other.content[1] as { layout: { layoutOf: unknown[] } }).layout.layoutOf = ['padded', [0, 0, 0, 0]];
    layOut(other, theme.fonts, { pdf: {}, fontFiles: new FontFiles(undefined), keep: { store, key: storeKey('a test of parts') } });
    expect(keys('layout')).toHaveLength(4);
  });
});
