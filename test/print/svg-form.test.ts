import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pdfkitLibrary } from '../../src/print/libraries.js';
import { documentBytes } from '../../src/print/document-bytes.js';
import { placeFragment, type Fragment } from '../../src/print/svg-form.js';
import type { LaidOutSvg, PdfKitDocument } from '../../src/print/pages.js';

const content = Buffer.from(Array.from({ length: 400 }, (_, i) => `${i} ${i * 2} m ${i + 1} ${i * 3} l S`).join('\n'), 'latin1');
const svg: LaidOutSvg = { svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', width: 120, height: 80, x: 10, y: 20 };
const info = { CreationDate: new Date('2021-05-01T00:00:00Z'), Title: 'Form' };

/** A one-page document whose page sets a form made by `form`, as placeFragment sets it. */
function printed(options: { compress?: boolean }, form: (doc: PdfKitDocument) => unknown): Promise<Buffer> {
  const doc = new (pdfkitLibrary())({ ...options, size: [200, 200], margin: 0, font: null, info });
  return documentBytes(doc, () => {
    doc.addPage({ size: [200, 200], margin: 0 });
    doc.page.xobjects.Fx1 = form(doc);
    doc.addContent('/Fx1 Do');
  });
}

describe('a drawing set as a form, its content deflated beforehand', () => {
  const fragment: Fragment = { deflated: zlib.deflateSync(content), resources: {}, objects: [] };
  /** What placeFragment writes, on the document's page. */
  const placed = (doc: PdfKitDocument) => {
    placeFragment(doc, fragment, { ...svg, x: 0, y: 0 }, new Map());
    return doc.page.xobjects.Fx1 as unknown;
  };
  /** The form as pdfkit writes it when it deflates the content itself (or not, uncompressed). */
  const own = (doc: PdfKitDocument) => {
    const form = doc.ref({ Type: 'XObject', Subtype: 'Form', BBox: [0, 0, svg.width, svg.height], Resources: {} });
    form.end(content);
    return form as unknown;
  };
  const formObject = (bytes: Buffer) => /\d+ 0 obj\n<<\n\/Type \/XObject\n\/Subtype \/Form[\s\S]*?endobj/.exec(bytes.toString('latin1'))?.[0];

  it('is the very form pdfkit writes deflating the content itself', async () => {
    const [ours, pdfkits] = [formObject(await printed({}, placed)), formObject(await printed({}, own))];
    expect(ours).toBeDefined();
    expect(ours).toContain('/Filter /FlateDecode');
    expect(ours).toBe(pdfkits);
  });

  it('is written uncompressed in a document that compresses nothing, as pdfkit writes it', async () => {
    const [ours, pdfkits] = [formObject(await printed({ compress: false }, placed)), formObject(await printed({ compress: false }, own))];
    expect(ours).not.toContain('FlateDecode');
    expect(ours).toContain('0 0 m 1 0 l S');
    expect(ours).toBe(pdfkits);
  });
});
