/**
 * A chart's alternative text, made from its Vega-Lite spec and the rows it shows: what a
 * screen reader says in place of the drawing. It names the chart, says what is plotted
 * against what, then gives every category with its value(s), so a reader who cannot see
 * the bars gets the figures, not a list of labels followed by a list of numbers. A long
 * series is summarised (range, extremes, trend); a map lists each place with its note.
 */

type Row = Record<string, string | number | boolean | null>;

export interface AltTextInput {
  /** The chart's title as the page shows it. */
  title?: string;
  spec: unknown;
  /** The datasets the spec may read by name. */
  datasets: ReadonlyMap<string, { title?: string; rows: readonly Row[] }>;
  /** The document's language (BCP 47): numbers are written as it writes them (`17,9` in French). */
  language?: string;
}

/** The words of an alternative text, by primary language; English's for any other. */
interface Phrases {
  kinds: Record<string, string>;
  chart: string;
  /** `Map of AI plans`, `Chart of readings`: what a chart is of, when its values cannot be read. */
  mapOf(title?: string): string;
  chartOf(title?: string): string;
  /** `Bar chart of share by technology and region`. */
  of(kind: string, value: string, category: string, series?: string): string;
  /** A long series: how many values, first and last, direction, extremes. */
  summary(s: { count: number; first: string; last: string; trend: 'rising' | 'falling' | 'level'; low: string; high: string }): string;
  values(count: number): string;
  /** Whether a title inside a sentence starts lower case (English, French; not German nouns). */
  lowerCase: boolean;
}

const PHRASES: Record<string, Phrases> = {
  en: {
    kinds: { bar: 'Bar chart', line: 'Line chart', area: 'Area chart', point: 'Dot plot', circle: 'Dot plot', tick: 'Tick plot', rect: 'Heat map', arc: 'Pie chart' },
    chart: 'Chart',
    mapOf: (title) => (title ? `Map of ${title}` : 'Map'),
    chartOf: (title) => (title ? `Chart of ${title}` : 'Chart'),
    of: (kind, value, category, series) => `${kind} of ${value} by ${category}${series ? ` and ${series}` : ''}`,
    summary: (s) => `${s.count} values from ${s.first} to ${s.last}, ${s.trend} overall; lowest ${s.low}, highest ${s.high}`,
    values: (count) => `${count} values`,
    lowerCase: true,
  },
  fr: {
    kinds: { bar: 'Diagramme en barres', line: 'Graphique linéaire', area: 'Graphique en aires', point: 'Nuage de points', circle: 'Nuage de points', tick: 'Diagramme en traits', rect: 'Carte de chaleur', arc: 'Diagramme circulaire' },
    chart: 'Graphique',
    mapOf: (title) => (title ? `Carte – ${title}` : 'Carte'),
    chartOf: (title) => (title ? `Graphique – ${title}` : 'Graphique'),
    of: (kind, value, category, series) => `${kind} : ${value} par ${category}${series ? ` et ${series}` : ''}`,
    summary: (s) => `${s.count} valeurs de ${s.first} à ${s.last}, ${({ rising: 'en hausse', falling: 'en baisse', level: 'stable' } as const)[s.trend]} dans l’ensemble ; minimum ${s.low}, maximum ${s.high}`,
    values: (count) => `${count} valeurs`,
    lowerCase: true,
  },
  de: {
    kinds: { bar: 'Balkendiagramm', line: 'Liniendiagramm', area: 'Flächendiagramm', point: 'Punktdiagramm', circle: 'Punktdiagramm', tick: 'Strichdiagramm', rect: 'Heatmap', arc: 'Kreisdiagramm' },
    chart: 'Diagramm',
    mapOf: (title) => (title ? `Karte – ${title}` : 'Karte'),
    chartOf: (title) => (title ? `Diagramm – ${title}` : 'Diagramm'),
    of: (kind, value, category, series) => `${kind}: ${value} nach ${category}${series ? ` und ${series}` : ''}`,
    summary: (s) => `${s.count} Werte von ${s.first} bis ${s.last}, insgesamt ${({ rising: 'steigend', falling: 'fallend', level: 'gleichbleibend' } as const)[s.trend]}; niedrigster Wert ${s.low}, höchster ${s.high}`,
    values: (count) => `${count} Werte`,
    lowerCase: false,
  },
};

