import type { PdfKitDocument } from './pages.js';

/** A pdfkit document's bytes once `draw` has drawn it and the document is ended. */
export function documentBytes(doc: PdfKitDocument, draw: () => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw();
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
