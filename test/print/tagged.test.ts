/**
 * Accessible and archival output, read back as a screen reader and an archive would:
 * pdf.js's structure tree, marked content, annotations and outline, and the catalog and
 * XMP as bytes (pdfkit writes them uncompressed).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { XmlDocument } from 'xmldoc';
import { makeProject, repoRoot } from '../errors/project.js';
import { tempFolders } from '../helpers/temp.js';

const cli = path.join(repoRoot, 'dist', 'brief.js');
const hasPdftotext = spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPdftotext) console.warn('skipping the text-extraction check: pdftotext not found (apt-get install poppler-utils)');
const temp = tempFolders();

/** `brief build` in a fresh process; the PDFs it wrote, by name. */
function build(cwd: string, args: string[] = []): Map<string, Buffer> {
  const out = temp('brief-tagged-out-');
  const run = spawnSync(process.execPath, [cli, 'build', '--force', '--out', out, ...args], { cwd, env: { ...process.env, BRIEF_STORE: path.join(out, '.store') }, encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/error|bug/i);
  expect(run.status).toBe(0);
  return new Map(fs.readdirSync(out).filter((f) => f.endsWith('.pdf')).map((f) => [f, fs.readFileSync(path.join(out, f))]));
}

interface StructNode {
  role?: string;
  alt?: string;
  type?: string;
  children?: StructNode[];
}

interface Tagged {
  trees: StructNode[];
  /** Text pdf.js finds outside any marked content, per page. */
  untagged: string[];
  artifacts: number;
  texts: string[];
  /** Each run of text drawn with the fill colour it was drawn in (`r,g,b`); a line break ends each page. */
  colored: { text: string; rgb: string }[];
  links: { url?: string; dest?: string; contents?: string }[];
  /** Named destinations the document has. */
  destinations: string[];
  outline: string[];
}

async function readTagged(bytes: Buffer): Promise<Tagged> {
  const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
  try {
    const result: Tagged = { trees: [], untagged: [], artifacts: 0, texts: [], colored: [], links: [], destinations: [], outline: [] };
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      result.trees.push((await page.getStructTree()) as StructNode);
      const content = await page.getTextContent({ includeMarkedContent: true });
      let depth = 0;
      for (const item of content.items as { type?: string; tag?: string; str?: string }[]) {
        if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps') {
          depth++;
          if (item.tag === 'Artifact') result.artifacts++;
        } else if (item.type === 'endMarkedContent') depth--;
        else if (item.str?.trim()) {
          result.texts.push(item.str.trim());
          if (depth === 0) result.untagged.push(item.str);
        }
      }
      const ops = await page.getOperatorList();
      let rgb = '0,0,0';
      ops.fnArray.forEach((fn, i) => {
        const args = ops.argsArray[i] as unknown[];
        if (fn === OPS.setFillRGBColor) rgb = Object.values(args as unknown as Record<string, number>).join(',');
        else if (fn === OPS.showText) {
          const text = (args[0] as ({ unicode?: string } | number | null)[]).map((g) => (g !== null && typeof g === 'object' ? (g.unicode ?? '') : '')).join('');
          result.colored.push({ text, rgb });
        }
      });
      result.colored.push({ text: '\n', rgb: '' });
      for (const a of (await page.getAnnotations()) as { subtype: string; url?: string; dest?: unknown; contentsObj?: { str: string } }[]) {
        if (a.subtype === 'Link') result.links.push({ ...(a.url ? { url: a.url } : {}), ...(typeof a.dest === 'string' ? { dest: a.dest } : {}), ...(a.contentsObj?.str ? { contents: a.contentsObj.str } : {}) });
      }
    }
    const walk = (items: { title: string; items: unknown[] }[] | null): string[] => (items ?? []).flatMap((i) => [i.title, ...walk(i.items as { title: string; items: unknown[] }[])]);
    result.destinations = Object.keys((await doc.getDestinations()) as Record<string, unknown>);
    result.outline = walk((await doc.getOutline()) as { title: string; items: unknown[] }[] | null);
    return result;
  } finally {
    await doc.destroy();
  }
}

