/** A number as PDF content writes it, and pdfkit with it: at most six decimals. */
export function pdfNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`a drawing asks for the number ${n}`);
  return String(Math.round(n * 1e6) / 1e6);
}
