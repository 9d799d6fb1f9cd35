import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/**
 * How a chart writes numbers and dates in a language: d3's locale definitions, which Vega
 * takes per view (`new View(…, { locale })`), read from the locale folders the installed
 * `d3-format` and `d3-time-format` packages ship.
 */
export interface ChartLocale {
  /** The definitions' names, e.g. `fr-FR` and `fr-FR`. */
  number: { name: string; definition: Record<string, unknown> };
  time: { name: string; definition: Record<string, unknown> };
}

const require = createRequire(import.meta.url);
const folders = { number: localeFolder('d3-format'), time: localeFolder('d3-time-format') };
const known = new Map<string, ChartLocale>();

function localeFolder(pkg: string): string {
  // the packages export only their code: their locale folder sits beside its dist/
  return path.join(path.dirname(require.resolve(pkg)), '..', 'locale');
}

function names(kind: keyof typeof folders): string[] {
  return fs
    .readdirSync(folders[kind])
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** Languages charts can be written in: those both packages have a definition for. */
export function chartLanguages(): string[] {
  const time = new Set(names('time').map(primary));
  return [...new Set(names('number').map(primary))].filter((l) => time.has(l));
}

/**
 * The definitions nearest a BCP 47 tag: the tag itself (`fr-CA`), else the language's
 * own country (`fr` and `fr-BE` → `fr-FR`, `de-AT` → `de-DE`, `en` → `en-US`), else the
 * language's first. Undefined for a language neither package has.
 */
export function chartLocale(tag: string): ChartLocale | undefined {
  let locale = known.get(tag);
  if (!locale) {
    const number = nearest(names('number'), tag);
    const time = nearest(names('time'), tag);
    if (!number || !time) return undefined;
    locale = { number: withTextsSpaces(read('number', number)), time: read('time', time) };
    known.set(tag, locale);
  }
  return locale;
}

function nearest(available: string[], tag: string): string | undefined {
  const language = primary(tag);
  const home = `${language}-${language === 'en' ? 'US' : language.toUpperCase()}`;
  const same = available.filter((n) => primary(n) === language);
  return same.find((n) => n.toLowerCase() === tag.toLowerCase()) ?? same.find((n) => n === home) ?? same[0];
}

function read(kind: keyof typeof folders, name: string): { name: string; definition: Record<string, unknown> } {
  return { name, definition: JSON.parse(fs.readFileSync(path.join(folders[kind], `${name}.json`), 'utf8')) as Record<string, unknown> };
}

/**
 * A number locale whose thousands are grouped with the space the language's text uses:
 * Intl's (the templates' `number` helper, alt text), where d3 and Intl both group with a
 * space but not the same one. French text groups with a narrow no-break space (U+202F,
 * `1 234,5`), d3's fr-FR with a no-break space (U+00A0): a page would show both.
 */
function withTextsSpaces(locale: { name: string; definition: Record<string, unknown> }): { name: string; definition: Record<string, unknown> } {
  const space = (s: unknown): s is string => typeof s === 'string' && /^[\u00a0\u202f\u2009 ]$/.test(s);
  // Intl asked only of a locale that groups with a space: its first use costs milliseconds
  if (!space(locale.definition.thousands)) return locale;
  const group = new Intl.NumberFormat(locale.name).formatToParts(1234567).find((part) => part.type === 'group')?.value;
  return space(group) && group !== locale.definition.thousands ? { ...locale, definition: { ...locale.definition, thousands: group } } : locale;
}

function primary(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}
