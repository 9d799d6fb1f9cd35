import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/index.js';
import { readPdf, type PdfFacts } from './read-pdf.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const link = 'https://ati.ec.europa.eu/reports/international-reports/advanced-technology-landscape-and-related-policies-china';

async function build(outDir: string): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c) => (err += String(c)));
  stdout.resume();
  const code = await run(['build', 'china', '--out', outDir], { cwd: root, stdout, stderr, env: {} });
  return { code, stderr: err };
}

/** Phrases of the page plan, page by page, that a reader must find as text. */
const PLAN: string[][] = [
  [
    'International Report on China',
    'About the Advanced Technologies for Industry (ATI) project',
    'China’s technological performance has rapidly improved in the past decade',
    'The EU27 continues to hold a higher share of global patent applications than China in many advanced technologies',
    'EU27',
    'Artificial Intelligence',
    'Illustrative data',
  ],
  [
    'China has higher capacity to develop and deploy AI compared to Europe',
    'top-down approach',
    'Provincial and municipal plans for AI development in China',
    'Liaoning Province',
    'Heilongjiang Province',
    'Jilin Province',
    'Anhui Province',
    'CNY 3.2 bn (€0.4 bn)',
    'Changzhou',
    'CNY 300 k (€38.2 k)',
    'Zhejiang Province',
    'Fujian Province',
    'At least 300 invention patents',
    'Guangdong Province',
    'Ives and Holzmann (2018)',
    'AI-Competitiveness Map',
    'Capacity to develop AI',
    '44.6',
    '32.0',
    '23.3',
  ],
  [
    'China is promoting the development of advanced technologies in Advanced Manufacturing and Robotics',
    'Made in China 2025 (中国制造2025)',
    '14th Five-Year Plan (十四五规划)',
    'Industry development.',
    '41 industrial divisions, 207 groups and 666 classes',
    'Regional specialisation.',
    'National Advanced Manufacturing Investment Fund',
    '€2.56 bn',
    '€6.39 bn',
    'National Manufacturing Transformation Upgrade Fund',
    '€18.82 bn',
    'lessons for Europe',
    'image and openness for automation and robotics',
  ],
  [
    'The Chinese government used the Covid-19 pandemic to accelerate the development of self-reliant infrastructure for new technologies',
    'Hubei',
    '6.5% by the 4th quarter of 2020',
    '16.9%',
    '19.1%',
    'industrial robots since 2019',
    'AI and Big Data technologies versus Covid-19 in China, January–May 2020',
    'Distribution of 543 applications'.toLowerCase(),
    'National Bureau of Statistics of China',
    'Number of applications',
  ],
];

