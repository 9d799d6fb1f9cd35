import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplate } from '../../src/template/engine.js';
import { formatDate, formatNumber, quoteContent, typographicQuotes } from '../../src/template/language.js';
import { diagnosticsOf } from '../helpers/diagnostics.js';
import { tempFolders } from '../helpers/temp.js';

const temp = tempFolders();

describe('quotation marks', () => {
  it('makes a pair of straight quotes the language\'s marks', () => {
    expect(typographicQuotes('the "Made in China 2025" plan.', 'en')).toBe('the “Made in China 2025” plan.');
    expect(typographicQuotes('le plan "Made in China 2025".', 'fr-BE')).toBe('le plan «\u00a0Made in China 2025\u00a0».');
    expect(typographicQuotes('der Plan "Made in China 2025", der', 'de')).toBe('der Plan „Made in China 2025“, der');
    expect(typographicQuotes('("quoted")', undefined)).toBe('(“quoted”)');
  });

  it('leaves quotes alone where a pair is not clear', () => {
    for (const text of ['a 5" screen', 'one "two" three"', 'x"y"', 'a "b" and c"']) expect(typographicQuotes(text, 'fr')).toBe(text);
  });

  it('reaches every string of the content, not its keys', () => {
    expect(quoteContent({ pages: [{ blocks: [{ '"k"': 'say "hi"' }] }], n: 2 }, 'de')).toEqual({ pages: [{ blocks: [{ '"k"': 'say „hi“' }] }], n: 2 });
  });
});

describe('number and date helpers', () => {
  it('write as the language does', () => {
    expect(formatNumber(1234.5, 'fr', undefined)).toBe('1\u202f234,5');
    expect(formatNumber('1234.5', 'de', 2)).toBe('1.234,50');
    expect(formatNumber(1234.5, undefined, 0)).toBe('1,235');
    expect(formatDate('2020-01-15', 'fr', 'month')).toBe('janvier 2020');
    expect(formatDate('2021-05-01', 'de', undefined)).toBe('1. Mai 2021');
    expect(formatDate('2021-05-01', 'en', 'long')).toBe('May 1, 2021');
  });

  it('are used in templates with the document\'s language, a wrong value an error at the call', () => {
    const root = temp('brief-language-');
    fs.mkdirSync(path.join(root, 'templates/t'), { recursive: true });
    fs.writeFileSync(path.join(root, 'templates/t/layout.hbs'), '<page>\n{{number value decimals=1}} {{date day style="month"}}</page>\n');
    const t = loadTemplate(root, 't');
    expect(t.render({ meta: { language: 'fr' }, value: 1234.56, day: '2020-01-01' }, () => undefined)).toContain('1\u202f234,6 janvier 2020');
    const [d] = diagnosticsOf(() => t.render({ meta: { language: 'fr' }, value: 'many', day: '2020-01-01' }, () => undefined));
    expect(d).toMatchObject({ file: 'templates/t/layout.hbs', line: 2, rule: 'template-runtime' });
    expect(d!.message).toContain('`number` needs a number, found "many"');
  });
});
