import { vi } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * How many times pdf.js's viewer finds `query` in a PDF: its own find controller, which
 * normalizes the extracted text as a reader's search box does (a line ending in "-"
 * joined to the next). The viewer's module reads a few browser globals as it loads:
 * they are stubbed while it loads and runs, and restored after.
 */
export async function pdfjsFind(bytes: Uint8Array, query: string): Promise<number> {
  vi.stubGlobal('document', { documentElement: { style: {} }, createElement: () => ({ style: {} }) });
  vi.stubGlobal('window', { requestAnimationFrame: () => 0 });
  vi.stubGlobal('navigator', { userAgent: '', platform: '', maxTouchPoints: 1 });
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  try {
    const { EventBus, PDFFindController } = await import('pdfjs-dist/legacy/web/pdf_viewer.mjs');
    const eventBus = new EventBus();
    // what the controller asks of a link service: the pages there are and the one shown
    const finder = new PDFFindController({ eventBus, linkService: { pagesCount: doc.numPages, page: 1 } as never, updateMatchesCountOnProgress: false });
    finder.setDocument(doc);
    return await new Promise<number>((resolve) => {
      // told once every page was searched
      eventBus.on('updatefindmatchescount', ({ matchesCount }: { matchesCount: { total: number } }) => resolve(matchesCount.total));
      eventBus.dispatch('find', { source: null, type: '', query, caseSensitive: false, entireWord: false, highlightAll: true, findPrevious: false, matchDiacritics: false });
    });
  } finally {
    await doc.destroy();
    vi.unstubAllGlobals();
  }
}
