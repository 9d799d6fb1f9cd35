import { createRequire } from 'node:module';
import { bundleExports } from '../validate/code-cache.js';

const require = createRequire(import.meta.url);

/** U+00AD: a place a word may break, drawn as a hyphen only where a line ends (print/render.ts). */
export const SOFT_HYPHEN = '\u00ad';

/** Text narrower than this (points) is hyphenated: a column, a tile, a cell; full-width text is not. */
export const NARROW_TEXT = 320;

/** Words shorter than this are never broken; nor is a word within its first three or last three letters (a stub such as "In-" reads badly, and patterns err most there). */
const MIN_WORD = 8;
const MIN_BEFORE = 3;
const MIN_AFTER = 3;

/**
 * TeX's hyphenation patterns as the `hyphen` package ships them (`hyphen/NAME`), by
 * language (BCP 47, lower case). scripts/build.mjs bundles each as `dist/hyphen-NAME.cjs`,
 * run with a code cache.
 */
export const PATTERNS: Record<string, string> = {
  en: 'en-us',
  'en-us': 'en-us',
  'en-gb': 'en-gb',
  fr: 'fr',
  de: 'de-1996',
  'de-ch': 'de-1996',
  'de-at': 'de-1996',
};

type Hyphenate = (text: string, options: { hyphenChar: string; html: boolean; minWordLength: number }) => string;
const loaded = new Map<string, Hyphenate>();

/** Whether text in `language` can be hyphenated: English, French and German. */
export function hyphenates(language: string | undefined): boolean {
  return language !== undefined && patternsOf(language) !== undefined;
}

/**
 * `text` with soft hyphens where its words may break, by the language's patterns; as it is
 * for a language without them. With `endsParagraph`, its last word stays whole: a piece of
 * a word alone on a paragraph's last line reads badly.
 */
export function hyphenate(text: string, language: string | undefined, endsParagraph = false): string {
  const module = language === undefined ? undefined : patternsOf(language);
  if (module === undefined || !/\p{L}{8}/u.test(text)) return text;
  let fn = loaded.get(module);
  if (!fn) {
    type Patterns = { hyphenateSync: Hyphenate };
    fn = (bundleExports<Patterns>(`hyphen-${module}`, import.meta.url) ?? (require(`hyphen/${module}`) as Patterns)).hyphenateSync;
    loaded.set(module, fn);
  }
  const marked = fn(text.replaceAll(SOFT_HYPHEN, ''), { hyphenChar: SOFT_HYPHEN, html: false, minWordLength: MIN_WORD }).replace(/[\p{L}\u00ad]+/gu, keepRoomyBreaks);
  return endsParagraph ? marked.replace(/[^\s]+\s*$/u, (word) => word.replaceAll(SOFT_HYPHEN, '')) : marked;
}

function patternsOf(language: string): string | undefined {
  const tag = language.toLowerCase();
  return PATTERNS[tag] ?? PATTERNS[tag.split('-')[0]!];
}

/** A word's soft hyphens but those that would leave fewer than three letters before or after. */
function keepRoomyBreaks(word: string): string {
  const letters = word.replaceAll(SOFT_HYPHEN, '').length;
  let seen = 0;
  let out = '';
  for (const c of word) {
    if (c !== SOFT_HYPHEN) {
      seen++;
      out += c;
    } else if (seen >= MIN_BEFORE && letters - seen >= MIN_AFTER) out += c;
  }
  return out;
}
