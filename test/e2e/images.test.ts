/**
 * Pictures of a brief, end to end: PNG, JPEG and SVG from the brief's folder printed at
 * their sizes, each a Figure with its alternative text; their bytes are inputs of the
 * manifest; PDF/A-1b refuses a transparent one, and takes the others (PDFBox Preflight,
 * where installed).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { BRIEF, makeProject, parseDiagnostics, PDF, repoRoot, runCli } from '../errors/project.js';
import { readPdf } from './read-pdf.js';
import { createSession } from '../../src/pipeline/session.js';
import { buildBrief } from '../../src/pipeline/index.js';
import { tempStore } from '../helpers/store.js';

const fixtures = path.join(repoRoot, 'test/fixtures/images');
const JARS = ['preflight', 'pdfbox2', 'fontbox2', 'xmpbox', 'commons-logging', 'javax.activation', 'jaxb-api'].map((j) => `/usr/share/java/${j}.jar`);
const preflight = JARS.every((j) => fs.existsSync(j)) && spawnSync('java', ['-version']).status === 0;
if (!preflight) console.warn('skipping the PDF/A-1b validation of pictures: Java or PDFBox Preflight not found (apt-get install libpdfbox2-java libactivation-java libjaxb-api-java)');

const IMAGES = `      - type: row
        columns:
          - blocks:
              - { type: image, image: images/badge.png, alt: A yellow disc on EU blue, width: 90, caption: The badge as PNG }
          - blocks:
              - { type: image, image: images/photo.jpg, alt: The badge as a photograph, height: 30, caption: The badge as JPEG }
          - blocks:
              - { type: image, image: images/mark.svg, alt: A drawn mark, caption: The mark as SVG }
          - blocks:
              - { type: image, image: images/alpha.png, alt: A blue square, caption: A square on nothing }
      - type: chart`;

interface StructNode {
  role?: string;
  alt?: string;
  children?: StructNode[];
}

let project: string;
const brief = () => path.join(project, BRIEF, 'brief.yaml');

beforeAll(() => {
  project = makeProject('brief-images-');
  fs.cpSync(fixtures, path.join(project, BRIEF, 'images'), { recursive: true });
  fs.writeFileSync(brief(), fs.readFileSync(brief(), 'utf8').replace('      - type: chart', IMAGES));
});
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

describe('pictures', () => {
  it('prints PNG and JPEG as images and SVG as vectors, in reading order, each a Figure with its alternative text', async () => {
    const run = await runCli(['build', '--force'], project);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const bytes = fs.readFileSync(path.join(project, PDF));
    const pdf = await readPdf(new Uint8Array(bytes));
    expect(pdf.pages[0]!.images).toBe(3);
    const captions = ['The badge as PNG', 'The badge as JPEG', 'The mark as SVG', 'A square on nothing'];
    const at = captions.map((c) => pdf.pages[0]!.text.indexOf(c));
    expect(at.every((i) => i >= 0), pdf.pages[0]!.text).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));

    const doc = await getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false }).promise;
    const tree = (await (await doc.getPage(1)).getStructTree()) as StructNode;
    await doc.destroy();
    const figures: StructNode[] = [];
    const visit = (n: StructNode) => (n.role === 'Figure' && figures.push(n), n.children?.forEach(visit));
    visit(tree);
    expect(figures.map((f) => f.alt).slice(0, 4)).toEqual(['A yellow disc on EU blue', 'The badge as a photograph', 'A drawn mark', 'A blue square']);
  }, 120_000);

  it('sizes each picture as asked: a width, a height, its own size', async () => {
    const { parseMarkup } = await import('../../src/template/markup.js');
    const { assembleDocument } = await import('../../src/layout/assemble.js');
    const { materialDesignIcons } = await import('../../src/icons/mdi.js');
    const { loadTheme } = await import('../../src/theme/load.js');
    const theme = loadTheme(path.join(repoRoot, 'templates/themes/eu.yaml'), repoRoot).theme;
    const markup = '<document><page><image src="a" alt="A" width="90"/><image src="a" alt="A" height="30"/><image src="a" alt="A"/><image src="a" alt="A" width="2000"/></page></document>';
    const doc = assembleDocument(parseMarkup(markup, 'x'), {
      theme,
      icons: materialDesignIcons(),
      templateFile: 'x',
      chart: () => ({ svg: '<svg/>', width: 1, height: 1 }),
      image: () => ({ kind: 'png', dataUrl: 'data:image/png;base64,', width: 30, height: 15 }),
      info: { title: 'T', creationDate: new Date(0) },
    });
    const sizes = (doc.content[0].stack as { stack: { width: number; height: number }[] }[]).map((s) => [s.stack[0]!.width, s.stack[0]!.height]);
    const column = 595.28 - theme.page.margins[0] - theme.page.margins[2];
    expect(sizes).toEqual([[90, 45], [60, 30], [30, 15], [column, column / 2]]);
  });

  it('rebuilds when a picture\'s bytes change, and only then', async () => {
    expect((await runCli(['build'], project)).stderr).toMatch(/1 unchanged/);
    fs.copyFileSync(path.join(fixtures, 'alpha.png'), path.join(project, BRIEF, 'images/badge.png'));
    expect((await runCli(['build'], project)).stderr).toMatch(/1 built/);
    fs.copyFileSync(path.join(fixtures, 'badge.png'), path.join(project, BRIEF, 'images/badge.png'));
  }, 120_000);

  it('lays the pages out again when an SVG picture changes: a kept layout never draws it in the old box', async () => {
    const { store } = tempStore();
    const dir = path.join(project, BRIEF);
    const mark = path.join(dir, 'images/mark.svg');
    const original = fs.readFileSync(mark);
    const content = fs.readFileSync(brief(), 'utf8');
    const out = fs.mkdtempSync(path.join(project, 'out-'));
    // pages with a PNG or JPEG are never kept: the SVG alone
    fs.writeFileSync(brief(), content.replace(IMAGES, '      - { type: image, image: images/mark.svg, alt: A drawn mark }\n      - type: chart'));
    try {
      await buildBrief(dir, createSession(project, { store }), { outDir: out });
      fs.writeFileSync(mark, '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="80" viewBox="0 0 40 80"><rect width="40" height="80" fill="#039"/></svg>\n');
      const kept = await buildBrief(dir, createSession(project, { store }), { outDir: out });
      const fresh = await buildBrief(dir, createSession(project, { store: undefined }), { outDir: out });
      expect(kept.sha256).toBe(fresh.sha256);
    } finally {
      fs.writeFileSync(mark, original);
      fs.writeFileSync(brief(), content);
    }
  }, 120_000);

  it('refuses a transparent picture under PDF/A-1b, at the block that shows it', async () => {
    const run = await runCli(['build', '--force', '--pdf-standard', 'a-1b,ua-1'], project);
    expect(run.code).toBe(1);
    expect(parseDiagnostics(run.stdout + run.stderr)).toEqual([expect.objectContaining({ file: `${BRIEF}/brief.yaml`, rule: 'image-transparent', message: expect.stringContaining('`images/alpha.png` has transparent pixels') })]);
  }, 120_000);

  it.skipIf(!preflight)('prints opaque PNG, JPEG and SVG pictures as valid PDF/A-1b', async () => {
    fs.writeFileSync(brief(), fs.readFileSync(brief(), 'utf8').replace('image: images/alpha.png', 'image: images/badge.png'));
    const run = await runCli(['build', '--force', '--pdf-standard', 'a-1b,ua-1'], project);
    expect(run.code, run.stderr).toBe(0);
    const check = spawnSync('java', ['-cp', JARS.join(':'), 'org.apache.pdfbox.preflight.Validator_A1b', path.join(project, PDF)], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
  }, 120_000);
});
