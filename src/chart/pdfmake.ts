import path from 'node:path';
import { createRequire } from 'node:module';
import type { ResolvedFonts } from '../theme/types.js';

/** The slice of pdfmake's server API the chart engine uses (pdfmake is CommonJS, untyped). */
export interface PdfMake {
  setFonts(fonts: ResolvedFonts): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (file: string) => boolean): void;
  createPdf(definition: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

const require = createRequire(import.meta.url);

/**
 * pdfmake with `fonts` installed and access limited to exactly those font files. pdfmake
 * is a process-wide singleton that reads its fonts when `createPdf` is called, so call
 * this right before each `createPdf`.
 */
export function pdfmakeWithFonts(fonts: ResolvedFonts): PdfMake {
  const pdfmake = require('pdfmake') as PdfMake;
  const allowed = new Set(Object.values(fonts).flatMap((faces) => Object.values(faces).map((f) => path.resolve(f))));
  pdfmake.setFonts(fonts);
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => allowed.has(path.resolve(file)));
  return pdfmake;
}
