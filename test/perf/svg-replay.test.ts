import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { keepDrawingsIn, replaySvgDrawings } from '../../src/perf/svg-replay.js';

const require = createRequire(import.meta.url);
const fromPdfmake = createRequire(require.resolve('pdfmake/js/Printer.js'));
type Doc = { end(): void; on(e: string, f: (c?: Buffer) => void): void; addPage(): Doc; text(t: string, x: number, y: number): Doc; font(src: string): Doc };
const PDFDocument = fromPdfmake('pdfkit') as new (options: object) => Doc;
type Draw = (doc: Doc, svg: string, x: number, y: number, options: object) => void;
// svg-to-pdfkit itself, not the module object pdfmake's renderer calls (which the build patches)
const svgToPdf = fromPdfmake('./3rd-party/svg-to-pdfkit/source.js') as Draw;

const inter = require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf');
const interBold = require.resolve('@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf');
const options = { assumePt: true, fontCallback: (_family: string, bold: boolean) => (bold ? interBold : inter) };

const TEXT = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">
  <rect x="1" y="1" width="50" height="20" fill="#123456" fill-opacity="0.5"/>
  <path d="M0,0L10,10L20,5Z" stroke="#f00" stroke-opacity="0.3" stroke-dasharray="2,1"/>
  <g transform="translate(5,50) rotate(-30)"><text font-family="Inter" font-size="9">Office 2024 → Türkiye</text></g>
  <text x="5" y="80" font-family="Inter" font-weight="bold" font-size="7"><tspan>AVA</tspan><tspan dx="3">fi</tspan></text>
</svg>`;
const LINES = '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60"><path d="M0,0L50,50M0,50L50,0" stroke="#0a0"/><text x="2" y="30" font-family="Inter" font-size="6">mid</text></svg>';
const GRADIENT = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"><defs><linearGradient id="g">
  <stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/></linearGradient></defs>
  <rect width="100" height="50" fill="url(#g)"/><text x="4" y="20" font-family="Inter" font-size="8">over</text></svg>`;

/** Two pages of drawings, some repeated, with text around them; the PDF's bytes. */
async function print(draw: Draw): Promise<Buffer> {
  const doc = new PDFDocument({ info: { CreationDate: new Date(0) }, compress: false });
  const chunks: Buffer[] = [];
  doc.on('data', (c) => chunks.push(c!));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.font(inter).text('Before the charts', 20, 20);
  draw(doc, TEXT, 40, 40, options);
  draw(doc, GRADIENT, 40, 200, options);
  draw(doc, LINES, 300, 40, options);
  doc.addPage();
  draw(doc, LINES, 300, 40, options);
  draw(doc, TEXT, 40, 40, options);
  draw(doc, TEXT, 40, 300, options);
  draw(doc, GRADIENT, 40, 200, options);
  doc.addPage(); // a page with nothing but what replays: no resource may appear that drawing would not add
  draw(doc, LINES, 300, 40, options);
  doc.font(inter).text('After the charts', 20, 700);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

describe('replayed SVG drawings', () => {
  it('give the bytes that drawing gives, in the document that recorded them and in the next', async () => {
    let draws = 0;
    const module = { default: ((...args: Parameters<Draw>) => (draws++, svgToPdf(...args))) as Draw };
    replaySvgDrawings(module as never);
    const drawn = await print(svgToPdf);
    const recorded = await print(module.default); // records, then replays the repeats
    expect(draws).toBe(5); // TEXT, GRADIENT, LINES, TEXT at a new place, GRADIENT again (never recorded)
    const replayed = await print(module.default); // replays what the first document recorded
    expect(draws).toBe(7); // the gradient, twice
    expect(recorded.equals(drawn)).toBe(true);
    expect(replayed.equals(drawn)).toBe(true);
    // the drawings are really there: text as glyphs, an opacity state, the gradient
    const text = drawn.toString('latin1');
    expect(text).toMatch(/\] TJ/);
    expect(text).toMatch(/\/ca 0\.5/);
    expect(text).toMatch(/\/ShadingType 2/);
  });

  it('keeps recorded drawings on disk for the next process, with the same bytes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-drawings-'));
    const drawn = await print(svgToPdf);
    let draws = 0;
    const counting = ((...args: Parameters<Draw>) => (draws++, svgToPdf(...args))) as Draw;
    try {
      keepDrawingsIn(dir);
      const first = { default: counting };
      replaySvgDrawings(first as never);
      expect((await print(first.default)).equals(drawn)).toBe(true);
      expect(fs.readdirSync(path.join(dir, 'drawings'))).toHaveLength(3); // TEXT at two places, LINES
      draws = 0;
      const next = { default: counting }; // as a new process would patch it: nothing in memory
      replaySvgDrawings(next as never);
      expect((await print(next.default)).equals(drawn)).toBe(true);
      expect(draws).toBe(2); // only the gradient, which is never recorded
    } finally {
      keepDrawingsIn(undefined);
    }
  });
});