/** Categories beyond which a series is summarised rather than read out. */
const READ_OUT = 24;

interface Channel {
  field?: string;
  type?: string;
  title?: string | null;
  axis?: { title?: string | null } | null;
  aggregate?: string;
}

interface View {
  data: string | undefined;
  values: readonly Row[] | undefined;
  mark: string | undefined;
  encoding: Record<string, Channel>;
}

/** The number format of each language alt texts were written in: one made is kept, as making one takes ICU a few milliseconds. */
const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(language: string): Intl.NumberFormat {
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(language, { maximumFractionDigits: 20 })));
  return format;
}

export function chartAltText(input: AltTextInput): string {
  const numbers = input.language ? numberFormat(input.language) : undefined;
  const show = (v: unknown) => (typeof v === 'number' && numbers ? numbers.format(v) : String(v));
  const words = PHRASES[(input.language ?? 'en').split('-')[0]!.toLowerCase()] ?? PHRASES.en!;
  const name = (c: Channel) => channelName(c, words.lowerCase);
  const views = viewsOf(input.spec, undefined, undefined, {});
  const title = clean(input.title ?? (typeof (input.spec as { title?: unknown })?.title === 'string' ? (input.spec as { title: string }).title : ''));
  const lead = title ? `${title}. ` : '';
  const rowsOf = (view: View): readonly Row[] => view.values ?? (view.data ? (input.datasets.get(view.data)?.rows ?? []) : []);

  if (views.some((v) => v.mark === 'geoshape' || 'longitude' in v.encoding)) return lead + mapText(views, rowsOf, input, words);

  for (const view of views) {
    const found = plotted(view);
    if (!found) continue;
    const rows = rowsOf(view).filter((r) => r[found.value.field!] !== undefined && r[found.category.field!] !== undefined);
    if (rows.length === 0) continue;
    // a series made by a transform is not in the rows: read the values without it
    if (found.series && rows.some((r) => r[found.series!.field!] === undefined)) delete found.series;
    const kind = words.kinds[view.mark ?? ''] ?? words.chart;
    const what = words.of(kind, name(found.value), name(found.category), found.series ? name(found.series) : undefined);
    return `${lead}${what}: ${valuesText(rows, found, show, words)}.`;
  }
  const named = views.map((v) => (v.data ? input.datasets.get(v.data)?.title : undefined)).find(Boolean);
  return `${lead}${words.chartOf(named ? clean(named) : undefined)}.`;
}

/** Every view of a spec (layers, concatenations) with the data and encoding it inherits. */
function viewsOf(spec: unknown, data: string | undefined, values: readonly Row[] | undefined, encoding: Record<string, Channel>): View[] {
  if (!spec || typeof spec !== 'object') return [];
  const s = spec as Record<string, unknown>;
  const d = s.data as { name?: string; values?: Row[] } | undefined;
  const ownData = d?.name ?? (d && !d.values ? undefined : data);
  const ownValues = Array.isArray(d?.values) ? d!.values : d ? undefined : values;
  const merged = { ...encoding, ...((s.encoding as Record<string, Channel>) ?? {}) };
  const children = ['layer', 'hconcat', 'vconcat', 'concat'].flatMap((k) => (Array.isArray(s[k]) ? (s[k] as unknown[]) : []));
  if (s.spec) children.push(s.spec);
  const own: View[] = s.mark ? [{ data: ownData, values: ownValues, mark: typeof s.mark === 'string' ? s.mark : (s.mark as { type?: string }).type, encoding: merged }] : [];
  return [...own, ...children.flatMap((c) => viewsOf(c, ownData, ownValues, merged))];
}

interface Plotted {
  category: Channel;
  value: Channel;
  series?: Channel;
}

