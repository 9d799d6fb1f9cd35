import type { FaceName } from './face-name.js';
import type { ResolvedFonts } from './types.js';

/**
 * A family's fonts in the order they are tried for a character: its own face, then the
 * same face of each of its fallback families.
 */
export function fontChain(fonts: ResolvedFonts, family: string, face: FaceName): string[] {
  const own = fonts[family];
  if (!own) return [];
  return [own[face], ...(own.fallback ?? []).flatMap((name) => (fonts[name] ? [fonts[name][face]] : []))];
}

/**
 * The families a build reads whatever its text, with their files: every family that is
 * no other's fallback. A fallback family's files (a CJK font is some 10 MB a weight) are
 * read and hashed only when a character needs them.
 */
export function primaryFamilies(fonts: ResolvedFonts): [string, string[]][] {
  const fallbacks = new Set(fallbackFamilies(fonts));
  return Object.entries(fonts).flatMap(([family, f]) => (fallbacks.has(family) ? [] : [[family, [f.normal, f.bold, f.italics, f.bolditalics]] as [string, string[]]]));
}

/** The files of `primaryFamilies`, each once. */
export function primaryFontFiles(fonts: ResolvedFonts): string[] {
  return [...new Set(primaryFamilies(fonts).flatMap(([, files]) => files))];
}

/** The families some family falls back to, each once. */
export function fallbackFamilies(fonts: ResolvedFonts): string[] {
  return [...new Set(Object.values(fonts).flatMap((f) => f.fallback ?? []))];
}