function elements(trees: StructNode[]): StructNode[] {
  const out: StructNode[] = [];
  const visit = (n: StructNode) => {
    if (n.role) out.push(n);
    n.children?.forEach(visit);
  };
  trees.forEach(visit);
  return out;
}

/** The XMP packet, parsed: it must be well-formed XML. */
function xmp(bytes: Buffer): XmlDocument {
  const text = bytes.toString('latin1');
  const start = text.indexOf('<x:xmpmeta');
  const end = text.indexOf('</x:xmpmeta>') + '</x:xmpmeta>'.length;
  expect(start).toBeGreaterThan(0);
  return new XmlDocument(Buffer.from(text.slice(start, end), 'latin1').toString('utf8'));
}

describe('the China factsheet, tagged', () => {
  let pdf: Buffer;
  let tagged: Tagged;
  beforeAll(async () => {
    pdf = build(repoRoot, ['china']).get('china.pdf')!;
    tagged = await readTagged(pdf);
  }, 120_000);

  it('tags every piece of text or marks it an artifact', () => {
    expect(tagged.untagged).toEqual([]);
    expect(tagged.artifacts).toBeGreaterThan(0);
  });

  it('has exactly one H1 and skips no heading level, in reading order', () => {
    const headings = elements(tagged.trees).filter((e) => /^H\d$/.test(e.role!)).map((e) => Number(e.role!.slice(1)));
    expect(headings.filter((h) => h === 1)).toHaveLength(1);
    expect(headings[0]).toBe(1);
    headings.forEach((level, i) => {
      if (i > 0) expect(level, `heading ${i + 1}`).toBeLessThanOrEqual(headings[i - 1]! + 1);
    });
  });

  it('gives every chart a Figure whose alternative text names each category of its data', () => {
    const all = elements(tagged.trees).filter((e) => e.role === 'Figure');
    for (const f of all) expect(f.alt, 'a Figure without Alt').toBeTruthy();
    // the first is the title band's logo, the picture of the brief's folder, with the alt the content gives it
    expect(all[0]!.alt).toBe('The flag of the European Union');
    const figures = all.slice(1);
    expect(figures).toHaveLength(5);
    const alt = figures.map((f) => f.alt!).join('\n');
    const data = (name: string) => fs.readFileSync(path.join(repoRoot, 'content/china/data', name), 'utf8');
    const technologies = new Set(data('patent-shares.csv').trim().split('\n').slice(1).map((l) => l.split(',')[0]!));
    for (const t of technologies) expect(alt).toContain(`${t}: EU27`);
    for (const place of ['Heilongjiang Province', 'Changzhou', 'Anhui Province: CNY 3.2 bn']) expect(alt).toContain(place);
    for (const economy of ['United States: 44.6', 'China: 32', 'European Union: 23.3']) expect(alt).toContain(economy);
  });

  it('lets chart values copy out whole, as pdf.js reads them', () => {
    for (const value of ['17.9', '27.3', '17.2', '44.6']) expect(tagged.texts).toContain(value);
  });

  it.skipIf(!hasPdftotext)('lets chart values copy out whole, as pdftotext reads them', () => {
    const file = path.join(temp('brief-pdftotext-'), 'china.pdf');
    fs.writeFileSync(file, pdf);
    const lines = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.split(/\s+/);
    for (const value of ['17.9', '27.3', '17.2', '44.6', '−6.8%']) expect(lines).toContain(value);
  });

  it('makes each linked run one annotation with its words as /Contents, inside a Link element', () => {
    expect(tagged.links).toHaveLength(5); // a link in the text, and the footer link once a page
    for (const link of tagged.links) expect(link.url).toMatch(/^https:\/\/ati\.ec\.europa\.eu\//);
    expect(tagged.links[0]).toEqual({ url: 'https://ati.ec.europa.eu/', contents: 'ATI project' });
    for (const link of tagged.links.slice(1)) expect(link.contents).toBe(link.url);
    expect(elements(tagged.trees).filter((e) => e.role === 'Link')).toHaveLength(5);
    expect(pdf.toString('latin1').match(/\/Tabs \/S/g)).toHaveLength(4);
  });

  it('prints a link in running text in the theme\'s link colour, the footer\'s in its own style\'s', () => {
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',');
    const theme = fs.readFileSync(path.join(repoRoot, 'templates/themes/eu.yaml'), 'utf8');
    const link = /^link: \{ color: "(#[0-9a-f]{6})"/m.exec(theme)![1]!;
    const footer = /footerLink: \{[^}]*color: "(#[0-9a-f]{6})"/.exec(theme)![1]!;
    const words = tagged.colored.filter((r) => r.text.trim() === 'ATI' || r.text.trim() === 'project');
    // the linked words, and the same words unlinked in the heading above them
    expect(words.filter((r) => r.rgb === rgb(link)).map((r) => r.text.trim())).toEqual(['ATI', 'project']);
    expect(tagged.colored.filter((r) => r.text === 'https://').map((r) => r.rgb)).toEqual(Array(4).fill(rgb(footer)));
  });

  it('numbers its pages in the footer, as pagination artifacts', () => {
    expect(tagged.colored.map((r) => r.text).join('').match(/\d+ \/ \d+(?=\n)/g)).toEqual(['1 / 4', '2 / 4', '3 / 4', '4 / 4']);
    expect(tagged.untagged).toEqual([]);
    const streams = [...pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)endstream/g)].map((m) => {
      try {
        return zlib.inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    });
    expect(streams.join('\n').match(/\/Artifact <<\s*\/Type \/Pagination/g)).toHaveLength(4);
  });

  it('has an outline of its headings, in their order', () => {
    expect(tagged.outline[0]).toBe('International Report on China');
    const order = ['China has higher capacity to develop and deploy AI compared to Europe', 'AI-Competitiveness Map', 'China’s economy in 2020'];
    expect(order.map((t) => tagged.outline.indexOf(t))).toEqual([...order.map((t) => tagged.outline.indexOf(t))].sort((a, b) => a - b));
    for (const t of order) expect(tagged.outline).toContain(t);
    // one entry per heading element
    expect(tagged.outline).toHaveLength(elements(tagged.trees).filter((e) => /^H[1-6]$/.test(e.role!)).length);
  });

  it('says its language and title, and that it is PDF/A-2b and PDF/UA-1, in well-formed XMP', () => {
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/Lang \(en\)/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/); // the sRGB output intent
    const meta = xmp(pdf);
    const text = meta.toString();
    expect(text).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(text).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(text).toMatch(/<pdfuaid:part>1<\/pdfuaid:part>/);
    expect(text).toMatch(/<pdfaSchema:prefix>pdfuaid<\/pdfaSchema:prefix>/);
    expect(text).toContain('International Report on China');
  });
});

