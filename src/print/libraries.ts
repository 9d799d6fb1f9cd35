import { createRequire } from 'node:module';
import type * as fontkit from 'fontkit';
import type { PdfKitDocument } from './pages.js';
import { bundleExports } from '../validate/code-cache.js';

/**
 * The printing libraries, loaded on first use (a `brief check` that stops at a content
 * error never pays for them): from the one bundle scripts/build.mjs writes beside brief's
 * (dist/pdfmake.cjs), run with its code cache (validate/code-cache.ts), or, run from src/,
 * from the packages. As some thirty CommonJS files they took a fresh process 80-110 ms
 * to load, as one cached file 40-60. The bundle holds pdfmake's layout and the copy of
 * svg-to-pdfkit pdfmake ships (which print/pdfmake.ts takes), and pdfkit, fontkit and
 * linebreak, which they share, once.
 */
export interface PrintBundle {
  LayoutBuilder: unknown;
  svgToPdfkit: unknown;
  PDFDocument: new (options: Record<string, unknown>) => PdfKitDocument;
  fontkit: typeof fontkit;
}

const require = createRequire(import.meta.url);
/** The bundle's exports; undefined when running from src/ or without the bundle. */
export function printBundle(): PrintBundle | undefined {
  return bundleExports<PrintBundle>('pdfmake', import.meta.url);
}

/** pdfkit's document class, its package's one export. */
export function pdfkitLibrary(): PrintBundle['PDFDocument'] {
  return printBundle()?.PDFDocument ?? (require('pdfkit') as PrintBundle['PDFDocument']);
}

export function fontkitLibrary(): typeof fontkit {
  return printBundle()?.fontkit ?? (require('fontkit') as typeof fontkit);
}
