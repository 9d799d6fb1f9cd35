/**
 * The text of a chart's SVG, taken out to be set by brief like the rest of the page.
 *
 * svg-to-pdfkit draws an SVG's text by shaping it with pdfkit's own copy of the font: a
 * second subset of the same face, shaping that the store cannot keep, and labels that
 * copy out in pieces ("17" ".9"). Vega writes every label the same simple way: a `<text>`
 * placed by its `transform` (and its groups'), anchored by `text-anchor`, its baseline at
 * its origin, a line per `<tspan>` below the first. Those are lifted out here with where
 * they go; the rest of the SVG is drawn as before. A text inside a clipped group stays in
 * the SVG (its clip applies to it), as does any text in a shape this reader does not know.
 */

/** A 2-D affine matrix [a, b, c, d, e, f], as SVG and PDF write them. */
export type Matrix = [number, number, number, number, number, number];

export interface SvgTextLine {
  text: string;
  /** Offset from the text's origin, in the SVG's units. */
  dx: number;
  dy: number;
}

export interface SvgText {
  lines: SvgTextLine[];
  /** From the text's own space (origin on the first line's baseline) to the SVG's viewBox space. */
  matrix: Matrix;
  anchor: 'start' | 'middle' | 'end';
  family: string | undefined;
  size: number;
  weight: string | undefined;
  style: string | undefined;
  fill: string;
  opacity: number;
}

export interface SplitSvg {
  /** The SVG without the texts lifted out. */
  graphics: string;
  texts: SvgText[];
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** An SVG `transform` attribute as one matrix; undefined for one this reader does not know. */
export function parseTransform(value: string | undefined): Matrix | undefined {
  if (!value) return IDENTITY;
  let m: Matrix = IDENTITY;
  const pattern = /\s*(translate|rotate|scale|matrix)\s*\(([^)]*)\)\s*,?/gy;
  let match: RegExpExecArray | null;
  let end = 0;
  while ((match = pattern.exec(value)) !== null) {
    end = pattern.lastIndex;
    const args = match[2]!.trim().split(/[\s,]+/).filter(Boolean).map(Number);
    if (args.some((n) => !Number.isFinite(n))) return undefined;
    const [a = 0, b, c, d, e, f] = args;
    switch (match[1]) {
      case 'translate':
        m = multiply(m, [1, 0, 0, 1, a, b ?? 0]);
        break;
      case 'scale':
        m = multiply(m, [a, 0, 0, b ?? a, 0, 0]);
        break;
      case 'rotate': {
        const r = (a * Math.PI) / 180;
        const [cx, cy] = [b ?? 0, c ?? 0];
        m = multiply(m, [1, 0, 0, 1, cx, cy]);
        m = multiply(m, [Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]);
        m = multiply(m, [1, 0, 0, 1, -cx, -cy]);
        break;
      }
      case 'matrix':
        if (args.length !== 6) return undefined;
        m = multiply(m, [a, b!, c!, d!, e!, f!]);
        break;
    }
  }
  return end === value.length || value.slice(end).trim() === '' ? m : undefined;
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out.set(m[1]!, decode(m[2] ?? m[3] ?? ''));
  return out;
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e]!;
  });
}

interface Open {
  name: string;
  matrix: Matrix;
  clipped: boolean;
  /** Inherited presentation attributes. */
  inherited: Map<string, string>;
}

const INHERITED = ['font-family', 'font-size', 'font-weight', 'font-style', 'fill', 'fill-opacity', 'text-anchor'];

