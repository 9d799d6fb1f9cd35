import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { runChartCommand } from '../../src/chart/command.js';
import { FontFiles } from '../../src/print/face.js';
import { renderChartPdf } from '../../src/chart/pdf.js';
import { createChartEngine } from '../../src/chart/render.js';
import { createTextMeasurer } from '../../src/chart/measure.js';
import { svgForPdf } from '../../src/chart/svg-for-pdf.js';
import { readPdf } from '../conformance/read-pdf.js';
import { barSpec, dataRoot, euTheme, fixtures, root, tempDir } from './helpers.js';
import { loadShaper } from '../../src/print/shaper.js';

// the shaper is WebAssembly, loaded before anything measures or lays out text
await loadShaper();

function sink() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('chart PDFs', () => {
  test('are deterministic, one page, vector, with whole labels as text', async () => {
    const chart = await createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: root }).render({
      spec: barSpec(),
      specFile: 'bar.vl.json',
      dataRoot,
    });
    const a = await renderChartPdf(chart, euTheme.fonts, 'Inter', new FontFiles(undefined));
    const b = await renderChartPdf(chart, euTheme.fonts, 'Inter', new FontFiles(undefined));
    expect(Buffer.compare(a, b)).toBe(0);
    const pdf = await readPdf(new Uint8Array(a));
    expect(pdf.pages).toBe(1);
    expect(pdf.images).toBe(0);
    // Rotated axis labels and the axis title come out as whole strings.
    expect(pdf.texts).toEqual(expect.arrayContaining(['Alpha', 'Beta', 'Gamma', 'Patent families', 'category']));
    expect(Math.round(pdf.width)).toBe(Math.round(chart.width + 12));

    // What Vega measured is what pdfkit drew: same face, same advances.
    const measurer = createTextMeasurer(euTheme.fonts, 'Inter');
    const title = pdf.items.find((i) => i.str === 'category')!;
    const measured = measurer.rawWidth({ font: 'Inter', fontSize: euTheme.chart.titleFontSize, fontWeight: 'bold' }, 'category');
    expect(title.width).toBeCloseTo(measured, 2);
    const label = pdf.items.find((i) => i.str === '7')!;
    expect(label.width).toBeCloseTo(measurer.rawWidth({ font: 'Inter', fontSize: euTheme.chart.fontSize }, '7'), 2);
  });

  test('labels Vega hid for overlap stay as invisible text', () => {
    const svg = '<svg><text opacity="0" fill="#000" transform="translate(1,2)">100</text><text opacity="1">20</text></svg>';
    expect(svgForPdf(svg)).toBe(
      '<svg><text fill-opacity="0.001" fill="#000" transform="translate(1,2)">100</text><text opacity="1">20</text></svg>',
    );
  });
});

describe('brief chart', () => {
  test('writes one PDF per spec, named after it', async () => {
    const out = tempDir();
    const stdout = sink();
    const stderr = sink();
    const code = await runChartCommand([path.join(fixtures, 'bar.vl.json'), '--data-root', dataRoot, '--out-dir', out], {
      cwd: root,
      stdout: stdout.stream,
      stderr: stderr.stream,
    });
    expect(stderr.text()).toBe('');
    expect(code).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['bar.pdf']);
  });

  test('reports a failing spec and carries on with the rest', async () => {
    const out = tempDir();
    const broken = path.join(out, 'broken.vl.json');
    fs.writeFileSync(broken, JSON.stringify({ ...barSpec(), data: { url: 'data/none.csv' } }));
    const stderr = sink();
    const code = await runChartCommand([broken, path.join(fixtures, 'bar.vl.json'), '--data-root', dataRoot, '--out-dir', out], {
      cwd: out,
      stdout: sink().stream,
      stderr: stderr.stream,
    });
    expect(code).toBe(1);
    expect(stderr.text()).toContain('broken.vl.json');
    expect(stderr.text()).toContain('"data/none.csv"');
    expect(fs.readdirSync(out).sort()).toEqual(['bar.pdf', 'broken.vl.json']);
  });

  test('usage errors exit 2', async () => {
    const stderr = sink();
    const io = { cwd: root, stdout: sink().stream, stderr: stderr.stream };
    expect(await runChartCommand([], io)).toBe(2);
    expect(await runChartCommand(['x.vl.json', '--out-dir', 'o'], io)).toBe(2);
    expect(await runChartCommand(['x.vl.json', '--data-root', 'd', '--out-dir', 'o', '--bogus'], io)).toBe(2);
    expect(stderr.text()).toContain('usage: brief chart');
  });
});
