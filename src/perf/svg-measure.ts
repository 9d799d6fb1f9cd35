/**
 * pdfmake's SVG sizing without parsing each chart twice, and not at all when the same
 * chart comes again.
 *
 * For every SVG node pdfmake parses the SVG text with xmldoc to read its size, parses it
 * again to write the size it was given, and serializes it back (svg-to-pdfkit then parses
 * that text a third time to draw it). A map's SVG is close to a megabyte. Here the first
 * parse is kept for the write, and the written text is remembered per SVG and size: a
 * chart drawn again (a rebuild, a chart cache hit, the same chart in many leaflets) costs
 * a lookup. An SVG that starts with its `<svg>` tag (every chart does) is not parsed at
 * all: its size is read from that tag, and the size is written by rewriting the tag, the
 * rest of the text passed on untouched to svg-to-pdfkit, which parses it anyway. Sizes are
 * those of pdfmake's own `SVGMeasure`, which this reproduces.
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
  const known = new Map<string, { size: { width?: number; height?: number }; parsed?: XmlDocument; root?: RootTag; written: Map<string, string> }>();

  const remember = (svg: string) => {
    let entry = known.get(svg);
    if (!entry) {
      const root = rootTag(svg);
      const parsed = root ? undefined : parseSVG(svg, XmlDocumentClass);
      entry = { size: sizeOf(root?.attr ?? parsed!.attr), parsed, root, written: new Map() };
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
    if (text === undefined && entry.root) {
      const attr = { ...entry.root.attr };
      if (typeof attr.viewBox !== 'string') attr.viewBox = `0 0 ${stripUnits(attr.width)} ${stripUnits(attr.height)}`;
      attr.width = '' + dimensions.width;
      attr.height = '' + dimensions.height;
      text = `<svg${Object.entries(attr).map(([k, v]) => ` ${k}="${escapeXml(v!)}"`).join('')}${svg.slice(entry.root.end)}`;
      entry.written.set(key, text);
    }
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

interface RootTag {
  attr: Record<string, string | undefined>;
  /** Where the root start tag's attributes end (at its `>` or `/>`). */
  end: number;
}

const ROOT = /^<svg((?:\s+[A-Za-z_:][-\w.:]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(?=\/?>)/;
const ATTRIBUTE = /([A-Za-z_:][-\w.:]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The root `<svg>` start tag of an SVG text that starts with it (what the chart stage
 * writes), read without parsing the rest: a map is close to a megabyte. Undefined for
 * anything else (a prolog, a doctype, entities other than XML's five, a repeated
 * attribute): that goes through xmldoc as in pdfmake, errors included.
 */
function rootTag(svg: string): RootTag | undefined {
  const m = ROOT.exec(svg);
  if (!m) return undefined;
  const attr: Record<string, string> = {};
  for (const [, name, double, single] of m[1]!.matchAll(ATTRIBUTE)) {
    const raw = double ?? single ?? '';
    if (Object.hasOwn(attr, name!) || /&(?!(amp|lt|gt|quot|apos);)/.test(raw)) return undefined;
    attr[name!] = raw.replace(/&(amp|lt|gt|quot|apos);/g, (_e, n: string) => ENTITIES[n]!);
  }
  return { attr, end: m[0].length };
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function sizeOf(attr: Record<string, string | undefined>): { width?: number; height?: number } {
  let width = stripUnits(attr.width);
  let height = stripUnits(attr.height);
  const viewBox = attr.viewBox;
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
