/**
 * Writing in the document's language: its quotation marks, and the `number` and `date`
 * helpers of templates (Intl, with Node's full ICU data).
 */

const NBSP = '\u00a0';

/** The few words brief itself writes on a page, by primary language; English's for any other. */
const WORDS: Record<string, { source: string; illustrative: string }> = {
  en: { source: 'Source:', illustrative: 'Illustrative data' },
  fr: { source: `Source${NBSP}:`, illustrative: 'Données illustratives' },
  de: { source: 'Quelle:', illustrative: 'Illustrative Daten' },
};

export function wordsOf(language: string | undefined): { source: string; illustrative: string } {
  return WORDS[primaryLanguage(language)] ?? WORDS.en!;
}

function primaryLanguage(language: string | undefined): string {
  return (language ?? 'en').split('-')[0]!.toLowerCase();
}

/** Opening and closing marks by primary language; English's for any other. */
const QUOTES: Record<string, [string, string]> = {
  en: ['“', '”'],
  fr: [`«${NBSP}`, `${NBSP}»`],
  de: ['„', '“'],
};

/**
 * Straight double quotes made the language's marks, where a pair is unambiguous: each
 * opening quote at the start or after a space or bracket, its closing one before a space,
 * punctuation or the end, and no other straight quote left over. Anything else (an odd
 * count, `5"` for inches) is left as written.
 */
export function typographicQuotes(text: string, language: string | undefined): string {
  if (!text.includes('"')) return text;
  const [open, close] = QUOTES[primaryLanguage(language)] ?? QUOTES.en!;
  const out = text.replace(/(^|[\s([{\u2014\u2013])"([^"\s](?:[^"]*[^"\s])?)"(?=$|[\s.,;:!?)\]}\u2014\u2013…])/g, (_m, before: string, words: string) => `${before}${open}${words}${close}`);
  return out.includes('"') ? text : out;
}

/** Every string of a content value with `typographicQuotes` applied; keys and other values as they are. */
export function quoteContent<T>(value: T, language: string | undefined): T {
  if (typeof value === 'string') return typographicQuotes(value, language) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => quoteContent(v, language)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, quoteContent(v, language)])) as T;
  }
  return value;
}

/** `{{number value}}`, `{{number value decimals=1}}`: a number as the language writes it. */
export function formatNumber(value: unknown, language: string | undefined, decimals: unknown): string {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`\`number\` needs a number, found ${JSON.stringify(value)}`);
  const digits = decimals === undefined ? {} : { minimumFractionDigits: Number(decimals), maximumFractionDigits: Number(decimals) };
  return new Intl.NumberFormat(language ?? 'en', { maximumFractionDigits: 20, ...digits }).format(n);
}

const DATE_STYLES = {
  long: { dateStyle: 'long' },
  medium: { dateStyle: 'medium' },
  short: { dateStyle: 'short' },
  month: { year: 'numeric', month: 'long' },
  year: { year: 'numeric' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** `{{date value}}`, `{{date value style="month"}}`: an ISO 8601 date as the language writes it, in UTC. */
export function formatDate(value: unknown, language: string | undefined, style: unknown): string {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value.length === 10 ? `${value}T00:00:00Z` : value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw new Error(`\`date\` needs an ISO 8601 date such as "2021-05-01", found ${JSON.stringify(value)}`);
  const name = (style ?? 'long') as string;
  if (!Object.hasOwn(DATE_STYLES, name)) throw new Error(`\`date\` style must be one of ${Object.keys(DATE_STYLES).join(', ')}, found ${JSON.stringify(style)}`);
  return new Intl.DateTimeFormat(language ?? 'en', { ...DATE_STYLES[name as keyof typeof DATE_STYLES], timeZone: 'UTC' }).format(date);
}
