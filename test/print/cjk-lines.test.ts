import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layOut } from '../../src/print/pdfmake.js';
import { FontFiles } from '../../src/print/face.js';
import type { LaidOutLine } from '../../src/print/pages.js';
import { loadShaper } from '../../src/print/shaper.js';
import { loadTheme } from '../../src/theme/load.js';

await loadShaper();

const root = path.resolve(import.meta.dirname, '../..');
const theme = loadTheme(path.join(root, 'templates/themes/eu.yaml'), root);

describe('Chinese text in a paragraph', () => {
  it('wraps between ideographs, no line wider than its column, set in the fallback font', () => {
    const text = '中华人民共和国国民经济和社会发展第十四个五年规划和二〇三五年远景目标纲要是中国在二〇二一年至二〇二五年期间的国家发展规划。';
    const width = 150;
    const { pages } = layOut({ pageSize: [width + 80, 400], pageMargins: [40, 40, 40, 40], defaultStyle: { font: 'Inter', fontSize: 10 }, content: [{ text }] }, theme.fonts, { pdf: {}, fontFiles: new FontFiles(undefined) });
    const lines = pages[0]!.items.filter((i) => i.type === 'line').map((i) => i.item as LaidOutLine);
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) {
      const last = line.inlines[line.inlines.length - 1]!;
      expect(last.x + last.width).toBeLessThanOrEqual(width + 0.01);
      // a full line: the next ideograph would not have fitted
      if (line !== lines[lines.length - 1]) expect(last.x + last.width).toBeGreaterThan(width - 11);
    }
    expect(lines.flatMap((l) => l.inlines.map((i) => i.text)).join('')).toBe(text);
    const faces = new Set(lines.flatMap((l) => l.inlines.flatMap((i) => i.font.pieces(i.text).map((p) => path.basename(p.face.file)))));
    expect([...faces]).toEqual(['NotoSansSC_400Regular.ttf']);
  });
});
