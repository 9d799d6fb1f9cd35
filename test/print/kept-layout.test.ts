import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layOut } from '../../src/print/pdfmake.js';
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
  const { store } = tempStore();
  const key = storeKey('kept pages of a test', text);
  layOut(documentOf(text), theme.fonts, { pdf: {}, fontFiles: new FontFiles(undefined), keep: { store, key } });
  return JSON.parse(store.get('layout', key)!.toString('utf8')) as KeptLayout;
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
