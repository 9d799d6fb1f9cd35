/** A number as JSON writes it (and Vega writes path data): `-12.345`, never `.5`, `5.`, `1e3` or `+5`. */
const PLAIN_NUMBER = '-?(?:0|[1-9]\\d*)(?:\\.\\d+)?';
const PLAIN_PAIR = `${PLAIN_NUMBER},${PLAIN_NUMBER}`;
/** Path data as Vega writes a polyline: `Mx,yLx,y…` subpaths, each closed by `Z` or not, nothing between. */
const PLAIN_POLYLINE = new RegExp(`^(?:M${PLAIN_PAIR}(?:L${PLAIN_PAIR})*Z?)+$`);

/**
 * Whether path data is a polyline in the plain form (what Vega and chart/simplify-paths
 * write); not when the pattern cannot tell (a path of a million points and more exhausts
 * the regex engine's stack).
 */
export function isPlainPolyline(d: string): boolean {
  try {
    return PLAIN_POLYLINE.test(d);
  } catch {
    return false;
  }
}

/** The subpaths of plain polyline data: each one's points (`x,yLx,y…`), and whether `Z` closes it. */
export function* plainSubpaths(d: string): Generator<{ points: string; closed: boolean }> {
  for (const subpath of d.split('M')) {
    if (subpath === '') continue;
    const closed = subpath.endsWith('Z');
    yield { points: closed ? subpath.slice(0, -1) : subpath, closed };
  }
}
