/**
 * What the store keeps can never make a wrong PDF: builds in fresh CLI processes (as a
 * user runs them) with damaged entries of every kind, with other time zones, and with a
 * font file whose bytes changed under the same path, each give the bytes of a build with
 * an empty store, and exit 0.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeProject, repoRoot } from '../errors/project.js';
import { tempFolders } from '../helpers/temp.js';
import { readPdf } from '../e2e/read-pdf.js';

const cli = path.join(repoRoot, 'dist', 'brief.js');
const temp = tempFolders();

/** A monthly line chart: its axis labels are dates, which the process's time zone could shift. */
const MONTHLY = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  data: { name: 'monthly' },
  width: 'container',
  height: 80,
  mark: 'line',
  encoding: {
    x: { field: 'month', type: 'temporal', timeUnit: 'yearmonth', axis: { format: '%b %Y', title: null } },
    y: { field: 'value', type: 'quantitative', axis: { title: null } },
  },
};

function makeBrief(): string {
  const project = makeProject('brief-store-e2e-');
  const brief = path.join(project, 'content/mini');
  fs.writeFileSync(path.join(brief, 'charts/monthly.vl.json'), JSON.stringify(MONTHLY));
  fs.writeFileSync(path.join(brief, 'data/monthly.yaml'), 'title: Monthly\nsource: "Illustrative data"\nillustrative: true\nfile: monthly.csv\ncolumns:\n  month: { type: date }\n  value: { type: number }\n');
  fs.writeFileSync(path.join(brief, 'data/monthly.csv'), 'month,value\n2020-01-01,3\n2020-02-01,5\n2020-03-01,4\n2020-04-01,6\n');
  fs.appendFileSync(path.join(brief, 'brief.yaml'), '      - type: chart\n        chart: monthly\n        title: Monthly values\n        height: 80\n');
  return project;
}

/** `brief build --force` in a fresh process with the store in `store`; the PDF's bytes. */
function build(project: string, store: string, env: Record<string, string> = {}): Buffer {
  const out = temp('brief-store-out-');
  const run = spawnSync(process.execPath, [cli, 'build', '--force', '--jobs', '1', '--out', out], {
    cwd: project,
    env: { ...process.env, BRIEF_STORE: store, ...env },
    encoding: 'utf8',
  });
  expect(run.stderr).not.toMatch(/error|bug/i);
  expect(run.status).toBe(0);
  return fs.readFileSync(path.join(out, 'mini.pdf'));
}

/** Every entry file of a store, by kind. */
function entries(store: string): Map<string, string[]> {
  const byKind = new Map<string, string[]>();
  for (const kind of fs.readdirSync(store).filter((k) => !k.startsWith('.'))) {
    const files = fs.readdirSync(path.join(store, kind)).map((f) => path.join(store, kind, f));
    byKind.set(kind, files.filter((f) => !f.endsWith('.tmp')).sort());
  }
  return byKind;
}

const DAMAGES: Record<string, (files: string[]) => void> = {
  truncated: (files) => files.forEach((f) => fs.truncateSync(f, Math.floor(fs.statSync(f).size / 2))),
  'four flipped bytes': (files) =>
    files.forEach((f) => {
      const bytes = fs.readFileSync(f);
      for (let i = 1; i <= 4; i++) {
        const at = bytes.length - Math.ceil((i * bytes.length) / 5); // spread over the payload
        bytes[at] = bytes[at]! ^ 0x5a;
      }
      fs.writeFileSync(f, bytes);
    }),
  'swapped with another entry': (files) => {
    for (let i = 0; i + 1 < files.length; i += 2) {
      const a = fs.readFileSync(files[i]!);
      fs.copyFileSync(files[i + 1]!, files[i]!);
      fs.writeFileSync(files[i + 1]!, a);
    }
    // a kind with one entry gets a copy of another kind's entry instead
    if (files.length === 1) fs.writeFileSync(files[0]!, 'brief-store 1 other 0 0 0\n');
  },
  'of another format version': (files) =>
    files.forEach((f) => {
      const text = fs.readFileSync(f, 'latin1');
      fs.writeFileSync(f, text.replace(/^brief-store 1 /, 'brief-store 2 '), 'latin1');
    }),
};

