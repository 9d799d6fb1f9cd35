/** Vega's SVG adjusted for svg-to-pdfkit (pdfmake's SVG renderer). Pure: string in, string out. */
export function svgForPdf(svg: string): string {
  return svg;
}
