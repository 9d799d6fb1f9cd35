import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { IMAGE_OPS } from '../e2e/read-pdf.js';

export interface PdfPageFacts {
  pages: number;
  /** Text items of page 1 as pdfjs extracts them, whitespace-normalized. */
  texts: string[];
  /** The same items with their drawn advance width and origin, in points. */
  items: { str: string; width: number; x: number; y: number }[];
  /** Number of raster images painted on page 1. */
  images: number;
  width: number;
  height: number;
}


/** What a reader of the PDF sees: its text as strings and whether it paints raster images. */
export async function readPdf(bytes: Uint8Array): Promise<PdfPageFacts> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    const items = content.items.flatMap((item) =>
      'str' in item && item.str.trim() !== ''
        ? [{ str: item.str.replace(/\s+/g, ' ').trim(), width: item.width, x: item.transform[4] as number, y: item.transform[5] as number }]
        : [],
    );
    const texts = items.map((i) => i.str);
    const ops = await page.getOperatorList();
    const images = ops.fnArray.filter((fn) => IMAGE_OPS.has(fn)).length;
    const [, , width, height] = page.view as [number, number, number, number];
    return { pages: doc.numPages, texts, items, images, width, height };
  } finally {
    await doc.destroy();
  }
}
