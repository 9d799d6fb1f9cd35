import type { FaceName } from './face-name.js';
import type { FallbackFont, ResolvedFonts } from './types.js';

/**
 * A family's fonts in the order they are tried for a character of text in `lang`: its own
 * face, then the same face of each of its fallback families that are for any language or
 * for `lang` (a family for `zh` serves `zh-Hans` too), each once.
 */
export function fontChain(fonts: ResolvedFonts, family: string, face: FaceName, lang?: string): string[] {
  const own = fonts[family];
  if (!own) return [];
  const names = (own.fallback ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : inLanguage(lang, entry.lang) ? [entry.family] : []));
  return [...new Set([own[face], ...names.flatMap((name) => (fonts[name] ? [fonts[name][face]] : []))])];
}

/** Whether text in `lang` is in `language` or one of its variants (BCP 47 prefix matching: `zh` takes `zh-Hans`). */
function inLanguage(lang: string | undefined, language: string): boolean {
  if (lang === undefined) return false;
  const [tag, wanted] = [lang.toLowerCase(), language.toLowerCase()];
  return tag === wanted || tag.startsWith(`${wanted}-`);
}

/** The family a fallback entry names. */
export function fallbackName(entry: FallbackFont): string {
  return typeof entry === 'string' ? entry : entry.family;
}

/**
 * A family as pdfmake names it for text in a language of its own (a run marked
 * `{lang=ja}`): the theme's family and the language, which `familyLanguage` parts.
 */
export function familyInLanguage(family: string, lang: string): string {
  return `${family}${LANGUAGE_MARK}${lang}`;
}

const LANGUAGE_MARK = '\u0000lang=';

/** A family name of `familyInLanguage` parted, or a theme's family name as it is. */
export function familyLanguage(name: string): { family: string; lang?: string } {
  const at = name.indexOf(LANGUAGE_MARK);
  return at < 0 ? { family: name } : { family: name.slice(0, at), lang: name.slice(at + LANGUAGE_MARK.length) };
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
  return [...new Set(Object.values(fonts).flatMap((f) => (f.fallback ?? []).map(fallbackName)))];
}
