import { it } from 'vitest';
import path from 'node:path';
import { layOut } from '../../src/print/pdfmake.js';
import { FontFiles } from '../../src/print/face.js';
import { loadTheme } from '../../src/theme/load.js';
const root = path.resolve(import.meta.dirname, '../..');
const theme = loadTheme(path.join(root, 'templates/themes/eu.yaml'), root);
it('tags', () => {
  const def = { pageSize: [595, 842], pageMargins: [40, 40, 40, 40], defaultStyle: { font: 'Inter' }, styles: {}, content: [
    { text: [{ text: 'Hello there ', tag: 1 }, { text: 'world link', link: 'https://x', tag: 2 }], tag: 9, style: 'x' },
    { text: 'Plain node text', tag: 3 },
    { svg: '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', width: 10, height: 10, tag: 4 },
    { table: { widths: [100], body: [[{ text: 'cell', tag: 5 }]] } },
  ] };
  const out = layOut(def, theme.fonts, { pdf: {}, fontFiles: new FontFiles(undefined) });
  for (const { type, item } of out.pages[0]!.items) {
    if (type === 'line') console.log('line', (item as any).inlines.map((i: any) => `${i.text}|tag=${i.tag}`));
    else console.log(type, (item as any).tag);
  }
});
