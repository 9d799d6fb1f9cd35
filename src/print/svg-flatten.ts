/**
 * An SVG without transparency, for PDF/A-1, which forbids it: each shape's opacity is
 * folded into its colours, as if painted over the chart's white background. A shape over
 * another shape then hides it where it would have let it show through, the price PDF/A-1
 * asks; PDF/A-2 keeps transparency and does not come here.
 */

interface Inherited {
  opacity: number;
  fillOpacity: number;
  strokeOpacity: number;
  fill: string | undefined;
  stroke: string | undefined;
}

export function flattenOpacity(svg: string): string {
  const stack: Inherited[] = [{ opacity: 1, fillOpacity: 1, strokeOpacity: 1, fill: undefined, stroke: undefined }];
  return svg.replace(/<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g, (tag, closing: string, name: string, rest: string, selfClosing: string) => {
    if (closing) {
      if (stack.length > 1 && name === 'g') stack.pop();
      return tag;
    }
    const parent = stack[stack.length - 1]!;
    const attr = (key: string) => new RegExp(`\\s${key}="([^"]*)"`).exec(rest)?.[1];
    const number = (key: string) => {
      const v = attr(key);
      return v === undefined || !Number.isFinite(Number(v)) ? 1 : Number(v);
    };
    const own: Inherited = {
      opacity: parent.opacity * number('opacity'),
      fillOpacity: name === 'g' ? parent.fillOpacity * number('fill-opacity') : number('fill-opacity') * (attr('fill-opacity') === undefined ? parent.fillOpacity : 1),
      strokeOpacity: name === 'g' ? parent.strokeOpacity * number('stroke-opacity') : number('stroke-opacity') * (attr('stroke-opacity') === undefined ? parent.strokeOpacity : 1),
      fill: attr('fill') ?? parent.fill,
      stroke: attr('stroke') ?? parent.stroke,
    };
    let out = rest.replace(/\s(opacity|fill-opacity|stroke-opacity)="[^"]*"/g, '');
    if (name === 'g' || name === 'svg') {
      if (!selfClosing && name === 'g') stack.push(own);
      return `<${name}${out}${selfClosing}>`;
    }
    const fillAlpha = own.opacity * own.fillOpacity;
    const strokeAlpha = own.opacity * own.strokeOpacity;
    out = setColour(out, 'fill', own.fill, fillAlpha);
    out = setColour(out, 'stroke', own.stroke, strokeAlpha);
    return `<${name}${out}${selfClosing}>`;
  });
}

function setColour(attrs: string, key: 'fill' | 'stroke', colour: string | undefined, alpha: number): string {
  if (alpha >= 1 || colour === undefined) return attrs;
  const blended = overWhite(colour, alpha);
  if (blended === colour) return attrs; // none, a gradient: nothing to fold
  const pattern = new RegExp(`\\s${key}="[^"]*"`);
  return pattern.test(attrs) ? attrs.replace(pattern, ` ${key}="${blended}"`) : `${attrs} ${key}="${blended}"`;
}

/** The colour of `#rgb` or `#rrggbb` as 0–255 channels. */
export function parseHex(colour: string): [number, number, number] | undefined {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  if (!m) return undefined;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** A colour folded over white at `alpha`. */
export function overWhite(colour: string, alpha: number): string {
  const rgb = parseHex(colour);
  if (!rgb || alpha >= 1) return colour;
  return `#${rgb.map((c) => Math.round(c * alpha + 255 * (1 - alpha)).toString(16).padStart(2, '0')).join('')}`;
}
