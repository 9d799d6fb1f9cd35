import { isPlainPolyline, plainSubpaths } from './plain-polyline.js';
import { pdfNumber } from './pdf-number.js';

/**
 * Long polylines in a drawing (a map's outlines, thousands of points) drawn without
 * svg-to-pdfkit reading their points. svg-to-pdfkit makes objects for every command of a
 * path and measures every segment: for the China map, four fifths of the time its form
 * took. Each long path whose data is a plain polyline (the form simplify-paths writes: M,
 * L and Z with plain numbers, every subpath of some length) is handed to svg-to-pdfkit as
 * a stand-in of two points, at a place no drawing uses. svg-to-pdfkit draws the stand-in
 * with everything around it (transforms, colours, opacity, line width, joins, dashes, how
 * it fills and strokes); the stand-in's points are then replaced in the content by the
 * path's own, as the operators svg-to-pdfkit writes for them (`x y m`, `x y l`, `h`), the
 * numbers as pdfkit writes them (most as the path data has them): the content is the one
 * svg-to-pdfkit would have written.
 *
 * A drawing that paints with a gradient or pattern (sized by a path's bounds), has
 * markers (placed at a path's points), scales dashes to a path's length or keeps its
 * stroke width under a transform is drawn as it is. So is one whose stand-ins do not
 * come out once each in the page's content (a path drawn twice, or in a group of its own).
 */

/** Path data shorter than this is drawn by svg-to-pdfkit: standing in would save nothing. */
export const LONG_PATH_CHARS = 400;

/** What makes svg-to-pdfkit read a path's points for more than drawing them; and the stand-ins' coordinates, which a drawing must not have already. */
const READS_POINTS = /url\(|<use\b|marker|vector-effect|pathLength|stroke-dasharray|9000000/;

/** A drawing with its long paths stood in for, and the operators each stand-in is to be replaced by. */
export interface StoodIn {
  svg: string;
  paths: { standIn: string; operators: string }[];
}

/** `svg` with its long plain polylines stood in for; undefined when it has none, or may not. */
export function standInLongPaths(svg: string): StoodIn | undefined {
  if (READS_POINTS.test(svg)) return undefined;
  const paths: StoodIn['paths'] = [];
  let out = '';
  let from = 0;
  for (let at = svg.indexOf(' d="'); at >= 0; at = svg.indexOf(' d="', at + 1)) {
    const start = at + 4;
    const end = svg.indexOf('"', start);
    if (end < 0) break;
    if (end - start < LONG_PATH_CHARS || !svg.startsWith('<path', svg.lastIndexOf('<', at))) continue;
    const operators = polylineOperators(svg.slice(start, end));
    if (operators === undefined) continue;
    // stand-ins far from any drawing, whole numbers that pdfkit writes as they are
    const x = -9000000 - paths.length;
    paths.push({ standIn: `\n${x} -9000000 m\n${x} -9000001 l\nh\n`, operators: `\n${operators}` });
    out += `${svg.slice(from, start)}M${x},-9000000L${x},-9000001Z`;
    from = end;
  }
  return paths.length === 0 ? undefined : { svg: out + svg.slice(from), paths };
}

/** The content of a drawing of `stoodIn.svg` with each stand-in replaced; undefined when one is not there once. */
export function restoreLongPaths(content: string, paths: StoodIn['paths']): string | undefined {
  const places = paths.map(({ standIn }) => {
    const at = content.indexOf(standIn);
    return at >= 0 && content.indexOf(standIn, at + 1) < 0 ? at : -1;
  });
  if (places.includes(-1)) return undefined;
  const order = paths.map((_, i) => i).sort((a, b) => places[a]! - places[b]!);
  let out = '';
  let from = 0;
  for (const i of order) {
    out += content.slice(from, places[i]) + paths[i]!.operators;
    from = places[i]! + paths[i]!.standIn.length;
  }
  return out + content.slice(from);
}

/**
 * The operators svg-to-pdfkit writes for plain polyline data, each on a line, its numbers
 * as pdfkit writes them; undefined for other data, a number pdfkit refuses, or a subpath
 * of no length (below svg-to-pdfkit's 1e-10: it leaves such a subpath out, or draws it as
 * a dot).
 */
export function polylineOperators(d: string): string | undefined {
  if (!isPlainPolyline(d)) return undefined;
  let out = '';
  for (const { points, closed } of plainSubpaths(d)) {
    if (!hasLength(points)) return undefined;
    // `x,yLx,y…` as `x y m` and `x y l` lines
    const lines = `${points.replaceAll(',', ' ').replaceAll('L', ' l\n')} l\n`;
    const first = lines.indexOf(' l\n');
    out += `${lines.slice(0, first)} m\n${lines.slice(first + 3)}`;
    if (closed) out += 'h\n';
  }
  if (!NOT_AS_PDFKIT_WRITES.test(d)) return out;
  let refused = false;
  const written = out.replace(/-?\d+(?:\.\d+)?/g, (n) => {
    const value = Number(n);
    if (!(Math.abs(value) < 1e21)) refused = true;
    return pdfNumber(value);
  });
  return refused ? undefined : written;
}

/**
 * A plain number that pdfkit would not write as it reads: `-0`, a fraction ending in 0,
 * more than six decimals, or ten digits and more (past which rounding to six decimals may
 * not give the same number back). Others, simplify-paths' among them, are written as they are.
 */
const NOT_AS_PDFKIT_WRITES = /-0(?![.\d])|\.\d*0(?!\d)|\.\d{7}|\d{10}/;

/** Whether a subpath's points (`x,yLx,y…`) make a line of some length: 1e-10 at least, svg-to-pdfkit's least. */
function hasLength(points: string): boolean {
  let length = 0;
  let x0 = NaN;
  let y0 = NaN;
  for (let at = 0; at >= 0; ) {
    const end = points.indexOf('L', at);
    const point = points.slice(at, end < 0 ? undefined : end);
    const comma = point.indexOf(',');
    const x = Number(point.slice(0, comma));
    const y = Number(point.slice(comma + 1));
    if (at > 0) length += Math.hypot(x - x0, y - y0);
    if (length >= 1e-10) return true;
    [x0, y0] = [x, y];
    at = end < 0 ? -1 : end + 1;
  }
  return false;
}
