import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BRIEF, makeProject, parseDiagnostics, runCli } from '../errors/project.js';
import { readPdf } from '../e2e/read-pdf.js';
import { contentTexts, pathText, resolvePath } from '../../src/load/translation.js';
import { tempFolders } from '../helpers/temp.js';

const temp = tempFolders();

/** Every text of the small test brief, in German. */
const GERMAN = `content:
  meta.title: Ein kleines Dossier
  footer.text: "Mehr unter:"
  pages[overview].blocks[0].title: Ein kleines Dossier
  pages[overview].blocks[0].subtitle: Eine Seite, ein Diagramm
  pages[overview].blocks[1].title: Über dieses Dossier
  pages[overview].blocks[1].paragraphs[0]: 'Es dient dazu, in jedem Testfall auf eine Weise **kaputt** zu gehen – "so" eben.'
  pages[overview].blocks[2].items[0].value: "42 %"
  pages[overview].blocks[2].items[0].text: Anteil von etwas
  pages[overview].blocks[2].items[1].value: "7"
  pages[overview].blocks[2].items[1].text: Anzahl anderer Dinge
  pages[overview].blocks[3].title: Umsatz nach Region
data:
  sales:
    title: Umsatz nach Region
    source: Illustrative Daten
    columns: { region: { North: Nord, South: Süd, East: Ost } }
  targets: { source: Illustrative Daten }
`;

function project(): string {
  const root = temp.adopt(makeProject('brief-lang-'));
  fs.mkdirSync(path.join(root, BRIEF, 'lang'));
  fs.writeFileSync(path.join(root, BRIEF, 'lang/de.yaml'), GERMAN);
  return root;
}

/** Replace `find` with `replace` in `file`. */
const edit = (file: string, find: string, replace: string) => fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(find, replace));

const pdfText = async (file: string) => (await readPdf(new Uint8Array(fs.readFileSync(file)))).pages.map((p) => p.items.join(' ')).join(' ');