describe('the China brief, built end to end', () => {
  let dir: string;
  let bytes: Buffer;
  let pdf: PdfFacts;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-e2e-'));
    const result = await build(dir);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    bytes = fs.readFileSync(path.join(dir, 'china.pdf'));
    pdf = await readPdf(new Uint8Array(bytes));
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('has four A4 pages', () => {
    expect(pdf.pages).toHaveLength(4);
    for (const page of pdf.pages) {
      expect(page.width).toBeCloseTo(595.28, 1);
      expect(page.height).toBeCloseTo(841.89, 1);
    }
  });

  it('shows the page plan’s headings and key figures on the right pages', () => {
    PLAN.forEach((phrases, i) => {
      // a word hyphenated at a line's end reads whole, as pdf.js's search joins it ("top-down" keeps its hyphen)
      const text = pdf.pages[i]!.text + '\n' + pdf.pages[i]!.text.replace(/(\p{Ll})- ?(?=\p{Ll})/gu, '$1');
      // pdf.js gives each ideograph (a place a line may break) as an item of its own
      const squash = (s: string) => s.replace(/\s+/g, '');
      for (const phrase of phrases) {
        const found = text.includes(phrase) || text.toLowerCase().includes(phrase.toLowerCase()) || (/\p{Script=Han}/u.test(phrase) && squash(text).includes(squash(phrase)));
        expect(found, `page ${i + 1} should show “${phrase}”`).toBe(true);
      }
    });
  });

  it('embeds every font it uses, the charts’ and the Chinese names’ included', () => {
    for (const page of pdf.pages) {
      expect(page.fonts.length).toBeGreaterThan(0);
      for (const font of page.fonts) {
        expect(font.embedded, `${font.name} embedded`).toBe(true);
        expect(font.name).toMatch(/^[A-Z]{6}\+(Inter|NotoSansSC)-/);
      }
    }
  });

  it('draws charts as vectors with their labels as text, no raster images', () => {
    for (const page of pdf.pages) expect(page.images).toBe(0);
    // tick and category labels from inside the charts
    expect(pdf.pages[0]!.items).toContain('Advanced Manufacturing');
    expect(pdf.pages[0]!.items).toContain('Share of global patent applications (%)');
    expect(pdf.pages[3]!.items).toContain('Big data analytics and epidemic tracking');
    expect(pdf.pages[3]!.items).toContain('Q1 2020');
    // the map is drawn: many paths on page 2
    expect(pdf.pages[1]!.paths).toBeGreaterThan(30);
  });

  it('ends every content page with the footer link as a link annotation', () => {
    for (const page of pdf.pages) {
      expect(page.text).toContain('For more information, read the full International Report');
      expect(page.links[page.links.length - 1]).toBe(link);
    }
    // and the one link of the running text, on the first page
    expect(pdf.pages.map((p) => p.links.length)).toEqual([2, 1, 1, 1]);
    expect(pdf.pages[0]!.links[0]).toBe('https://ati.ec.europa.eu/');
  });

  it('carries the brief’s metadata', () => {
    expect(pdf.info.Title).toBe('International Report on China');
    expect(String(pdf.info.Author)).toContain('European Commission');
  });

  it('is built in French and German too, every page fitting, numbers and dates as each language writes them', async () => {
    const norm = (t: string) => t.replace(/[\u00a0\u202f]/g, ' ');
    const fr = await readPdf(new Uint8Array(fs.readFileSync(path.join(dir, 'china.fr.pdf'))));
    const de = await readPdf(new Uint8Array(fs.readFileSync(path.join(dir, 'china.de.pdf'))));
    expect(fr.pages).toHaveLength(4);
    expect(de.pages).toHaveLength(4);
    expect(fr.info.Title).toBe('Rapport international sur la Chine');
    expect(de.info.Title).toBe('Internationaler Bericht über China');
    // chart axes, labels and legends in the language
    const frItems = fr.pages.map((p) => p.items.map(norm));
    expect(frItems[0]).toEqual(expect.arrayContaining(['Matériaux avancés', 'UE-27', 'Chine', '27,3', 'Part des demandes mondiales de brevets (%)']));
    expect(frItems[1]).toEqual(expect.arrayContaining(['États-Unis', '44,6', 'Province du Liaoning']));
    expect(frItems[3]).toEqual(expect.arrayContaining(['T1 2020', '+6,5 %', '−6,8 %', '10 %', 'Nombre d’applications']));
    expect(norm(fr.pages[0]!.text)).toContain('Source : Données illustratives');
    const deItems = de.pages.map((p) => p.items.map(norm));
    expect(deItems[0]).toEqual(expect.arrayContaining(['Fortgeschrittene Werkstoffe', 'EU-27', '27,3']));
    expect(deItems[1]).toEqual(expect.arrayContaining(['Vereinigte Staaten', '32,0']));
    expect(deItems[3]).toEqual(expect.arrayContaining(['Q4 2020', '+3,2 %']));
    expect(norm(de.pages[3]!.text)).toContain('„Informationsplattform für Epidemieprävention und -kontrolle“');
    for (const [file, language] of [['china.fr.pdf', 'fr'], ['china.de.pdf', 'de']]) {
      expect(fs.readFileSync(path.join(dir, file!)).toString('latin1')).toContain(`/Lang (${language})`);
    }
  });

  it('gives byte-identical PDFs when built twice from the same input', async () => {
    const again = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-e2e-again-'));
    try {
      const result = await build(again);
      expect(result.code).toBe(0);
      expect(fs.readFileSync(path.join(again, 'china.pdf')).equals(bytes)).toBe(true);
      for (const file of ['china.fr.pdf', 'china.de.pdf']) expect(fs.readFileSync(path.join(again, file)).equals(fs.readFileSync(path.join(dir, file)))).toBe(true);
    } finally {
      fs.rmSync(again, { recursive: true, force: true });
    }
  }, 120_000);
});
