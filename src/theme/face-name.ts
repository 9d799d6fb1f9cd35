import type { FontFaceFiles } from './types.js';

export type FaceName = keyof FontFaceFiles;

/** The face of a family for a CSS weight and style: bold from weight 600 up (or "bold"/"bolder"), the cut svg-to-pdfkit makes too. */
export function faceName(weight: string | number | undefined, style: string | undefined): FaceName {
  const w = String(weight ?? '').trim().toLowerCase();
  const bold = w === 'bold' || w === 'bolder' || (Number(w) >= 600 && Number(w) <= 1000);
  const italic = style === 'italic' || style === 'oblique';
  return bold ? (italic ? 'bolditalics' : 'bold') : italic ? 'italics' : 'normal';
}
