import { describe, expect, it } from 'vitest';
import { chartAltText } from '../../src/chart/alt-text.js';

const bars = { data: { name: 'd' }, mark: 'bar', encoding: { y: { field: 'country', type: 'nominal' }, x: { field: 'score', type: 'quantitative', title: 'Overall score' } } };

describe('alternative text of a chart', () => {
  it('names the chart, what it plots, and every category with its value', () => {
    const rows = [{ country: 'France', score: 12.5 }, { country: 'Spain', score: 9 }];
    expect(chartAltText({ title: 'Scores', spec: bars, datasets: new Map([['d', { rows }]]) })).toBe('Scores. Bar chart of overall score by country: France: 12.5; Spain: 9.');
  });

  it('writes numbers as the document\'s language does', () => {
    const rows = [{ country: 'France', score: 1234.5 }, { country: 'Spain', score: 9 }];
    const alt = (language: string) => chartAltText({ spec: bars, datasets: new Map([['d', { rows }]]), language });
    expect(alt('fr')).toContain('France: 1\u202f234,5; Spain: 9.');
    expect(alt('de')).toContain('France: 1.234,5; Spain: 9.');
    expect(alt('en')).toContain('France: 1,234.5; Spain: 9.');
  });

  it('is written in the document\'s language', () => {
    const rows = [{ country: 'France', score: 12.5 }, { country: 'Spain', score: 9 }];
    const alt = (language: string) => chartAltText({ title: 'Scores', spec: bars, datasets: new Map([['d', { rows }]]), language });
    expect(alt('fr')).toBe('Scores. Diagramme en barres : overall score par country: France: 12,5; Spain: 9.');
    expect(alt('de')).toBe('Scores. Balkendiagramm: Overall score nach country: France: 12,5; Spain: 9.');
  });

  it('reads a series by colour within each category', () => {
    const spec = { data: { name: 'd' }, layer: [{ mark: 'bar', encoding: { y: { field: 'tech', type: 'nominal' }, x: { field: 'share', type: 'quantitative' }, color: { field: 'region', type: 'nominal' } } }] };
    const rows = [{ tech: 'AI', region: 'EU', share: 11 }, { tech: 'AI', region: 'CN', share: 18 }, { tech: 'IoT', region: 'EU', share: 12 }];
    expect(chartAltText({ spec, datasets: new Map([['d', { rows }]]) })).toBe('Bar chart of share by tech and region: AI: EU 11, CN 18; IoT: EU 12.');
  });

  it('summarises a long series: its range, extremes and direction', () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({ year: String(1980 + i), value: i === 10 ? 99 : i }));
    const spec = { data: { name: 'd' }, mark: 'line', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'value', type: 'quantitative' } } };
    expect(chartAltText({ spec, datasets: new Map([['d', { rows }]]) })).toBe('Line chart of value by year: 40 values from 1980 (0) to 2019 (39), rising overall; lowest 0 (1980), highest 99 (1990).');
  });

  it('lists each place of a map with the texts shown beside it', () => {
    const spec = { layer: [{ mark: 'geoshape', data: { url: 'x.json' } }, { data: { name: 'p' }, layer: [{ mark: 'text', encoding: { text: { field: 'place' } } }, { mark: 'text', encoding: { text: { field: 'note' } } }] }] };
    const rows = [{ place: 'Anhui', note: 'Speech\ntechnology' }, { place: 'Jilin', note: '' }];
    expect(chartAltText({ title: 'Plans', spec, datasets: new Map([['p', { title: 'AI plans', rows }]]) })).toBe('Plans. Map of AI plans: Anhui: Speech technology; Jilin.');
  });

  it('says at least what the chart is of when it cannot read its values', () => {
    const spec = { data: { name: 'd' }, mark: 'rect', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'b', type: 'quantitative' } } };
    expect(chartAltText({ title: 'Heat', spec, datasets: new Map([['d', { title: 'Readings', rows: [{ a: 1, b: 2 }] }]]) })).toBe('Heat. Chart of Readings.');
  });
});
