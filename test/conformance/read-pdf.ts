import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPageFacts {
  pages: number;
  /** Text items of page 1 as pdfjs extracts them, whitespace-normalized. */
  texts: string[];
  /** Number of raster images painted on page 1. */
  images: number;
  width: number;
  height: number;
}

const IMAGE_OPS = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintSolidColorImageMask,
  OPS.paintInlineImageXObjectGroup,
  OPS.paintImageMaskXObjectGroup,
]);

/** What a reader of the PDF sees: its text as strings and whether it paints raster images. */
export async function readPdf(bytes: Uint8Array): Promise<PdfPageFacts> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  try {
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    const texts = content.items
      .map((item) => ('str' in item ? item.str.replace(/\s+/g, ' ').trim() : ''))
      .filter((s) => s !== '');
    const ops = await page.getOperatorList();
    const images = ops.fnArray.filter((fn) => IMAGE_OPS.has(fn)).length;
    const [, , width, height] = page.view as [number, number, number, number];
    return { pages: doc.numPages, texts, images, width, height };
  } finally {
    await doc.destroy();
  }
}
