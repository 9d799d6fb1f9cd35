import type { LaidOutDocument } from './pdfmake.js';
import type { LaidOutLine, LaidOutPage, LaidOutVector, LaidOutSvg, PdfKitDocument, TextInline } from './pages.js';

/**
 * brief's renderer: pdfmake's laid-out pages drawn onto the pdfkit document they were
 * measured with, through pdfkit's public drawing API only (fonts are selected by the file
 * the layout chose them from, never by reaching into the document).
 *
 * Where it differs from pdfmake's own renderer, on purpose:
 * - a link is one annotation per line and target, over the whole run of text that
 *   carries it, not one per word;
 * - text is drawn in its colour without touching the path or opacity state between
 *   runs; a shape with an opacity below 1 is drawn inside save/restore;
 * - features brief's documents never use (images, gradients, patterns, watermarks,
 *   page references, vertical alignment in table cells) are refused by `readPages`
 *   instead of being drawn approximately.
 */
export function renderPages(laidOut: LaidOutDocument, drawSvg: (doc: PdfKitDocument, svg: LaidOutSvg) => void): void {
  const { doc, pages } = laidOut;
  for (const page of pages) {
    doc.addPage({ size: [page.pageSize.width, page.pageSize.height], margin: 0 });
    renderPage(laidOut, page, drawSvg);
  }
}

function renderPage(laidOut: LaidOutDocument, page: LaidOutPage, drawSvg: (doc: PdfKitDocument, svg: LaidOutSvg) => void): void {
  const { doc } = laidOut;
  for (const { type, item } of page.items) {
    switch (type) {
      case 'line':
        renderLine(laidOut, item as LaidOutLine);
        break;
      case 'vector':
        renderVector(doc, item as LaidOutVector);
        break;
      case 'svg':
        drawSvg(doc, item as LaidOutSvg);
        break;
      case 'beginClip': {
        const clip = item as { x: number; y: number; width: number; height: number };
        doc.save();
        doc.rect(clip.x, clip.y, clip.width, clip.height).clip();
        break;
      }
      case 'endClip':
        doc.restore();
        break;
    }
  }
}

/** A line of text: each run in its font, size and colour, on the line's common baseline. */
function renderLine(laidOut: LaidOutDocument, line: LaidOutLine): void {
  const { doc, fontFiles } = laidOut;
  const height = Math.max(0, ...line.inlines.map((inline) => inline.height));
  const ascent = Math.max(0, ...line.inlines.map((inline) => (inline.font.ascender / 1000) * inline.fontSize));
  const descent = height - ascent;
  for (const inline of line.inlines) {
    const file = fontFiles.get(inline.font);
    if (file === undefined) throw new Error('a laid-out line uses a font the layout did not provide');
    const top = line.y + height - (inline.font.ascender / 1000) * inline.fontSize - descent + shift(inline);
    doc.font(file).fontSize(inline.fontSize).fillColor(inline.color ?? '#000000');
    doc.text(inline.text, line.x + inline.x, top, {
      lineBreak: false,
      textWidth: inline.width,
      characterSpacing: inline.characterSpacing ?? 0,
      wordCount: 1,
      ...(inline.decoration === 'underline' ? { underline: true } : {}),
      ...(inline.decoration === 'lineThrough' ? { strike: true } : {}),
    });
  }
  for (const link of linkRuns(line)) doc.link(link.x, link.y, link.width, link.height, link.url);
}

/** Superscript and subscript shift the baseline, as pdfmake lays them out. */
function shift(inline: TextInline): number {
  if (inline.sup) return -inline.fontSize * 0.75;
  if (inline.sub) return inline.fontSize * 0.35;
  return 0;
}

export interface LinkRun {
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The links of a line, one per run of neighbouring inlines with the same target: a
 * reader's link is the words it covers, and a screen reader announces one link, not one
 * per word. Trailing spaces of the run's last word are not part of the link's box.
 */
export function linkRuns(line: LaidOutLine): LinkRun[] {
  const runs: LinkRun[] = [];
  const height = Math.max(0, ...line.inlines.map((inline) => inline.height));
  let current: LinkRun | undefined;
  for (const inline of line.inlines) {
    if (!inline.link) {
      current = undefined;
      continue;
    }
    const x = line.x + inline.x;
    const width = inline.width - (inline.trailingCut ?? 0);
    if (current && current.url === inline.link) {
      current.width = x + width - current.x;
    } else {
      current = { url: inline.link, x, y: line.y, width, height };
      runs.push(current);
    }
  }
  return runs;
}

/** Rectangles, rules and paths: a table's fills and borders, a `<rule>`. */
function renderVector(doc: PdfKitDocument, vector: LaidOutVector): void {
  const fillOpacity = vector.fillOpacity ?? 1;
  const strokeOpacity = vector.strokeOpacity ?? 1;
  const translucent = fillOpacity < 1 || strokeOpacity < 1;
  if (translucent) doc.save();
  doc.lineWidth(vector.lineWidth ?? 1);
  if (vector.dash) doc.dash(vector.dash.length, { space: vector.dash.space ?? vector.dash.length, phase: vector.dash.phase ?? 0 });
  else doc.undash();
  doc.lineJoin(vector.lineJoin ?? 'miter');
  doc.lineCap(vector.lineCap ?? 'butt');
  switch (vector.type) {
    case 'rect':
      if (vector.r) doc.roundedRect(vector.x, vector.y, vector.w, vector.h, vector.r);
      else doc.rect(vector.x, vector.y, vector.w, vector.h);
      break;
    case 'line':
      doc.moveTo(vector.x1, vector.y1).lineTo(vector.x2, vector.y2);
      break;
    case 'ellipse':
      doc.ellipse(vector.x, vector.y, vector.r1, vector.r2);
      break;
    case 'polyline': {
      const [first, ...rest] = vector.points;
      if (!first) break;
      doc.moveTo(first.x, first.y);
      for (const p of rest) doc.lineTo(p.x, p.y);
      const last = rest[rest.length - 1];
      if (vector.closePath || (last && last.x === first.x && last.y === first.y)) doc.closePath();
      break;
    }
    case 'path':
      doc.path(vector.d);
      break;
  }
  if (vector.color && vector.lineColor) {
    doc.fillColor(vector.color, opacity(fillOpacity)).strokeColor(vector.lineColor, opacity(strokeOpacity)).fillAndStroke();
  } else if (vector.color) {
    doc.fillColor(vector.color, opacity(fillOpacity)).fill();
  } else {
    doc.strokeColor(vector.lineColor ?? '#000000', opacity(strokeOpacity)).stroke();
  }
  if (translucent) doc.restore();
}

/** An opacity to set, or none when the shape is opaque (the state outside save/restore is always opaque). */
function opacity(value: number): number | undefined {
  return value < 1 ? value : undefined;
}
