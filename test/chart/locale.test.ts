import { describe, expect, test } from 'vitest';
import { createChartEngine } from '../../src/chart/render.js';
import { chartLanguages, chartLocale } from '../../src/chart/locale.js';
import { formatNumber } from '../../src/template/language.js';
import { dataRoot, euTheme, root } from './helpers.js';

const engine = createChartEngine({ fonts: euTheme.fonts, theme: euTheme.chart, projectRoot: root });

/** A number on one axis and a month on the other, with a label on the mark, formatted by the locale. */
const spec = {
  data: { name: 'rows' },
  width: 300,
  height: 120,
  layer: [
    { mark: 'bar' },
    { mark: { type: 'text', dy: -6 }, encoding: { text: { field: 'v', type: 'quantitative', format: ',.1f' } } },
  ],
  encoding: {
    x: { field: 'month', type: 'temporal', timeUnit: 'utcyearmonth', axis: { format: '%b %Y', formatType: 'utc', values: [{ year: 2020, month: 1, utc: true }] } },
    y: { field: 'v', type: 'quantitative', axis: { format: ',.1f', values: [1234.5] } },
  },
};
const rows = [{ month: '2020-01-01', v: 1234.5 }, { month: '2020-03-01', v: 900 }];

async function texts(language: string | undefined): Promise<string[]> {
  const locale = language ? chartLocale(language) : undefined;
  const chart = await engine.render({ spec, specFile: 'charts/x.vl.json', dataRoot, datasets: { rows }, ...(locale ? { locale } : {}) });
  return [...chart.svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!.replace(/&#160;/g, '\u00a0').replace(/&nbsp;/g, '\u00a0'));
}

describe('chart locales', () => {
  test('French: a narrow no-break space groups thousands, as in its text, a comma marks decimals, months are French', async () => {
    const shown = await texts('fr');
    expect(shown).toContain('1\u202f234,5');
    expect(shown).toContain('janv. 2020');
  });

  test('French charts group thousands with the same space as French text (the `number` helper, alt text)', () => {
    const text = formatNumber(1234, 'fr', undefined);
    expect(text).toBe('1\u202f234');
    expect(chartLocale('fr')!.number.definition.thousands).toBe(text[1]);
    // where d3 and Intl agree, d3's own stays (a point in German)
    expect(chartLocale('de')!.number.definition.thousands).toBe('.');
  });

  test('German: a point groups thousands, a comma marks decimals', async () => {
    const shown = await texts('de-AT');
    expect(shown).toContain('1.234,5');
    expect(shown).toContain('Jan 2020');
  });

  test('one process, briefs in several languages: each chart in its own, none leaking into the next', async () => {
    const [fr, en, de, none] = [await texts('fr-BE'), await texts('en'), await texts('de'), await texts(undefined)];
    expect(fr).toContain('1\u202f234,5');
    expect(en).toContain('1,234.5');
    expect(en).toContain('Jan 2020');
    expect(de).toContain('1.234,5');
    expect(none).toContain('1,234.5');
    expect(none).not.toContain('1.234,5');
  });

  test('the drawn chart is kept per locale', async () => {
    const draw = (language: string) => engine.render({ spec, specFile: 'charts/x.vl.json', dataRoot, datasets: { rows }, locale: chartLocale(language)! });
    expect((await draw('fr')).key).not.toBe((await draw('de')).key);
  });

  test('tags map to the nearest definitions; an unknown language has none', () => {
    expect(chartLocale('fr')).toMatchObject({ number: { name: 'fr-FR' }, time: { name: 'fr-FR' } });
    expect(chartLocale('fr-CA')).toMatchObject({ number: { name: 'fr-CA' } });
    expect(chartLocale('de-AT')).toMatchObject({ number: { name: 'de-DE' } });
    expect(chartLocale('en')).toMatchObject({ number: { name: 'en-US' } });
    expect(chartLocale('xx')).toBeUndefined();
    expect(chartLanguages()).toEqual(expect.arrayContaining(['de', 'en', 'fr', 'zh']));
  });
});
