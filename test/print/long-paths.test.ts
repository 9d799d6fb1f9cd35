import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { documentBytes } from '../../src/print/document-bytes.js';
import { LONG_PATH_CHARS, polylineOperators, restoreLongPaths, standInLongPaths } from '../../src/print/long-paths.js';
import type { LaidOutSvg } from '../../src/print/pages.js';
import { drawSvg, loadPrintLibraries, scratchDocument } from '../../src/print/pdfmake.js';
import { readObjects } from '../../src/print/pdf-objects.js';
import { drawnFragment } from '../../src/print/svg-form.js';
import { euTheme } from '../chart/helpers.js';

/** A closed outline of `n` points on a wobbly circle, as simplify-paths writes path data (two decimals at most). */
function outline(n: number, cx: number, cy: number): string {
  const r = (i: number) => 30 + ((i * 7) % 5);
  const points = Array.from({ length: n }, (_, i) => `${Math.round((cx + r(i) * Math.cos(i / 9)) * 100) / 100},${Math.round((cy + r(i) * Math.sin(i / 9)) * 100) / 100}`);
  return `M${points.join('L')}Z`;
}

/** A drawing as Vega's SVG has them: groups translated, paths filled and stroked, one half-transparent, short paths beside long. */
const drawing = (extra = '') =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200" viewBox="0 0 300 200"><rect width="300" height="200" fill="#ffffff"/>` +
  `<g fill="none" stroke-miterlimit="4" transform="translate(7,5)"><g transform="translate(0,0)">` +
  `<path transform="translate(0,0)" d="${outline(300, 60, 60)}" fill="#dde5ef" stroke="#ffffff" stroke-width="0.6"/>` +
  `<path transform="translate(3,4)" d="${outline(200, 150, 90)}M10,10L20,20L10,30" fill="#2f6db5" fill-opacity="0.5" stroke="#002d62" stroke-width="1.5"${extra}/>` +
  `<path d="M0,0L10,10" stroke="#000"/><circle cx="5" cy="5" r="3" fill="#ffb600"/></g></g></svg>`;

/** The content svg-to-pdfkit writes for `svg` on a scratch page of its own. */
async function scratchContent(svg: string): Promise<string> {
  const laid: LaidOutSvg = { svg, width: 300, height: 200, x: 0, y: 0 };
  const doc = scratchDocument(300, 200);
  const objects = readObjects(await documentBytes(doc, () => drawSvg(doc, laid, euTheme.fonts)));
  const page = [...objects.values()].find((o) => (o.value as { Type?: unknown }).Type === 'Page')!.value as { Contents: { ref: number } };
  return objects.get(page.Contents.ref)!.stream!;
}

