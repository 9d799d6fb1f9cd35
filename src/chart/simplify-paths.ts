import { isPlainPolyline, plainSubpaths } from '../print/plain-polyline.js';

/**
 * Polylines in chart SVG carry far more points than print can show: the China map's
 * province outlines come to ~60,000 points 0.04 pt apart, and every one of them costs
 * time to parse and bytes to write. Points that move a line by less than `tolerance`
 * points (0.15 pt ≈ 0.05 mm, under a hairline) are dropped with Douglas–Peucker, per
 * subpath; paths with curves or arcs are left as they are.
 */
export const PATH_TOLERANCE = 0.15;

const POLYLINE = /^[MLZ0-9.,eE+\-\s]*$/;

export function simplifyPaths(svg: string, tolerance = PATH_TOLERANCE): string {
  return svg.replace(/ d="([^"]{400,})"/g, (whole, d: string) => (POLYLINE.test(d) ? ` d="${simplifyPolyline(d, tolerance)}"` : whole));
}

/** Simplify path data made of M, L and Z commands only. */
export function simplifyPolyline(d: string, tolerance: number): string {
  return isPlainPolyline(d) ? simplifyPlain(d, tolerance) : simplifyAny(d, tolerance);
}

/**
 * Path data in the plain form: each subpath's numbers are read as one JSON array, which
 * the engine parses natively, several times faster than a token at a time (the map's
 * outlines are 160,000 tokens). The numbers, and so the result, are those simplifyAny reads.
 */
function simplifyPlain(d: string, tolerance: number): string {
  let out = '';
  for (const { points, closed } of plainSubpaths(d)) {
    const xy = JSON.parse(`[${points.replaceAll('L', ',')}]`) as number[];
    out += simplified(xy, tolerance);
    if (closed) out += 'Z';
  }
  return out;
}

/** Path data of M, L and Z with numbers in any form SVG allows. */
function simplifyAny(d: string, tolerance: number): string {
  const out: string[] = [];
  const tokens = d.match(/[MLZ]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g) ?? [];
  let points: number[] = [];
  const flush = (closed: boolean) => {
    out.push(simplified(points, tolerance));
    if (closed) out.push('Z');
    points = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    // a pair after M, L or another pair is a point of the current subpath (after M, an implicit L)
    if (t === 'Z') flush(true);
    else if (t === 'M') {
      if (points.length > 0) flush(false);
    } else if (t !== 'L') points.push(Number(t), Number(tokens[++i]));
  }
  flush(false);
  return out.join('');
}

/** A subpath's points (x, y, x, y, …) simplified, as `M…L…` path data; empty for none. */
function simplified(points: number[], tolerance: number): string {
  if (points.length < 2) return '';
  const kept = douglasPeucker(points, tolerance);
  let out = '';
  for (let i = 0; i < kept.length; i++) out += `${i === 0 ? 'M' : 'L'}${round(points[2 * kept[i]!]!)},${round(points[2 * kept[i]! + 1]!)}`;
  return out;
}

function round(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Indices (into point pairs) of the points Douglas–Peucker keeps. */
function douglasPeucker(xy: number[], tolerance: number): number[] {
  const n = xy.length / 2;
  if (n <= 2) return n === 1 ? [0] : [0, 1];
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: [number, number][] = [[0, n - 1]];
  const t2 = tolerance * tolerance;
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    let worst = -1;
    let worstDistance = t2;
    const ax = xy[2 * a]!;
    const ay = xy[2 * a + 1]!;
    const dx = xy[2 * b]! - ax;
    const dy = xy[2 * b + 1]! - ay;
    const length2 = dx * dx + dy * dy;
    for (let i = a + 1; i < b; i++) {
      const px = xy[2 * i]! - ax;
      const py = xy[2 * i + 1]! - ay;
      let d2: number;
      if (length2 === 0) d2 = px * px + py * py;
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / length2));
        const ex = px - t * dx;
        const ey = py - t * dy;
        d2 = ex * ex + ey * ey;
      }
      if (d2 > worstDistance) {
        worstDistance = d2;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) kept.push(i);
  return kept;
}
