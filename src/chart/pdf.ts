import type { ResolvedFonts } from '../theme/types.js';
import { printPdf } from '../print/index.js';
import type { FontFiles } from '../print/face.js';
import type { RenderedChart } from './types.js';

/** White space around a chart on its own page, in points. */
const MARGIN = 6;

/** A fixed date so the same chart always gives the same bytes. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

/** One PDF page sized to the chart, the chart drawn as vectors with its text in `fontName`. */
export async function renderChartPdf(chart: RenderedChart, fonts: ResolvedFonts, fontName: string, fontFiles: FontFiles): Promise<Buffer> {
  const width = Math.max(chart.width, 1);
  const height = Math.max(chart.height, 1);
  const definition = {
    info: { title: '', creationDate: FIXED_DATE },
    pageSize: [width + 2 * MARGIN, height + 2 * MARGIN],
    pageMargins: [MARGIN, MARGIN, MARGIN, MARGIN],
    defaultStyle: { font: fontName },
    content: [{ svg: chart.svg, width, height, font: fontName }],
  };
  return (await printPdf(definition, fonts, fontFiles)).bytes;
}
