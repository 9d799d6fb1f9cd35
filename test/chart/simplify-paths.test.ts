import { describe, expect, it } from 'vitest';
import { simplifyPaths, simplifyPolyline } from '../../src/chart/simplify-paths.js';

describe('simplifyPolyline', () => {
  it('drops points that move the line by less than the tolerance, keeping the ends', () => {
    const dense = 'M0,0' + Array.from({ length: 99 }, (_, i) => `L${i + 1},${(i % 2) * 0.05}`).join('') + 'L100,0';
    expect(simplifyPolyline(dense, 0.15)).toBe('M0,0L100,0');
  });

  it('keeps every corner that a reader could see', () => {
    expect(simplifyPolyline('M0,0L10,0L10,10L0,10Z', 0.15)).toBe('M0,0L10,0L10,10L0,10Z');
  });

  it('reads path data as Vega writes it and in any other form SVG allows alike', () => {
    const xy = Array.from({ length: 300 }, (_, i) => [Number((i * 0.04).toFixed(2)), Math.round(Math.sin(i / 30) * 20000) / 1000] as const);
    const rings = [xy.slice(0, 150), xy.slice(150)];
    const plain = rings.map((ring, r) => `M${ring.map(([x, y]) => `${x},${y}`).join('L')}${r === 0 ? 'Z' : ''}`).join('');
    // the same numbers with spaces, an implicit L after M, signs, exponents and leading dots
    const number = (v: number, i: number) => (i % 3 === 0 ? `${v}e0` : i % 3 === 1 && v >= 0 ? `+${v}` : String(v).replace(/^(-?)0\./, '$1.'));
    const other = rings
      .map((ring, r) => `M ${ring.map(([x, y], i) => `${i === 0 ? '' : i === 1 ? ' ' : ' L '}${number(x, i)} ${number(y, i + 1)}`).join('')}${r === 0 ? ' Z ' : ''}`)
      .join('');
    expect(other).not.toBe(plain);
    expect(simplifyPolyline(other, 0.15)).toBe(simplifyPolyline(plain, 0.15));
    expect(simplifyPolyline(plain, 0.15)).toMatch(/^M[\d.,-]+(L[\d.,-]+)+ZM[\d.,-]+(L[\d.,-]+)+$/);
  });

  it('simplifies a path of millions of points, too long for the plain form’s pattern to tell', () => {
    const points = Array.from({ length: 2_000_000 }, (_, i) => `L${(i * 0.001).toFixed(3)},${(i % 7) * 0.01}`);
    expect(simplifyPolyline(`M0,0${points.join('')}`, 0.15)).toBe('M0,0L2000,0.01');
  });

  it('treats each subpath on its own, rings closed', () => {
    expect(simplifyPolyline('M0,0L1,0.01L2,0ZM5,5L6,5.01L7,5', 0.15)).toBe('M0,0L2,0ZM5,5L7,5');
  });
});

describe('simplifyPaths', () => {
  it('leaves short paths and paths with curves or arcs alone', () => {
    const arc = `<path d="M0,0A5,5,0,0,1,10,0${'L1,1'.repeat(200)}"/>`;
    expect(simplifyPaths(arc)).toBe(arc);
    const short = '<path d="M0,0L1,0.01L2,0"/>';
    expect(simplifyPaths(short)).toBe(short);
  });

  it('simplifies long polylines such as map outlines', () => {
    const points = Array.from({ length: 400 }, (_, i) => `L${(i * 0.04).toFixed(3)},${(Math.sin(i / 60) * 20).toFixed(3)}`).join('');
    const out = simplifyPaths(`<path d="M0,0${points}"/>`);
    expect(out.length).toBeLessThan(points.length / 4);
    expect(out).toMatch(/^<path d="M0,0L[\d.,L-]+"\/>$/);
  });
});
