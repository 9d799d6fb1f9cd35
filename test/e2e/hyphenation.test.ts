/**
 * Hyphenation end to end: a brief with narrow columns of long words builds into a PDF
 * whose words break at a line's end with a hyphen, and read whole: in pdftotext's text
 * and in pdf.js's search.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRIEF, makeProject, PDF, runCli } from '../errors/project.js';
import { readPdf, type PdfFacts } from './read-pdf.js';
import { pdfjsFind } from './pdfjs-find.js';

const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0;
if (!hasPoppler) console.warn('skipping the pdftotext checks: poppler-utils not found (apt-get install poppler-utils)');

const PARAGRAPH =
  'Industrial automation transforms manufacturing, logistics and administration through interoperable technologies, standardisation and international cooperation between universities, laboratories and enterprises.';
const WORDS = PARAGRAPH.match(/\p{L}{8,}/gu)!;
/** The paragraph in a narrow column, in place of the brief's chart. */
const ROW = `
      - type: row
        gap: 18
        columns:
          - width: 1
            blocks:
              - type: paragraphs
                items:
                  - "${PARAGRAPH}"
          - width: 1.5
            blocks:
              - type: spacer
                height: 10
`;

let root: string;
let facts: PdfFacts;
let bytes: Uint8Array;

beforeAll(async () => {
  root = makeProject('brief-hyphens-');
  const brief = path.join(root, BRIEF, 'brief.yaml');
  fs.writeFileSync(brief, fs.readFileSync(brief, 'utf8').replace(/\n {6}- type: chart[^]*$/, ROW));
  const run = await runCli(['build', 'mini'], root);
  expect(run.code, run.stderr).toBe(0);
  bytes = new Uint8Array(fs.readFileSync(path.join(root, PDF)));
  facts = await readPdf(bytes.slice());
}, 120_000);

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('hyphenated words in a built brief', () => {
  it('break at a line’s end with a hyphen-minus', () => {
    const items = facts.pages[0]!.items;
    const broken = items.filter((item) => /\p{Ll}-$/u.test(item));
    expect(broken.length, items.join(' | ')).toBeGreaterThan(0);
    expect(items.join('\n')).not.toContain('\u2010');
  });

  it('are found whole by pdf.js’s search, the broken ones too', async () => {
    const broken = facts.pages[0]!.items.filter((item) => /\p{Ll}-$/u.test(item)).map((item) => item.split(' ').pop()!.slice(0, -1));
    for (const word of WORDS) {
      const found = await pdfjsFind(bytes, word);
      expect(found, `“${word}”${broken.some((start) => word.startsWith(start)) ? ' (broken at a line’s end)' : ''}`).toBe(1);
    }
  });

  it.skipIf(!hasPoppler)('read whole in pdftotext', () => {
    const text = spawnSync('pdftotext', [path.join(root, PDF), '-'], { encoding: 'utf8' }).stdout;
    for (const word of WORDS) expect(text, text).toContain(word);
  });
});