/** The category on one axis (or theta's colour), the value on the other, and a series by colour or offset. */
function plotted(view: View): Plotted | undefined {
  const e = view.encoding;
  const discrete = (c: Channel | undefined) => c?.field !== undefined && c.type !== 'quantitative';
  const measure = (c: Channel | undefined) => c?.field !== undefined && c.type === 'quantitative' && !c.aggregate;
  let found: Plotted | undefined;
  if (discrete(e.y) && measure(e.x)) found = { category: e.y!, value: e.x! };
  else if (discrete(e.x) && measure(e.y)) found = { category: e.x!, value: e.y! };
  else if (measure(e.theta) && discrete(e.color)) found = { category: e.color!, value: e.theta! };
  if (!found) return undefined;
  const series = [e.color, e.yOffset, e.xOffset].find((c) => discrete(c) && c!.field !== found!.category.field);
  return series ? { ...found, series } : found;
}

function valuesText(rows: readonly Row[], p: Plotted, show: (value: unknown) => string, words: Phrases): string {
  const categories = new Map<string, Row[]>();
  for (const row of rows) {
    const key = String(row[p.category.field!]);
    categories.set(key, [...(categories.get(key) ?? []), row]);
  }
  const value = (row: Row) => show(row[p.value.field!]);
  if (categories.size > READ_OUT && !p.series) return summary([...categories].map(([c, r]) => [c, Number(r[0]![p.value.field!])]), show, words);
  return [...categories]
    .map(([category, group]) => (p.series ? `${category}: ${group.map((r) => `${String(r[p.series!.field!])} ${value(r)}`).join(', ')}` : `${category}: ${group.map(value).join(', ')}`))
    .join('; ');
}

/** A long series in a sentence: how many values, where from and to, its extremes and its direction. */
function summary(series: [string, number][], show: (value: unknown) => string, words: Phrases): string {
  const finite = series.filter(([, v]) => Number.isFinite(v));
  if (finite.length === 0) return words.values(series.length);
  const low = finite.reduce((a, b) => (b[1] < a[1] ? b : a));
  const high = finite.reduce((a, b) => (b[1] > a[1] ? b : a));
  const [first, last] = [finite[0]!, finite[finite.length - 1]!];
  const trend = last[1] > first[1] ? 'rising' : last[1] < first[1] ? 'falling' : 'level';
  const at = ([c, v]: [string, number]) => `${c} (${show(v)})`;
  return words.summary({ count: series.length, first: at(first), last: at(last), trend, low: `${show(low[1])} (${low[0]})`, high: `${show(high[1])} (${high[0]})` });
}

/** A map: each place named by a text mark, with the other texts shown beside it. */
function mapText(views: View[], rowsOf: (view: View) => readonly Row[], input: AltTextInput, words: Phrases): string {
  const labelled = views.filter((v) => v.mark === 'text' && v.encoding.text?.field && rowsOf(v).length > 0);
  const first = labelled[0];
  const titled = first?.data ? input.datasets.get(first.data)?.title : undefined;
  // the dataset's title, unless it only repeats the chart's
  const datasetTitle = titled && clean(titled) !== clean(input.title ?? '') ? titled : undefined;
  const map = words.mapOf(datasetTitle ? clean(datasetTitle) : undefined);
  if (!first) return `${map}.`;
  const fields = [...new Set(labelled.filter((v) => v.data === first.data).map((v) => v.encoding.text!.field!))];
  const places = rowsOf(first).map((row) => fields.map((f) => clean(String(row[f] ?? ''))).filter(Boolean).join(': '));
  return `${map}: ${places.filter(Boolean).join('; ')}.`;
}

function channelName(c: Channel, lowerCase: boolean): string {
  const title = c.title ?? c.axis?.title;
  const words = clean(typeof title === 'string' && title ? title : c.field!);
  // a title starts a sentence; inside one it is lower case, unless it starts with a name or an acronym ("AI score"), or is German
  return lowerCase && /^\p{Lu}\p{Ll}/u.test(words) ? words[0]!.toLowerCase() + words.slice(1) : words;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\.$/, '').trim();
}