describe('the store', () => {
  let project: string;
  let clean: Buffer;
  let filled: string;
  beforeAll(() => {
    project = makeBrief();
    clean = build(project, temp('brief-store-empty-'));
    filled = temp('brief-store-filled-');
    build(project, filled);
  }, 120_000);

  it('keeps every kind of result, and a build from it gives the bytes of a build without it', () => {
    expect([...entries(filled).keys()].sort()).toEqual(['chart', 'drawing', 'font-facts', 'font-subset', 'icon', 'layout', 'shaped-words', 'template', 'valid', 'yaml-value']);
    expect(build(project, filled).equals(clean)).toBe(true);
    expect(build(project, 'off').equals(clean)).toBe(true);
  }, 60_000);

  for (const [damage, apply] of Object.entries(DAMAGES)) {
    it(`takes entries ${damage} for misses, builds the same PDF and heals`, () => {
      const store = temp('brief-store-damaged-');
      fs.cpSync(filled, store, { recursive: true });
      for (const files of entries(store).values()) apply(files);
      expect(build(project, store).equals(clean)).toBe(true);
      // the damaged entries were made again: the store holds whole entries only
      const healed = entries(store);
      for (const [kind, files] of entries(filled)) expect(healed.get(kind)?.length, kind).toBe(files.length);
      expect(build(project, store).equals(clean)).toBe(true);
    }, 90_000);
  }

  it('prints kept pages with the charts of new data as a fresh layout would', () => {
    const edited = makeBrief();
    const csv = path.join(edited, 'content/mini/data/sales.csv');
    const store = temp('brief-store-edit-');
    build(edited, store);
    fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace('12.5', '13.5'));
    const kept = build(edited, store); // the text is the same: its pages come from the store
    expect(entries(store).get('layout')).toHaveLength(1); // one layout, used twice
    expect(entries(store).get('chart')!.length).toBeGreaterThan(entries(filled).get('chart')!.length); // the chart was drawn anew
    expect(kept.equals(build(edited, temp('brief-store-empty-')))).toBe(true);
    expect(kept.equals(clean)).toBe(false);
  }, 60_000);

  it('draws dates the same in every time zone: the CLI works in UTC', async () => {
    const store = temp('brief-store-tz-');
    const newYork = build(project, store, { TZ: 'America/New_York' });
    const tokyo = build(project, store, { TZ: 'Asia/Tokyo' });
    expect(newYork.equals(clean)).toBe(true);
    expect(tokyo.equals(clean)).toBe(true);
    // 2020-01-01 is January, not the December of a zone behind UTC
    const text = (await readPdf(new Uint8Array(clean))).pages.map((p) => p.text).join(' ');
    expect(text).toContain('Jan 2020');
    expect(text).not.toContain('Dec 2019');
  }, 60_000);
});

describe('a chart kept in the store', () => {
  it('is drawn again when the bytes of its font file change under the same path', () => {
    const dir = temp('brief-store-font-');
    const store = path.join(dir, 'store');
    const font = path.join(dir, 'chart-font.ttf');
    const spec = path.join(dir, 'bar.vl.json');
    fs.writeFileSync(spec, JSON.stringify({ data: { values: [{ a: 'Alpha', b: 3 }, { a: 'Beta', b: 5 }] }, mark: 'bar', encoding: { y: { field: 'a', type: 'nominal' }, x: { field: 'b', type: 'quantitative' } } }));
    const inter = path.join(repoRoot, 'node_modules/@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf');
    const arimo = path.join(repoRoot, 'node_modules/@expo-google-fonts/arimo/400Regular/Arimo_400Regular.ttf');
    const chart = (storeDir: string, out: string) => {
      execFileSync(process.execPath, [cli, 'chart', spec, '--data-root', dir, '--out-dir', out, '--font-file', `Inter=${font}`, '--cache-dir', storeDir], { cwd: dir, stdio: 'pipe' });
      return fs.readFileSync(path.join(out, 'bar.pdf'));
    };
    fs.copyFileSync(inter, font);
    const withInter = chart(store, path.join(dir, 'a'));
    fs.copyFileSync(arimo, font); // same path, other bytes
    const withArimo = chart(store, path.join(dir, 'b'));
    const fresh = chart(path.join(dir, 'empty-store'), path.join(dir, 'c'));
    expect(withArimo.equals(fresh)).toBe(true);
    expect(withArimo.equals(withInter)).toBe(false);
  }, 60_000);
});
