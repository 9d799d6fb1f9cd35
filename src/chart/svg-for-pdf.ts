import { simplifyPaths } from './simplify-paths.js';

/**
 * Vega's SVG adjusted for svg-to-pdfkit (pdfmake's SVG renderer). Pure: string in,
 * string out; everything else in Vega's SVG (paths, arcs, gradients, clip paths,
 * opacities, dashes, transforms, tspans, images) svg-to-pdfkit draws as it is.
 *
 * Labels that Vega hides to avoid overlaps stay in its SVG as `opacity="0"` text:
 * svg-to-pdfkit would drop them, so they become text with a fill alpha too small to
 * see. The PDF then carries every text of the chart, as Vega's SVG does, and shows
 * only the visible ones.
 *
 * Long polylines (map outlines) lose the points that print cannot show: see simplify-paths.
 */
export function svgForPdf(svg: string): string {
  return simplifyPaths(svg.replace(/<text\b[^>]*>/g, (tag) => (hasZeroOpacity(tag) ? hideText(tag) : tag)));
}

/** Alpha of hidden labels: invisible on paper and screen, still real text. */
export const HIDDEN_TEXT_ALPHA = 0.001;

function hasZeroOpacity(tag: string): boolean {
  const value = /\sopacity="([^"]*)"/.exec(tag)?.[1];
  return value !== undefined && Number(value) === 0;
}

function hideText(tag: string): string {
  const rest = tag
    .replace(/\s(opacity|fill-opacity|stroke-opacity|stroke)="[^"]*"/g, '')
    .replace(/^<text\b/, '');
  return `<text fill-opacity="${HIDDEN_TEXT_ALPHA}"${rest}`;
}
