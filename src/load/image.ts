import { svgMeasure } from '../print/svg-size.js';

/** A picture of a brief, read from its folder: its bytes, kind and natural size. */
export interface BriefImage {
  /** The path as the content writes it, relative to the brief's folder. */
  name: string;
  kind: 'png' | 'jpeg' | 'svg';
  bytes: Buffer;
  /** Natural size in points (a pixel is 0.75 pt, as at 96 dpi; an SVG's own units are points). */
  width: number;
  height: number;
  /** A PNG with an alpha channel or a transparent colour: PDF/A-1 cannot hold it. */
  transparent: boolean;
  /** A JPEG in CMYK: the document's colours are sRGB. */
  cmyk: boolean;
}

/**
 * Every picture the content shows, with its path: wherever it is (an `image` block, a
 * title band's `logo`), a picture is an object with an `image` path and its `alt` text.
 */
export function eachPicture(value: unknown, at: (string | number)[], visit: (picture: { image: string; alt: string }, at: (string | number)[]) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => eachPicture(v, [...at, i], visit));
  else if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o.image === 'string' && typeof o.alt === 'string') visit(o as { image: string; alt: string }, at);
    for (const [k, v] of Object.entries(o)) eachPicture(v, [...at, k], visit);
  }
}

/** Why a path written in the content may not name a picture of the brief, if it may not. */
export function refuseImagePath(name: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(name)) return 'a picture is a file of the brief\'s folder, not a URL';
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name)) return 'a picture\'s path is relative to the brief\'s folder, not absolute';
  if (name.split(/[\\/]/).includes('..')) return 'a picture\'s path stays inside the brief\'s folder: no `..`';
  return undefined;
}

/** The picture in `bytes`, by what its bytes are (not its name); a message when they are no PNG, JPEG or SVG, or not the kind the name says. */
export function readImage(name: string, bytes: Buffer): BriefImage | string {
  const said = /\.png$/i.test(name) ? 'png' : /\.jpe?g$/i.test(name) ? 'jpeg' : 'svg';
  const found = png(bytes) ?? jpeg(bytes) ?? svg(bytes);
  if (!found) return `\`${name}\` is not a PNG, JPEG or SVG picture that can be read`;
  if (found.kind !== said) return `\`${name}\` holds a ${found.kind.toUpperCase()} picture, not the ${said.toUpperCase()} its name says`;
  return { name, bytes, transparent: false, cmyk: false, ...found };
}

type Found = Pick<BriefImage, 'kind' | 'width' | 'height'> & Partial<Pick<BriefImage, 'transparent' | 'cmyk'>>;

const PX = 0.75;

function png(b: Buffer): Found | undefined {
  if (b.length < 33 || b.readUInt32BE(0) !== 0x89504e47 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  const colorType = b[25]!;
  let transparent = colorType === 4 || colorType === 6;
  // a tRNS chunk before the image data makes a colour transparent
  for (let at = 8; at + 8 <= b.length; ) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    if (type === 'tRNS') transparent = true;
    if (type === 'IDAT' || type === 'IEND') break;
    at += 12 + length;
  }
  return { kind: 'png', width: b.readUInt32BE(16) * PX, height: b.readUInt32BE(20) * PX, transparent };
}

function jpeg(b: Buffer): Found | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  for (let at = 2; at + 9 < b.length; ) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1]!;
    const length = b.readUInt16BE(at + 2);
    // a start of frame (SOF0…SOF15, but DHT, JPG and DAC) says the size and the colour components
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { kind: 'jpeg', height: b.readUInt16BE(at + 5) * PX, width: b.readUInt16BE(at + 7) * PX, cmyk: b[at + 9] === 4 };
    }
    at += 2 + length;
  }
  return undefined;
}

function svg(b: Buffer): Found | undefined {
  const text = b.toString('utf8');
  if (!/<svg[\s>]/.test(text)) return undefined;
  const size = svgMeasure.measureSVG(text);
  if (!size.width || !size.height) return undefined;
  return { kind: 'svg', width: size.width, height: size.height };
}
