import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { printPdf } from '../../src/write/pdf.js';
import { lineReplayStats } from '../../src/perf/line-replay.js';
import { layoutReuseStats } from '../../src/perf/layout-reuse.js';
import type { PdfNode } from '../../src/layout/assemble.js';

const require = createRequire(import.meta.url);
const inter = require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf');
const interBold = require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf');
const fonts = { Inter: { normal: inter, bold: interBold, italics: inter, bolditalics: interBold } };

/** Two pages of text in many styles around a chart that changes colour (and nothing else) between prints. */
function definition(fill: string): PdfNode {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40"><rect width="20" height="20" fill="${fill}"/><text x="24" y="16" font-family="Inter" font-size="8">Share, 2024: 41.3%</text></svg>`;
  return {
    info: { creationDate: new Date(0) },
    defaultStyle: { font: 'Inter', fontSize: 10 },
    content: [
      { text: 'Plain words, then more words that wrap onto a second line and a third one as they go on and on across the page width' },
      { text: [{ text: 'Bold ', bold: true }, { text: 'faded', opacity: 0.4 }, ' and ', { text: 'red', color: '#c00000' }, ' and spaced', { text: ' out', characterSpacing: 1.5 }] },
      { text: ['A source: ', { text: 'europa.eu', link: 'https://europa.eu' }, ' and x', { text: '2', sup: true }, ' and ', { text: 'underlined', decoration: 'underline' }] },
      { svg, width: 160 },
      { text: 'A block with an id', id: 'named' },
      { text: 'Second page: \u2206 O\u02BCahu, it\u2019s \u00A0spaced', pageBreak: 'before', fontSize: 14 },
      { text: 'fi fl ffi office', alignment: 'justify' },
    ],
  };
}

/** The same document, with a function that says nothing of what it answers from: never kept, printed as pdfmake prints. */
const unkept = (fill: string): PdfNode => ({ ...definition(fill), footer: () => null });

describe('replayed lines of a kept layout', () => {
  it('give the bytes of printing them; recording them, too', async () => {
    const { recorded, replayed } = lineReplayStats();
    const { reused } = layoutReuseStats();
    const first = await printPdf(definition('#111111'), fonts); // laid out and kept: lines recorded
    expect(lineReplayStats().recorded).toBeGreaterThan(recorded + 4);
    expect(first.bytes.equals((await printPdf(unkept('#111111'), fonts)).bytes)).toBe(true);
    const again = await printPdf(definition('#222222'), fonts); // reused: lines replayed
    expect(layoutReuseStats().reused).toBe(reused + 1);
    expect(lineReplayStats().replayed).toBeGreaterThan(replayed + 4);
    expect(again.bytes.equals((await printPdf(unkept('#222222'), fonts)).bytes)).toBe(true);
    expect(again.placements.get('named')).toEqual([1]);
  });
});