describe('a brief and its translations', () => {
  it('builds the source language and every translation in one process, each in its own language', async () => {
    const root = project();
    const result = await runCli(['build', '--jobs', '1'], root);
    expect(result.code, result.stderr).toBe(0);
    const [en, de] = [path.join(root, 'output/mini.pdf'), path.join(root, 'output/mini.de.pdf')];
    const german = await pdfText(de);
    for (const words of ['Ein kleines Dossier', 'Umsatz nach Region', 'Nord', 'Süd', 'Quelle: Illustrative Daten', '„so“']) expect(german).toContain(words);
    expect(german).not.toContain('North');
    expect(fs.readFileSync(de).toString('latin1')).toContain('/Lang (de)');
    const english = await pdfText(en);
    expect(english).toContain('Source: Illustrative data');
    expect(english).toContain('North');
    expect(fs.readFileSync(en).toString('latin1')).toContain('/Lang (en)');
  }, 60_000);

  it('a table filtered on a translated column keeps its rows in the translation', async () => {
    const root = project();
    edit(path.join(root, BRIEF, 'brief.yaml'), '        height: 90', '        height: 90\n      - type: table\n        data: sales\n        filter: { region: South }\n        columns:\n          - { field: region }\n          - { field: sales, format: ".1f" }');
    const result = await runCli(['build', '--lang', 'de'], root);
    expect(result.code, result.stderr).toBe(0);
    const german = await pdfText(path.join(root, 'output/mini.de.pdf'));
    expect(german).toContain('Süd');
    expect(german).toContain('8,0');
  }, 60_000);

  it('a chart spec naming a data value the translation changes must give its translation too', async () => {
    const root = project();
    edit(path.join(root, BRIEF, 'charts/sales.vl.json'), '"y": { "field": "region", "type": "nominal", "axis": { "title": null } }', '"y": { "field": "region", "type": "nominal", "axis": { "title": null }, "scale": { "domain": ["South", "North", "East"] } }');
    const broken = await runCli(['check', '--lang', 'de'], root);
    expect(broken.code, broken.stderr).toBe(1);
    expect(parseDiagnostics(broken.stderr)).toEqual([expect.objectContaining({ file: `${BRIEF}/charts/sales.vl.json`, rule: 'translation-chart-value', message: expect.stringContaining('`South` is a value of the chart\'s data, which the `de` translation writes `Süd`') }), expect.anything(), expect.anything()]);
    fs.appendFileSync(path.join(root, BRIEF, 'lang/de.yaml'), 'charts:\n  sales:\n    encoding.y.scale.domain[0]: Süd\n    encoding.y.scale.domain[1]: Nord\n    encoding.y.scale.domain[2]: Ost\n');
    const fixed = await runCli(['check', '--lang', 'de'], root);
    expect(fixed.code, fixed.stderr).toBe(0);
  }, 60_000);

  it('warns of a file in lang/ that no translation is read from', async () => {
    const root = project();
    fs.writeFileSync(path.join(root, BRIEF, 'lang/pt-br.yaml'), 'content: {}\n');
    const result = await runCli(['build', '--force'], root);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`${BRIEF}/lang/pt-br.yaml`);
    expect(result.stderr).toMatch(/warning +`pt-br\.yaml` is not read: a translation file is named by its language.*\(translation-file-name\)/);
  }, 60_000);

  it('--lang builds one language; a translation edited rebuilds that PDF only', async () => {
    const root = project();
    expect((await runCli(['build', '--lang', 'de'], root)).code).toBe(0);
    expect(fs.readdirSync(path.join(root, 'output')).filter((f) => f.endsWith('.pdf'))).toEqual(['mini.de.pdf']);
    expect((await runCli(['build'], root)).code).toBe(0);
    fs.appendFileSync(path.join(root, BRIEF, 'lang/de.yaml'), '# edited\n');
    const again = await runCli(['build'], root);
    expect(again.stderr).toMatch(/built +content\/mini → output\/mini\.de\.pdf/);
    expect(again.stderr).toContain('1 built, 1 unchanged');
  }, 60_000);

  it('a translated page that does not fit says so, and where to shorten it', async () => {
    const root = project();
    const file = path.join(root, BRIEF, 'lang/de.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('pages[overview].blocks[2].items[1].text: Anzahl anderer Dinge', `pages[overview].blocks[2].items[1].text: ${'Wort '.repeat(300)}Ende`));
    const result = await runCli(['check', '--lang', 'de'], root);
    expect(result.code).toBe(1);
    const [overflow] = parseDiagnostics(result.stderr);
    expect(overflow).toMatchObject({ file: 'content/mini/brief.yaml', rule: 'page-overflow' });
    expect(overflow!.message).toMatch(/, in the `de` translation$/);
    expect(overflow!.detail.find((l) => l.startsWith('hint:'))).toContain('content/mini/lang/de.yaml');
  }, 60_000);

  it('a character without a glyph is placed in the translation that writes it', async () => {
    const root = project();
    const file = path.join(root, BRIEF, 'lang/de.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace("text: Anzahl anderer Dinge", "text: Anzahl \u{10C80} Dinge"));
    const result = await runCli(['check', '--lang', 'de'], root);
    expect(parseDiagnostics(result.stderr)).toEqual([expect.objectContaining({ file: 'content/mini/lang/de.yaml', line: 11, column: 51, rule: 'missing-glyph' })]);
  }, 60_000);

  it('a language the brief is neither written nor translated in is an error naming those it has', async () => {
    const root = project();
    const result = await runCli(['build', '--lang', 'fr'], root);
    expect(result.code).toBe(1);
    expect(parseDiagnostics(result.stderr)).toEqual([
      expect.objectContaining({ file: 'content/mini/brief.yaml', rule: 'unknown-translation', message: 'content/mini is not written or translated in `fr`: it is in `en`, `de`' }),
    ]);
  });
});

describe('translation paths', () => {
  const content = { meta: { title: 'T', language: 'en' }, pages: [{ name: 'one', blocks: [{ type: 'a', id: 'intro', title: 'x', icon: 'i' }, { type: 'b', items: ['p', 'q'] }] }] };

  it('address items by index, id or name, and say what does not resolve', () => {
    expect(resolvePath(content, 'pages[one].blocks[intro].title')).toEqual(['pages', 0, 'blocks', 0, 'title']);
    expect(resolvePath(content, 'pages[0].blocks[1].items[1]')).toEqual(['pages', 0, 'blocks', 1, 'items', 1]);
    expect(resolvePath(content, 'pages[0].blocks[2].title')).toBe('`pages[one].blocks` has 2 items');
    expect(resolvePath(content, 'pages[0].blocks[intro].text')).toBe('`pages[one].blocks[intro]` has no `text`');
    expect(resolvePath(content, 'pages..x')).toMatch(/^write a path such as/);
  });

  it('list every text, not names, icons or codes, as a translation writes their paths', () => {
    expect(contentTexts(content).map((p) => pathText(content, p))).toEqual(['meta.title', 'pages[one].blocks[intro].title', 'pages[one].blocks[1].items[0]', 'pages[one].blocks[1].items[1]']);
  });
});
