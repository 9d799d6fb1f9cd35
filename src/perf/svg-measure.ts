/**
 * pdfmake's SVG sizing without parsing each chart twice, and not at all when the same
 * chart comes again.
 *
 * For every SVG node pdfmake parses the SVG text with xmldoc to read its size, parses it
 * again to write the size it was given, and serializes it back (svg-to-pdfkit then parses
 * that text a third time to draw it). A map's SVG is close to a megabyte. Here the first
 * parse is kept for the write, and the written text is remembered per SVG and size: a
 * chart drawn again (a rebuild, a chart cache hit, the same chart in many leaflets) costs
 * a lookup. The results are those of pdfmake's own `SVGMeasure`, which this reproduces.
 */

interface XmlDocument {
  name: string;
  attr: Record<string, string | undefined>;
  toString(): string;
}

interface SvgMeasureClass {
  prototype: {
    measureSVG(svg: unknown): { width?: number; height?: number };
    writeDimensions(svg: unknown, dimensions: { width: number; height: number }): unknown;
  };
}

/** SVG texts whose parse and sized outputs are kept (oldest dropped first). */
const KEEP = 48;

const patched = new WeakSet<object>();

export function fasterSvgMeasure(SVGMeasure: SvgMeasureClass, XmlDocumentClass: new (text: string) => XmlDocument): void {
  const proto = SVGMeasure.prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  const measure = proto.measureSVG;
  const write = proto.writeDimensions;
  const known = new Map<string, { size: { width?: number; height?: number }; parsed?: XmlDocument; written: Map<string, string> }>();

  const remember = (svg: string) => {
    let entry = known.get(svg);
    if (!entry) {
      const parsed = parseSVG(svg, XmlDocumentClass);
      entry = { size: sizeOf(parsed), parsed, written: new Map() };
      known.set(svg, entry);
      if (known.size > KEEP) known.delete(known.keys().next().value!);
    }
    return entry;
  };

  proto.measureSVG = function (svg) {
    if (typeof svg !== 'string') return measure.call(this, svg);
    return { ...remember(svg).size };
  };

  proto.writeDimensions = function (svg, dimensions) {
    if (typeof svg !== 'string') return write.call(this, svg, dimensions);
    const entry = remember(svg);
    const key = `${dimensions.width}x${dimensions.height}`;
    let text = entry.written.get(key);
    if (text === undefined) {
      const doc = entry.parsed ?? parseSVG(svg, XmlDocumentClass);
      entry.parsed = undefined; // changed below: parse afresh for another size
      if (typeof doc.attr.viewBox !== 'string') doc.attr.viewBox = `0 0 ${stripUnits(doc.attr.width)} ${stripUnits(doc.attr.height)}`;
      doc.attr.width = '' + dimensions.width;
      doc.attr.height = '' + dimensions.height;
      text = doc.toString();
      entry.written.set(key, text);
    }
    return text;
  };
}

/** As pdfmake's SVGMeasure: valid XML with an <svg> root, else the same errors. */
function parseSVG(svg: string, XmlDocumentClass: new (text: string) => XmlDocument): XmlDocument {
  let doc: XmlDocument;
  try {
    doc = new XmlDocumentClass(svg);
  } catch (error) {
    throw new Error('Invalid svg document (' + String(error) + ')', { cause: error });
  }
  if (doc.name !== 'svg') throw new Error('Invalid svg document (expected <svg>)');
  return doc;
}

function sizeOf(doc: XmlDocument): { width?: number; height?: number } {
  let width = stripUnits(doc.attr.width);
  let height = stripUnits(doc.attr.height);
  const viewBox = doc.attr.viewBox;
  if ((width === undefined || height === undefined) && typeof viewBox === 'string') {
    const parts = viewBox.split(/[,\s]+/);
    if (parts.length !== 4) throw new Error("Unexpected svg viewBox format, should have 4 entries but found: '" + viewBox + "'");
    if (width === undefined) width = stripUnits(parts[2]);
    if (height === undefined) height = stripUnits(parts[3]);
  }
  return { width, height };
}

function stripUnits(text: string | undefined): number | undefined {
  const n = parseFloat(text as string);
  return typeof n !== 'number' || isNaN(n) ? undefined : n;
}