/** Lift Vega's texts out of an SVG; see the module comment for what stays. */
export function splitSvgText(svg: string): SplitSvg {
  const texts: SvgText[] = [];
  const cuts: [number, number][] = [];
  const stack: Open[] = [{ name: '#root', matrix: IDENTITY, clipped: false, inherited: new Map() }];
  const tags = /<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  let match: RegExpExecArray | null;
  while ((match = tags.exec(svg)) !== null) {
    const [, closing, name, rest, selfClosing] = match as unknown as [string, string, string, string, string];
    const parent = stack[stack.length - 1]!;
    if (closing) {
      if (stack.length > 1) stack.pop();
      continue;
    }
    const attrs = attributes(rest);
    if (name === 'text') {
      const close = svg.indexOf('</text>', tags.lastIndex);
      if (close < 0) break;
      const lifted = selfClosing ? undefined : liftText(attrs, parent, svg.slice(tags.lastIndex, close));
      if (lifted) {
        texts.push(lifted);
        cuts.push([match.index, close + '</text>'.length]);
      }
      tags.lastIndex = close + '</text>'.length;
      continue;
    }
    if (selfClosing) continue;
    const own = name === 'svg' ? IDENTITY : parseTransform(attrs.get('transform'));
    const inherited = new Map(parent.inherited);
    for (const key of INHERITED) if (attrs.has(key)) inherited.set(key, attrs.get(key)!);
    const opacity = Number(attrs.get('opacity') ?? 1);
    stack.push({
      name,
      matrix: own ? multiply(parent.matrix, own) : parent.matrix,
      // a group this reader cannot place, or that clips or fades its content, keeps its texts
      clipped: parent.clipped || !own || attrs.has('clip-path') || attrs.has('mask') || attrs.has('filter') || opacity !== 1 || name === 'defs' || name === 'clipPath',
      inherited,
    });
  }
  let graphics = '';
  let at = 0;
  for (const [start, end] of cuts) {
    graphics += svg.slice(at, start);
    at = end;
  }
  graphics += svg.slice(at);
  return { graphics, texts };
}

function liftText(attrs: Map<string, string>, parent: Open, body: string): SvgText | undefined {
  if (parent.clipped) return undefined;
  const own = parseTransform(attrs.get('transform'));
  if (!own) return undefined;
  for (const unknown of ['x', 'y', 'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'stroke', 'clip-path', 'style', 'class', 'letter-spacing', 'text-decoration', 'dominant-baseline', 'alignment-baseline']) {
    if (attrs.has(unknown) && !(unknown === 'x' && attrs.get(unknown) === '0') && !(unknown === 'y' && attrs.get(unknown) === '0')) return undefined;
  }
  const get = (key: string) => attrs.get(key) ?? parent.inherited.get(key);
  const size = parseFloat(get('font-size') ?? '11');
  const anchor = get('text-anchor') ?? 'start';
  if (!(size > 0) || !['start', 'middle', 'end'].includes(anchor)) return undefined;
  const lines = textLines(body);
  if (!lines) return undefined;
  const opacity = Number(attrs.get('opacity') ?? 1) * Number(get('fill-opacity') ?? 1);
  const fill = get('fill') ?? '#000000';
  if (!Number.isFinite(opacity) || !/^#([0-9a-fA-F]{3}){1,2}$/.test(fill)) return undefined;
  return {
    lines,
    matrix: multiply(parent.matrix, own),
    anchor: anchor as SvgText['anchor'],
    family: get('font-family'),
    size,
    weight: get('font-weight'),
    style: get('font-style'),
    fill,
    opacity,
  };
}

/** A text's lines: its plain content, or Vega's tspans (the first at the origin, each next `dy` below with x reset). */
function textLines(body: string): SvgTextLine[] | undefined {
  if (!body.includes('<')) return [{ text: collapse(decode(body)), dx: 0, dy: 0 }];
  const lines: SvgTextLine[] = [];
  let y = 0;
  const rest = body.replace(/<tspan\b((?:[^>"']|"[^"]*"|'[^']*')*?)(?:\/>|>([^<]*)<\/tspan>)/g, (_m, tag: string, text: string | undefined) => {
    const attrs = attributes(tag);
    for (const key of attrs.keys()) if (key !== 'x' && key !== 'dy') return '\0';
    // a later line starts again at x = 0; one without `x` would run on from the last
    if (lines.length > 0 ? attrs.get('x') !== '0' : attrs.has('x') && Number(attrs.get('x')) !== 0) return '\0';
    y += Number(attrs.get('dy') ?? 0);
    if (!Number.isFinite(y)) return '\0';
    lines.push({ text: collapse(decode(text ?? '')), dx: 0, dy: y });
    return '';
  });
  return rest.trim() === '' ? lines : undefined;
}

/** White space as SVG renders it by default: runs of it one space, none at the ends. */
function collapse(text: string): string {
  return text.replace(/[\r\n]/g, '').replace(/\t/g, ' ').replace(/ {2,}/g, ' ').trim();
}