describe('standards and metadata', () => {
  it('keeps the XMP well-formed for a title with & and <, and says the title exactly', async () => {
    const project = makeProject('brief-xmp-');
    temp.adopt(project);
    const yaml = path.join(project, 'content/mini/brief.yaml');
    fs.writeFileSync(yaml, fs.readFileSync(yaml, 'utf8').replace('title: A small brief', 'title: "Trade & growth <2021>"'));
    const pdf = build(project).get('mini.pdf')!;
    const meta = xmp(pdf);
    const titles: string[] = [];
    meta.eachChild(function visit(child) {
      if (child.name === 'dc:title') titles.push(child.valueWithPath('rdf:Alt.rdf:li') ?? '');
      child.eachChild(visit);
    });
    expect(titles).toEqual(['Trade & growth <2021>']);
    const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
    expect((await doc.getMetadata()).metadata?.get('dc:title')).toBe('Trade & growth <2021>');
    await doc.destroy();
  }, 60_000);

  it('builds PDF/A-1b with --pdf-standard, and no standard at all with none, tagged either way', async () => {
    const project = makeProject('brief-standards-');
    temp.adopt(project);
    const a1 = build(project, ['--pdf-standard', 'a-1b']).get('mini.pdf')!;
    expect(xmp(a1).toString()).toMatch(/<pdfaid:part>1<\/pdfaid:part>/);
    expect(a1.toString('latin1')).toMatch(/^%PDF-1\.4/);
    expect(a1.toString('latin1')).toMatch(/\/CIDSet/);
    const none = build(project, ['--pdf-standard', 'none']).get('mini.pdf')!;
    expect(none.toString('latin1')).not.toMatch(/pdfaid|pdfuaid/);
    expect((await readTagged(none)).untagged).toEqual([]);
    const bad = spawnSync(process.execPath, [cli, 'build', '--pdf-standard', 'a-1b,a-2b'], { cwd: project, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('one part of PDF/A');
  }, 90_000);

  it('tags every leaflet of a set too, its charts as Figures with their data, its table as Table, TR, TH and TD, its note as Reference and Note', async () => {
    const pdfs = build(repoRoot, ['technologies']);
    const [name, pdf] = [...pdfs].find(([n]) => n.includes('robotics'))!;
    const tagged = await readTagged(pdf);
    expect(tagged.untagged, name).toEqual([]);
    const figures = elements(tagged.trees).filter((e) => e.role === 'Figure');
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) expect(f.alt).toMatch(/EU27/);

    // the table of 2019's applications: its rows from the data, most first, header then cells in reading order
    const rows = fs.readFileSync(path.join(repoRoot, 'content/technologies/data/patents.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const expected = rows.filter(([slug, year]) => slug === 'robotics' && year === '2019').sort((a, b) => Number(b[3]) - Number(a[3]));
    expect(expected).toHaveLength(3);
    const cells = ['Region', 'Applications', ...expected.flatMap(([, , region, n]) => [region!, Number(n).toLocaleString('en')])];
    const start = tagged.texts.indexOf('Region');
    expect(tagged.texts.slice(start, start + cells.length)).toEqual(cells);
    const table = elements(tagged.trees).find((e) => e.role === 'Table')!;
    expect(table).toBeDefined();
    const shape = (n: StructNode): unknown => (n.children?.some((c) => c.role) ? { [n.role!]: n.children.filter((c) => c.role).map(shape) } : n.role);
    expect(shape(table)).toEqual({ Table: [{ TR: ['TH', 'TH'] }, ...expected.map(() => ({ TR: ['TD', 'TD'] }))] });
    // each header cell heads its column (PDF/UA's table attributes)
    expect(pdf.toString('latin1').match(/\/O \/Table\s*\/Scope \/Column/g)).toHaveLength(2);

    // the definition's note: its number raised in the text (a Reference in the paragraph), the note after the table (a Note of its Lbl and P)
    const paragraphs = elements(tagged.trees).filter((e) => e.role === 'P' && e.children?.some((c) => c.role === 'Reference'));
    expect(paragraphs).toHaveLength(1);
    const note = elements(tagged.trees).find((e) => e.role === 'Note' && e.children?.some((c) => c.role === 'Lbl'))!;
    expect(shape(note)).toEqual({ Note: ['Lbl', 'P'] });
    const at = tagged.texts.findIndex((t, i) => t === 'Technologies' && tagged.texts[i - 1] === '1');
    expect(at).toBeGreaterThan(start + cells.length);
    // the raised number links to its note, as a Link inside the Reference
    expect(tagged.links.filter((l) => l.dest)).toEqual([{ dest: 'Note 1', contents: 'Note 1' }]);
    expect(tagged.destinations).toEqual(['Note 1']);
    expect(shape(elements(tagged.trees).find((e) => e.role === 'Reference')!)).toEqual({ Reference: ['Link'] });
  }, 120_000);
});
