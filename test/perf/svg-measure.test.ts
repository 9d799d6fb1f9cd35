import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { fasterSvgMeasure } from '../../src/perf/svg-measure.js';

const require = createRequire(import.meta.url);
const fromPdfmake = createRequire(require.resolve('pdfmake/js/Printer.js'));
const XmlDocument = fromPdfmake('xmldoc').XmlDocument as new (text: string) => { name: string; attr: Record<string, string>; children: unknown[]; toString(): string };
type Measure = { measureSVG(svg: string): { width?: number; height?: number }; writeDimensions(svg: string, d: { width: number; height: number }): string };
const SVGMeasure = fromPdfmake('./SVGMeasure.js').default as new () => Measure;

// pdfmake's own results, taken before the class is patched
const native = new SVGMeasure();
const SVGS = [
  '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><g><text x="1">A &amp; B</text></g></svg>',
  "<svg viewBox='0 0 120 80' class=\"a&lt;b\"><rect width=\"5\" height=\"5\"/></svg>",
  '<svg width="10pt" height="20pt" viewBox="0,0,10,20"/>',
  '<?xml version="1.0"?>\n<svg width="4" height="5"><path d="M0,0L1,1"/></svg>',
];
const expected = SVGS.map((svg) => ({
  size: native.measureSVG(svg),
  written: new XmlDocument(native.writeDimensions(svg, { width: 150, height: 100 })),
}));
fasterSvgMeasure(SVGMeasure as never, XmlDocument as never);

/**
 * Elements, attributes and text, without whitespace-only text: pdfmake's round trip
 * through xmldoc indents the SVG (whitespace svg-to-pdfkit then draws as spaces); the
 * rewritten root tag leaves the chart's text as the chart stage wrote it.
 */
function shape(node: unknown): unknown {
  const n = node as { name?: string; attr?: Record<string, string>; children?: unknown[]; text?: string };
  if (n.name === undefined) return n.text?.trim() ? n.text : undefined;
  return { name: n.name, attr: n.attr, children: (n.children ?? []).map(shape).filter((c) => c !== undefined) };
}

describe('SVG sizing', () => {
  it('reads the sizes pdfmake reads, and writes an SVG with the same root attributes and content', () => {
    const m = new SVGMeasure();
    SVGS.forEach((svg, i) => {
      expect(m.measureSVG(svg)).toEqual(expected[i]!.size);
      const written = new XmlDocument(m.writeDimensions(svg, { width: 150, height: 100 }));
      expect(written.attr).toEqual(expected[i]!.written.attr);
      expect(shape(written)).toEqual(shape(expected[i]!.written));
    });
  });

  it('keeps pdfmake\'s errors for text that is not an SVG', () => {
    const m = new SVGMeasure();
    expect(() => m.measureSVG('<html></html>')).toThrow(/Invalid svg document/);
    expect(() => m.measureSVG('<svg width="1"')).toThrow(/Invalid svg document/);
  });
});
