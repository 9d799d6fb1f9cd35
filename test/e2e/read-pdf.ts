import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PdfPage {
  width: number;
  height: number;
  /** Text items as pdfjs extracts them, whitespace-normalized. */
  items: string[];
  /** All text of the page joined with spaces, for phrase searches across line breaks. */
  text: string;
  /** Raster images painted on the page. */
  images: number;
  /** Vector path operations painted (a chart is mostly these). */
  paths: number;
  links: string[];
  fonts: { name: string; embedded: boolean }[];
}

export interface PdfFacts {
  pages: PdfPage[];
  info: Record<string, unknown>;
}

/** pdf.js operators that paint raster images. */
export const IMAGE_OPS = new Set<number>([
  OPS.paintImageXObject,
  OPS.paintInlineImageXObject,
  OPS.paintImageMaskXObject,
  OPS.paintImageXObjectRepeat,
  OPS.paintImageMaskXObjectRepeat,
  OPS.paintSolidColorImageMask,
  OPS.paintInlineImageXObjectGroup,
  OPS.paintImageMaskXObjectGroup,
]);

/** Open a PDF with pdf.js and read what a reader and a printer would see. */
export async function readPdf(bytes: Uint8Array): Promise<PdfFacts> {
  const doc = await getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = content.items.map((item) => ('str' in item ? item.str.replace(/\s+/g, ' ').trim() : '')).filter((s) => s !== '');
      const ops = await page.getOperatorList();
      let images = 0;
      let paths = 0;
      const fontIds = new Set<string>();
      ops.fnArray.forEach((fn, i) => {
        if (IMAGE_OPS.has(fn)) images++;
        if (fn === OPS.constructPath) paths++;
        if (fn === OPS.setFont) fontIds.add(String((ops.argsArray[i] as unknown[])[0]));
      });
      const fonts = [...fontIds].map((id) => {
        const font = page.commonObjs.get(id) as { name: string; missingFile: boolean };
        return { name: font.name, embedded: !font.missingFile };
      });
      const annotations = (await page.getAnnotations()) as { subtype: string; url?: string }[];
      const [, , width, height] = page.view as [number, number, number, number];
      pages.push({
        width,
        height,
        items,
        // pdfmake breaks words after hyphens and dashes: `top-` and `down` are two items of `top-down`
        text: items.reduce((all, item) => (all === '' ? item : /[-–]$/.test(all) ? all + item : `${all} ${item}`), ''),
        images,
        paths,
        links: annotations.filter((a) => a.subtype === 'Link' && a.url).map((a) => a.url!),
        fonts,
      });
      page.cleanup();
    }
    const meta = await doc.getMetadata();
    return { pages, info: meta.info as Record<string, unknown> };
  } finally {
    await doc.destroy();
  }
}