describe('long polylines stood in for while svg-to-pdfkit draws', () => {
  it('writes the operators svg-to-pdfkit writes for plain polyline data', () => {
    expect(polylineOperators('M1,2L3.5,-4L0,0Z')).toBe('1 2 m\n3.5 -4 l\n0 0 l\nh\n');
    expect(polylineOperators('M1,2L3,4M5,6L7,8Z')).toBe('1 2 m\n3 4 l\n5 6 m\n7 8 l\nh\n');
  });

  it('writes numbers as pdfkit writes them: six decimals at most, no trailing zeros, no minus zero', () => {
    expect(polylineOperators('M1.50,-0L3.1234567,123456789012.5Z')).toBe('1.5 0 m\n3.123457 123456789012.5 l\nh\n');
    expect(polylineOperators('M-0.5,10L100.05,-0.25')).toBe('-0.5 10 m\n100.05 -0.25 l\n');
    // a number pdfkit refuses is left to it
    expect(polylineOperators(`M1,2L${'9'.repeat(22)},4`)).toBeUndefined();
  });

  it('leaves to svg-to-pdfkit data it reads otherwise: curves, other number forms, subpaths without length', () => {
    // under 1e-10 long, svg-to-pdfkit draws a subpath as a dot (with a round or square cap) or not at all
    for (const d of ['M1,2C3,4,5,6,7,8', 'M1,2l3,4', 'M1e3,2L3,4', 'M.5,2L3,4', 'M1 2L3 4', 'M1,2L1,2Z', 'M1,2L3,4M5,6', 'M1,2L3,4M5,6L5.0,6', 'M1,2L3,4M10,10L10.00000000001,10']) {
      expect(polylineOperators(d), d).toBeUndefined();
    }
    expect(polylineOperators('M0,0L0.0000000001,0')).toBeDefined();
  });

  it('stands in for long paths only, and not at all in drawings that read a path for more than its points', () => {
    const stood = standInLongPaths(drawing())!;
    expect(stood.paths).toHaveLength(2);
    expect(stood.svg).toContain('d="M0,0L10,10"');
    expect(stood.svg.length).toBeLessThan(drawing().length / 5);
    expect(outline(300, 60, 60).length).toBeGreaterThan(LONG_PATH_CHARS);
    for (const extra of [' stroke-dasharray="2 1"', ' pathLength="100"', ' vector-effect="non-scaling-stroke"', ' marker-end="x"', ' filter="url(#f)"']) {
      expect(standInLongPaths(drawing(extra)), extra).toBeUndefined();
    }
  });

  it('gives the content svg-to-pdfkit writes drawing the paths itself', async () => {
    await loadPrintLibraries();
    const stood = standInLongPaths(drawing())!;
    const restored = restoreLongPaths(await scratchContent(stood.svg), stood.paths);
    expect(restored).toBeDefined();
    expect(restored).toBe(await scratchContent(drawing()));
    // the half-transparent fill's graphics state, set by svg-to-pdfkit around the stand-in
    expect(restored).toMatch(/\/Gs\d+ gs\n/);
  });

  it('gives the content svg-to-pdfkit writes for numbers it writes otherwise than they read', async () => {
    await loadPrintLibraries();
    const loose = (d: string) => d.replace(/(\d+\.\d+)/g, (n, _, i: number) => (i % 3 === 0 ? `${n}0` : i % 3 === 1 ? Number(n).toFixed(7) : n)).replace('M', 'M-0,-0L');
    const svg = drawing().replace(/ d="([^"]{400,})"/g, (_, d: string) => ` d="${loose(d)}"`);
    expect(svg).toMatch(/\d\.\d{7}/);
    const stood = standInLongPaths(svg)!;
    expect(stood.paths).toHaveLength(2);
    expect(restoreLongPaths(await scratchContent(stood.svg), stood.paths)).toBe(await scratchContent(svg));
  });

  it('gives nothing back when a stand-in is not in the content once', () => {
    const stood = standInLongPaths(drawing())!;
    const [first, second] = stood.paths.map((p) => p.standIn);
    expect(restoreLongPaths(`q\n${first}${second}Q\n`, stood.paths)).toContain('m\n');
    expect(restoreLongPaths(`q\n${first}Q\n`, stood.paths)).toBeUndefined();
    expect(restoreLongPaths(`q\n${first}${first}${second}Q\n`, stood.paths)).toBeUndefined();
  });

  it('makes the form of a drawing whose long paths svg-to-pdfkit draws into a group of their own as it draws them', async () => {
    await loadPrintLibraries();
    // a group with an opacity is drawn into a transparency group: the stand-ins are not in the page's content
    const svg = drawing().replace('<g transform="translate(0,0)">', '<g transform="translate(0,0)" opacity="0.5">');
    const fragment = await drawnFragment({ svg, width: 300, height: 200, x: 0, y: 0 }, undefined, scratchDocument, (doc, laid) => drawSvg(doc, laid, euTheme.fonts));
    expect(zlib.inflateSync(fragment!.deflated).toString('latin1')).toBe(await scratchContent(svg));
  });

  it('makes the form of a drawing whose stand-in is lost as svg-to-pdfkit draws it', async () => {
    await loadPrintLibraries();
    const laid: LaidOutSvg = { svg: drawing(), width: 300, height: 200, x: 0, y: 0 };
    // a drawing routine that draws each path twice, as a `<use>` of it would: the stand-in comes out twice
    const twice = (doc: Parameters<typeof drawSvg>[0], svg: LaidOutSvg) => {
      drawSvg(doc, svg, euTheme.fonts);
      drawSvg(doc, svg, euTheme.fonts);
    };
    const [lost, whole] = await Promise.all([drawnFragment(laid, undefined, scratchDocument, twice), drawnFragment({ ...laid, svg: `${laid.svg}<!--9000000-->` }, undefined, scratchDocument, twice)]);
    expect(lost!.deflated.length).toBeGreaterThan(0);
    expect(lost!.deflated).toEqual(whole!.deflated);
  });
});
