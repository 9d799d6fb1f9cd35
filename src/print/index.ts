import type { PdfNode } from '../layout/assemble.js';
import type { ResolvedFonts } from '../theme/types.js';
import type { FontFiles } from './face.js';
import type { Store } from '../store/store.js';
import { drawSvg, layOut } from './pdfmake.js';
import { renderPages } from './render.js';

export interface PrintedPdf {
  bytes: Buffer;
  pages: number;
  /** Page numbers (1-based) each node with an `id` was laid out on. */
  placements: Map<string, number[]>;
}

/**
 * Print a pdfmake document definition (consumed: pdfmake writes into it):
 *
 *   lay out (pdfmake, with brief's faces; or the pages kept under `keep.key`) → check the pages' shapes
 *     → render (brief, pdfkit's public API) → embed the faces' subsets → bytes
 *
 * Only the theme's font files are read; nothing is fetched.
 */
export async function printPdf(definition: PdfNode, fonts: ResolvedFonts, fontFiles: FontFiles, options: { keep?: { store: Store; key: string } } = {}): Promise<PrintedPdf> {
  const info = definition.info as { title: string; subject?: string; author?: string; keywords?: string; creationDate: Date };
  const language = definition.language as string | undefined;
  const laidOut = layOut(definition, fonts, {
    fontFiles,
    ...(options.keep ? { keep: options.keep } : {}),
    pdf: {
      pdfVersion: '1.3',
      compress: true,
      ...(language ? { lang: language } : {}),
      info: {
        Title: info.title,
        ...(info.author ? { Author: info.author } : {}),
        ...(info.subject ? { Subject: info.subject } : {}),
        ...(info.keywords ? { Keywords: info.keywords } : {}),
        Creator: 'brief',
        Producer: 'brief',
        CreationDate: info.creationDate,
        ModDate: info.creationDate,
      },
    },
  });
  const bytes = await collect(laidOut.doc, () => {
    renderPages(laidOut, (doc, svg) => drawSvg(doc, svg, fonts), fonts);
    for (const face of laidOut.faces()) face.embed(laidOut.doc, { cidSet: false });
  });
  fontFiles.save();
  return { bytes, pages: laidOut.pages.length, placements: laidOut.placements };
}

/** The document's bytes once `draw` has drawn it and the document is ended. */
function collect(doc: NodeJS.ReadableStream & { end(): void }, draw: () => void): Promise<Buffer> {
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
