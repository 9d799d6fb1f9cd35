#!/usr/bin/env node
// The benchmark (`npm run bench`, which builds dist/ first). Cases, each as median, min
// and max over several runs, with peak memory:
//
//   empty         `brief build china` in a fresh CLI process with an empty store (BRIEF_STORE):
//                 all the work, as on a first build or in a fresh CI runner. The headline.
//   force         `brief build china --force` in a fresh process, the store as the last run left it
//   text-edit     a fresh process after a sentence of content/china/brief.yaml changed
//   csv-edit      a fresh process after a number of a CSV of the China brief changed
//   warm          one running process (createSession + buildBrief on a copy of the project):
//                 a number in a CSV changed, the China brief rebuilt
//   first-start   what a newcomer's `npm start` does on a fresh clone after `npm install`:
//                 `node scripts/build.mjs` then `brief build` of every brief under content/,
//                 empty store, empty output folder
//   batch         100 two-page leaflets from a copy of the shipped leaflet set (rows repeated
//                 with their joined data varied), `--jobs` = cores, every number changed
//                 before each run so that every chart is drawn; skipped, with a message,
//                 when content/ holds no leaflet set
//
//   chromium      headless Chromium (Debian's `chromium`) printing the same China factsheet
//                 to PDF from a web page with the charts already drawn (scripts/bench-html.mjs),
//                 a fresh profile each run; skipped, with a message, without a `chromium`
//                 binary. The headline sets brief's cases beside it as ratios.
//
// plus where the time goes: Node's own start-up, import cost of each heavy package, and the
// pipeline's stage timings for the first build of a process and for a warm rebuild.
//
// Chromium and the CLI cases (empty … first-start) take turns, one run of each per round,
// so that a ratio sets side by side runs made under the same load; the others follow.
//
// The CLI cases run on a copy of content/ and templates/ with a store of their own.
//
// Usage: node scripts/bench.mjs [--runs N] [--smoke] [--only empty,force,...] [--leaflets N]
//                               [--jobs N] [--out FILE] [--compare FILE] [--profile DIR]
//                               [--brief DIR]
//   --smoke      one run of each case, a smaller batch (20 leaflets); for CI, so the bench cannot rot
//   --out        where to write the JSON results (default bench/results/latest.json)
//   --compare    print each median next to the one in an earlier results file
//   --profile    write a V8 CPU profile of every CLI run into DIR (open in Chrome DevTools)
//   --brief      run the CLI cases with the brief checked out and built in DIR (another
//                commit, for a comparison in one run on one machine)
// Targets (2-core machine) are printed beside the numbers, never asserted: the exit code
// is 1 only when a build fails.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import YAML from 'yaml';
import { bundleOptions, root } from './build.mjs';
import { editNumber, editSentence } from './bench-edits.mjs';
import { factsheetHtml } from './bench-html.mjs';

const TARGETS = { empty: {}, force: { ms: 350 }, 'text-edit': {}, 'csv-edit': {}, warm: { ms: 100 }, batch: { ms: 8_000 } };
/** Each case's time as a multiple of Chromium's print of the same factsheet: at most this. */
const CHROMIUM_RATIO_TARGETS = { empty: 1.0, 'first-start': 5.0, 'text-edit': 0.5 };
const CLI_CASES = ['empty', 'force', 'text-edit', 'csv-edit'];
const RSS_TARGET_MB = 400;
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-pdf-header-footer'];
const HEADLINE_NAMES = { empty: 'China, every cache empty', 'first-start': 'first `npm start`, fresh clone', 'text-edit': 'China after a text edit', batch: '100 leaflets, new data' };
/** An offset of this invocation's batch figures, so that no run meets those of an earlier one in the chart cache. */
const INVOCATION_PERCENT = Math.random() * 4;
const PACKAGES = ['pdfmake', 'fontkit', 'vega', 'vega-lite', 'yaml', 'handlebars', 'ajv', '@mdi/js'];

const opts = parseOptions(process.argv.slice(2));
const briefRoot = opts.brief ?? root;
const cli = path.join(briefRoot, 'dist', 'brief.js');
if (!fs.existsSync(cli)) fail(`${path.relative(process.cwd(), cli)} is missing: run \`node scripts/build.mjs\` first (npm run bench does)`);
const work = path.join(root, '.cache', 'bench', String(process.pid));
fs.mkdirSync(work, { recursive: true });
const rssFile = path.join(work, 'rss.jsonl');
const preload = path.join(root, 'scripts', 'bench-rss.cjs');

const results = {
  date: new Date().toISOString(),
  commit: gitCommit(root),
  // the brief the CLI cases ran: another checkout with --brief
  ...(opts.brief ? { briefCommit: gitCommit(briefRoot) } : {}),
  node: process.version,
  platform: `${os.platform()} ${os.arch()}`,
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  smoke: opts.smoke,
  runs: opts.runs,
  cases: {},
  breakdown: {},
};

let failed = false;
try {
  // Chromium and the CLI cases take turns, a run of each per round, so that the ratios
  // compare runs made under the same load: on a shared machine it drifts over minutes
  const turns = [
    ...(opts.only.has('chromium') ? [['chromium', chromiumCase()]] : []),
    ...CLI_CASES.filter((name) => opts.only.has(name)).map((name) => [name, cliCase(name)]),
    ...(opts.only.has('first-start') ? [['first-start', firstStartCase()]] : []),
  ];
  while (turns.length > 0) {
    for (const turn of [...turns]) {
      const [name, runs] = turn;
      const { value, done } = await runs.next();
      if (done) {
        if (value) results.cases[name] = value;
        turns.splice(turns.indexOf(turn), 1);
      }
    }
  }
  if (opts.only.has('warm')) results.cases.warm = await warmCase();
  if (opts.only.has('batch')) results.cases.batch = await batchCase();
  if (opts.only.has('breakdown')) results.breakdown.imports = await importCosts();
} catch (error) {
  failed = true;
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}

report(results, opts.compare ? JSON.parse(fs.readFileSync(opts.compare, 'utf8')) : undefined);
fs.mkdirSync(path.dirname(opts.out), { recursive: true });
fs.writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n');
process.stdout.write(`\nresults written to ${path.relative(process.cwd(), opts.out)}\n`);
process.exitCode = failed ? 1 : 0;

// ---------------------------------------------------------------------------------------

/**
 * The China brief in a fresh CLI process per run. Runs alternate with nothing: each case
 * has its own project copy and store, and its first run (which fills the store and the
 * OS's file cache) is not counted, except in `empty`, where every run starts empty.
 */
async function* cliCase(name) {
  const runs = [];
  const hashes = new Set();
  const project = copyProject(`cli-${name}`, briefRoot);
  const brief = path.join(project, 'content', 'china');
  // the English factsheet alone, one PDF, as in every earlier run: its translations are
  // PDFs of their own, which `first-start` builds
  fs.rmSync(path.join(brief, 'lang'), { recursive: true, force: true });
  const store = path.join(work, `store-${name}`);
  const out = path.join(work, `out-${name}`);
  const original = { yaml: fs.readFileSync(path.join(brief, 'brief.yaml'), 'utf8'), csv: fs.readFileSync(path.join(brief, 'data/patent-shares.csv'), 'utf8') };
  const total = opts.smoke ? 1 : opts.runs + (name === 'empty' ? 0 : 1);
  for (let i = 0; i < total; i++) {
    const env = { BRIEF_STORE: store, BRIEF_CHART_CACHE: store };
    if (name === 'empty') fs.rmSync(store, { recursive: true, force: true });
    if (name === 'text-edit') fs.writeFileSync(path.join(brief, 'brief.yaml'), editSentence(original.yaml, i + 1));
    if (name === 'csv-edit') fs.writeFileSync(path.join(brief, 'data/patent-shares.csv'), editNumber(original.csv, i + 1));
    const force = name === 'empty' || name === 'force' || i === 0;
    const r = await runCli(['build', 'china', '--out', out, ...(force ? ['--force'] : [])], { cwd: project, env });
    if (name === 'empty' || name === 'force') hashes.add(sha256File(path.join(out, 'china.pdf')));
    if (i > 0 || opts.smoke || name === 'empty') runs.push(r);
    progress(name, i + 1, total, r.ms);
    yield;
  }
  const notes = {
    empty: 'China brief, 4 pages, 5 charts, every kept result made anew',
    force: 'China brief, --force, the store as the last run left it',
    'text-edit': 'China brief after a word of brief.yaml changed',
    'csv-edit': 'China brief after a number of data/patent-shares.csv changed',
  };
  return summarize(name, runs, { ...(hashes.size ? { deterministic: hashes.size === 1 } : {}), note: notes[name] });
}

/**
 * A newcomer's first `npm start` after `npm install` on a fresh clone: brief's build script
 * (which `npm install` ran already, so it finds its outputs in place), then every brief
 * under content/ built with an empty store into an empty folder.
 */
async function* firstStartCase() {
  const project = copyProject('first-start', briefRoot);
  const runs = [];
  const total = opts.smoke ? 1 : opts.runs;
  let pdfs = 0;
  for (let i = 0; i < total; i++) {
    const store = path.join(work, 'store-first-start');
    const out = path.join(work, 'out-first-start');
    fs.rmSync(store, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
    const script = await runNode([path.join(briefRoot, 'scripts', 'build.mjs')], { cwd: briefRoot });
    const r = await runCli(['build', '--out', out], { cwd: project, env: { BRIEF_STORE: store } });
    pdfs = fs.readdirSync(out).filter((f) => f.endsWith('.pdf')).length;
    runs.push({ ...r, ms: script.ms + r.ms });
    progress('first-start', i + 1, total, script.ms + r.ms);
    yield;
  }
  return summarize('first-start', runs, { note: `\`npm start\` on a fresh clone: the build script, then ${pdfs} PDFs with an empty store`, pdfs });
}

/**
 * Headless Chromium printing the China factsheet as a web page: the same text, fonts,
 * icons and footer, with the five charts drawn beforehand by brief (untimed) and inlined
 * as SVG. Each run starts Chromium with a new, empty profile, as a CI runner would.
 */
async function* chromiumCase() {
  const binary = findChromium();
  if (!binary) {
    const why = 'no `chromium` binary (apt-get install chromium, or set BRIEF_BENCH_CHROMIUM)';
    process.stdout.write(`chromium: skipped: ${why}\n`);
    return { skipped: why };
  }
  const project = copyProject('chromium', root);
  const lib = await bundleLibrary();
  const drawn = path.join(work, 'charts.json');
  await runNode([path.join(root, 'scripts', 'bench-charts-child.mjs'), lib, project, 'china', drawn], { cwd: project, env: { BRIEF_STORE: path.join(work, 'store-chromium') } });
  const content = YAML.parse(fs.readFileSync(path.join(project, 'content', 'china', 'brief.yaml'), 'utf8'));
  const theme = YAML.parse(fs.readFileSync(path.join(project, 'templates', 'themes', `${content.theme}.yaml`), 'utf8'));
  const html = path.join(work, 'china.html');
  const fontDir = path.dirname(fileURLToPath(import.meta.resolve('@expo-google-fonts/inter/package.json')));
  fs.writeFileSync(html, factsheetHtml({ content, theme, charts: JSON.parse(fs.readFileSync(drawn, 'utf8')), fontDir }));
  const runs = [];
  const total = opts.smoke ? 1 : opts.runs;
  let pages = 0;
  for (let i = 0; i < total; i++) {
    const profile = fs.mkdtempSync(path.join(work, 'chromium-profile-'));
    const pdf = path.join(work, 'chromium.pdf');
    fs.rmSync(pdf, { force: true });
    const r = await runProgram(binary, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--print-to-pdf=${pdf}`, pathToFileURL(html).href], { cwd: work });
    pages = (fs.readFileSync(pdf, 'latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    runs.push({ ms: r.ms });
    progress('chromium', i + 1, total, r.ms);
    fs.rmSync(profile, { recursive: true, force: true });
    yield;
  }
  if (pages !== 4) throw new Error(`chromium: the factsheet printed on ${pages} pages, not 4: scripts/bench-html.mjs needs a look`);
  return summarize('chromium', runs, { note: `headless Chromium printing the China factsheet (${pages} pages, charts drawn beforehand) to PDF, a fresh profile each run` });
}

function findChromium() {
  const candidates = [process.env.BRIEF_BENCH_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  return candidates.find((c) => fs.existsSync(c));
}

/** One process: the first build, then rebuilds after a CSV edit each. */
async function warmCase() {
  const project = copyProject('warm', root);
  const lib = await bundleLibrary();
  const runs = opts.smoke ? 1 : Math.max(opts.runs * 2, 10);
  const env = { BRIEF_STORE: path.join(work, 'store-warm') };
  const r = await runNode([path.join(root, 'scripts', 'bench-child.mjs'), lib, project, 'china', String(runs), 'data/patent-shares.csv'], { cwd: project, env, capture: true });
  const child = JSON.parse(r.stdout.trim().split('\n').pop());
  progress('warm', runs, runs, median(child.rebuilds.map((b) => b.ms)));
  results.breakdown.firstBuild = { importMs: child.importMs, ms: child.first.ms, timings: child.first.timings };
  results.breakdown.warmRebuild = { timings: medianTimings(child.rebuilds.map((b) => b.timings)) };
  return summarize(
    'warm',
    child.rebuilds.map((b) => ({ ms: b.ms, maxRssKb: child.maxRssKb })),
    { note: `rebuild after a CSV edit, in-process (first build of the process: ${fmtMs(child.first.ms)})`, pages: child.first.pages },
  );
}

/**
 * 100 leaflets of a set grown from the shipped one, in a copy of the project. Each run
 * changes every number of the data first ("the figures changed, rebuild them all"), so
 * every chart is drawn anew; what brief keeps between runs whatever the data (shaped
 * words, compiled templates and code) stays, as it would for a user.
 */
async function batchCase() {
  const set = findLeafletSet();
  if (!set) {
    process.stdout.write('batch: skipped: no leaflet set (content/*/leaflets.yaml) in this project yet\n');
    return { skipped: 'no leaflet set (content/*/leaflets.yaml) in this project yet' };
  }
  const project = copyProject('batch', root);
  const setDir = path.join(project, 'content', path.basename(set));
  let grow;
  try {
    grow = leafletSetGrower(setDir, opts.leaflets);
  } catch (error) {
    process.stdout.write(`batch: skipped: ${error.message}\n`);
    return { skipped: error.message };
  }
  const runs = [];
  const total = opts.smoke ? 1 : Math.min(opts.runs, 3);
  let count = 0;
  for (let i = 0; i < total; i++) {
    count = grow(i + 1);
    const out = fs.mkdtempSync(path.join(work, 'out-'));
    const r = await runCli(['build', path.basename(set), '--out', out, '--force', '--jobs', String(opts.jobs)], { cwd: project, env: { BRIEF_STORE: path.join(work, 'store-batch') } });
    const pdfs = fs.readdirSync(out).filter((f) => f.endsWith('.pdf')).length;
    if (pdfs !== count) throw new Error(`batch: expected ${count} PDFs, found ${pdfs}`);
    runs.push(r);
    progress('batch', i + 1, total, r.ms);
    fs.rmSync(out, { recursive: true, force: true });
  }
  return summarize('batch', runs, { note: `${count} leaflets of content/${path.basename(set)}, --jobs ${opts.jobs}, new figures each run (every chart drawn)`, leaflets: count, jobs: opts.jobs });
}

/** Import time of each heavy package in a fresh process, less an empty process's start-up. */
async function importCosts() {
  const n = opts.smoke ? 1 : 3;
  const out = { nodeStartMs: 0, packages: {} };
  const startups = [];
  for (let i = 0; i < n; i++) startups.push((await runNode(['-e', '0'], { cwd: root })).ms);
  out.nodeStartMs = median(startups);
  for (const pkg of PACKAGES) {
    const times = [];
    for (let i = 0; i < n; i++) {
      const r = await runNode(['--input-type=module', '-e', `const t = performance.now(); await import(${JSON.stringify(pkg)}); console.log(performance.now() - t);`], { cwd: root, capture: true });
      times.push(Number(r.stdout.trim()));
    }
    out.packages[pkg] = median(times);
  }
  return out;
}

// --- projects ---------------------------------------------------------------------------

/** content/ and templates/ of `from` copied under its .cache/bench (inside that checkout, so its node_modules resolve). */
function copyProject(name, from) {
  const dir = path.join(from, '.cache', 'bench', String(process.pid), `project-${name}`);
  for (const sub of ['content', 'templates']) fs.cpSync(path.join(from, sub), path.join(dir, sub), { recursive: true });
  if (from !== root) process.on('exit', () => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));
  return dir;
}

function findLeafletSet() {
  const content = path.join(root, 'content');
  return fs
    .readdirSync(content, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(content, e.name, 'leaflets.yaml')))
    .map((e) => path.join(content, e.name))
    .sort()[0];
}

/**
 * A function that writes the set's row table grown to `target` rows: rows repeated with
 * a numbered key, and the rows of each joined dataset copied for the new key, with every
 * number varied by copy and by `run` (a new run, new figures). Returns the number of
 * leaflets.
 */
function leafletSetGrower(dir, target) {
  const set = YAML.parse(fs.readFileSync(path.join(dir, 'leaflets.yaml'), 'utf8'));
  const section = set?.leaflets;
  if (!section?.rows || !section?.key) throw new Error('the leaflet set has no `leaflets.rows` and `leaflets.key`');
  const table = readCsvDataset(dir, section.rows);
  const keyColumn = table.header.indexOf(section.key);
  if (keyColumn < 0) throw new Error(`the row table has no column \`${section.key}\``);
  const joins = Object.entries(section.join ?? {}).map(([name, column]) => {
    const d = readCsvDataset(dir, name);
    return { ...d, column: d.header.indexOf(column) };
  });
  return (run) => {
    const rows = [];
    const joined = joins.map(() => []);
    for (let i = 0; i < target; i++) {
      const copy = Math.floor(i / table.rows.length);
      const base = table.rows[i % table.rows.length];
      const key = copy > 0 ? `${base[keyColumn]}-${copy + 1}` : base[keyColumn];
      rows.push(base.map((cell, c) => (c === keyColumn ? key : vary(cell, copy, run))));
      joins.forEach((j, n) => {
        for (const r of j.rows.filter((r) => r[j.column] === base[keyColumn])) {
          joined[n].push(r.map((cell, c) => (c === j.column ? key : vary(cell, copy, run))));
        }
      });
    }
    writeCsv(table.file, table.header, rows);
    joins.forEach((j, n) => writeCsv(j.file, j.header, joined[n]));
    return rows.length;
  };
}

function readCsvDataset(dir, name) {
  const descriptor = YAML.parse(fs.readFileSync(path.join(dir, 'data', `${name}.yaml`), 'utf8'));
  if (descriptor?.values) throw new Error(`dataset \`${name}\` is inline; the batch case needs CSV rows`);
  const file = path.join(dir, 'data', descriptor?.file ?? `${name}.csv`);
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  return { file, header, rows, added: [] };
}

/** A number scaled by a few percent per copy and run, with as many decimals as it had. */
function vary(cell, copy, run) {
  if (!/^-?\d+(\.\d+)?$/.test(cell) || /^(19|20)\d\d$/.test(cell)) return cell; // years stay
  const decimals = cell.split('.')[1]?.length ?? 0;
  const percent = ((copy * 7 + run * 5) % 13) + run + INVOCATION_PERCENT;
  return (Number(cell) * (1 + percent / 100)).toFixed(decimals);
}

function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) row.push(cell), rows.push(row);
  return rows;
}

function writeCsv(file, header, rows) {
  const quote = (cell) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  fs.writeFileSync(file, [header, ...rows].map((r) => r.map(quote).join(',')).join('\n') + '\n');
}

/** createSession + buildBrief, bundled as the CLI is (so the warm case runs the same code). */
async function bundleLibrary() {
  const outfile = path.join(work, 'lib', 'brief-lib.mjs');
  await build({
    ...bundleOptions,
    stdin: {
      contents: "export { createSession } from './src/pipeline/session.ts';\nexport { buildBrief } from './src/pipeline/index.ts';\nexport { setV8Flags } from './src/bin/v8-flags.ts';\n",
      resolveDir: root,
      sourcefile: 'bench-lib.ts',
      loader: 'ts',
    },
    outfile,
  });
  return outfile;
}

// --- processes --------------------------------------------------------------------------

/** Run the CLI with the memory probe preloaded; wall time measured here, memory and CPU there. */
async function runCli(args, { cwd, env = {} }) {
  fs.rmSync(rssFile, { force: true });
  const profile = opts.profile ? ['--cpu-prof', '--cpu-prof-dir', opts.profile] : [];
  const r = await runNode([...profile, '--require', preload, cli, ...args], { cwd, env: { ...env, BENCH_RSS_FILE: rssFile } });
  const usage = JSON.parse(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop());
  return { ms: r.ms, maxRssKb: usage.maxRssKb, cpuMs: usage.userMs + usage.systemMs };
}

function runNode(args, options) {
  return runProgram(process.execPath, args, options);
}

function runProgram(program, args, { cwd, env = {}, capture = false }) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(program, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      if (code !== 0) reject(new Error(`${path.basename(program)} ${args.join(' ')} exited with ${code}\n${stderr}${capture ? '' : stdout}`));
      else resolve({ ms, stdout, stderr });
    });
  });
}

// --- numbers and report -----------------------------------------------------------------

function summarize(name, runs, extra = {}) {
  const ms = runs.map((r) => r.ms);
  const rss = runs.filter((r) => r.maxRssKb !== undefined).map((r) => r.maxRssKb / 1024);
  const target = TARGETS[name] ?? {};
  return {
    ...extra,
    runs: runs.length,
    ms: { median: median(ms), min: Math.min(...ms), max: Math.max(...ms), all: ms.map(round) },
    ...(runs[0]?.cpuMs !== undefined ? { cpuMs: { median: median(runs.map((r) => r.cpuMs)) } } : {}),
    ...(rss.length ? { maxRssMb: { median: median(rss), min: Math.min(...rss), max: Math.max(...rss) } } : {}),
    target: { ...(target.ms ? { ms: target.ms } : {}), ...(rss.length ? { maxRssMb: RSS_TARGET_MB } : {}) },
  };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return round(s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2);
}

function medianTimings(list) {
  const stages = [...new Set(list.flatMap((t) => Object.keys(t)))];
  return Object.fromEntries(stages.map((s) => [s, median(list.map((t) => t[s] ?? 0))]));
}

function round(x) {
  return Math.round(x * 10) / 10;
}

function fmtMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

function progress(name, i, n, ms) {
  process.stderr.write(`  ${name} ${i}/${n}: ${fmtMs(ms)}\n`);
}

function report(res, before) {
  const out = [];
  out.push(`\nbrief benchmark: ${res.cpus} × ${res.cpuModel}, Node ${res.node}, ${res.commit}${res.briefCommit ? ` (the CLI cases: brief at ${res.briefCommit})` : ""}${res.smoke ? ' (smoke: one run each)' : ''}\n`);
  const chromium = res.cases.chromium?.ms ? res.cases.chromium : undefined;
  const headline = [['headline', 'brief', 'peak RSS', 'Chromium', 'ratio', 'target']];
  for (const name of ['empty', 'first-start', 'text-edit', 'batch']) {
    const c = res.cases[name];
    if (!c?.ms) continue;
    const ratio = chromium ? c.ms.median / chromium.ms.median : undefined;
    const limit = CHROMIUM_RATIO_TARGETS[name];
    const memoryOk = c.maxRssMb === undefined || c.maxRssMb.max < RSS_TARGET_MB;
    let target = `< ${RSS_TARGET_MB} MB ${memoryOk ? 'met' : 'MISSED'}`;
    if (limit !== undefined) target = `≤ ${limit.toFixed(1)} × Chromium ${ratio === undefined ? '(no Chromium)' : ratio <= limit ? 'met' : 'MISSED'}; ${target}`;
    if (c.target.ms) target = `≤ ${fmtMs(c.target.ms)} ${c.ms.median <= c.target.ms ? 'met' : 'MISSED'}; ${target}`;
    headline.push([HEADLINE_NAMES[name], fmtMs(c.ms.median), c.maxRssMb ? `${Math.round(c.maxRssMb.max)} MB` : '–', chromium ? fmtMs(chromium.ms.median) : '–', ratio === undefined ? '–' : `${ratio.toFixed(2)} ×`, target]);
  }
  if (headline.length > 1) out.push(table(headline), '');
  const rows = [['case', 'median', 'min', 'max', 'peak RSS', 'target', ...(before ? ['before', 'change'] : [])]];
  for (const [name, c] of Object.entries(res.cases)) {
    if (c.skipped) {
      rows.push([name, `skipped: ${c.skipped}`]);
      continue;
    }
    const ok = (c.target.ms === undefined || c.ms.median <= c.target.ms) && (c.maxRssMb === undefined || c.maxRssMb.max < c.target.maxRssMb);
    const target = [c.target.ms ? `≤ ${fmtMs(c.target.ms)}` : '', c.target.maxRssMb ? `< ${c.target.maxRssMb} MB` : ''].filter(Boolean).join(', ');
    const row = [name, fmtMs(c.ms.median), fmtMs(c.ms.min), fmtMs(c.ms.max), c.maxRssMb ? `${Math.round(c.maxRssMb.max)} MB` : '–', target ? `${target} ${ok ? 'met' : 'MISSED'}` : ''];
    const b = before?.cases?.[name];
    if (before) row.push(b?.ms ? `${fmtMs(b.ms.median)}${b.maxRssMb ? `, ${Math.round(b.maxRssMb.max)} MB` : ''}` : '–', b?.ms ? `×${(b.ms.median / c.ms.median).toFixed(1)} faster` : '');
    rows.push(row);
  }
  out.push(table(rows));
  for (const [name, c] of Object.entries(res.cases)) if (c.note) out.push(`  ${name}: ${c.note}${c.deterministic === false ? ' – PDF BYTES DIFFER BETWEEN RUNS' : c.deterministic ? ' (same bytes every run)' : ''}`);

  const b = res.breakdown;
  if (b.firstBuild || b.imports) {
    out.push('\nwhere the time goes');
    if (b.imports) {
      out.push(`  node start-up (empty script): ${fmtMs(b.imports.nodeStartMs)}`);
      out.push(`  import time of each package alone (in a fresh process): ${Object.entries(b.imports.packages).map(([p, ms]) => `${p} ${fmtMs(ms)}`).join(', ')}`);
    }
    if (b.firstBuild) {
      out.push(`  first build of a process: import brief ${fmtMs(b.firstBuild.importMs)}, build ${fmtMs(b.firstBuild.ms)}: ${stages(b.firstBuild.timings)}`);
      out.push(`  warm rebuild (median per stage): ${stages(b.warmRebuild.timings)}`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

function stages(timings) {
  return Object.entries(timings).map(([s, ms]) => `${s} ${fmtMs(ms)}`).join(', ');
}

function table(rows) {
  const widths = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, String(c).length)));
  return rows.map((r, k) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ') + (k === 0 ? '\n' + widths.map((w) => '-'.repeat(w)).join('  ') : '')).join('\n');
}

// --- options ----------------------------------------------------------------------------

function parseOptions(argv) {
  const o = {
    runs: 5,
    smoke: false,
    only: new Set(['chromium', ...CLI_CASES, 'first-start', 'warm', 'batch', 'breakdown']),
    leaflets: undefined,
    jobs: os.availableParallelism(),
    out: path.join(root, 'bench', 'results', 'latest.json'),
    compare: undefined,
    profile: undefined,
    brief: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => inline ?? argv[++i] ?? fail(`${flag} needs a value`);
    if (flag === '--runs') o.runs = positive(value(), flag);
    else if (flag === '--smoke') o.smoke = true;
    else if (flag === '--only') o.only = new Set(value().split(','));
    else if (flag === '--leaflets') o.leaflets = positive(value(), flag);
    else if (flag === '--jobs') o.jobs = positive(value(), flag);
    else if (flag === '--out') o.out = path.resolve(value());
    else if (flag === '--compare') o.compare = path.resolve(value());
    else if (flag === '--profile') o.profile = path.resolve(value());
    else if (flag === '--brief') o.brief = path.resolve(value());
    else if (flag === '--help' || flag === '-h') {
      process.stdout.write(fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n') + '\n');
      process.exit(0);
    } else fail(`unknown option ${argv[i]}`);
  }
  if (o.smoke) o.runs = 1;
  o.leaflets ??= o.smoke ? 20 : 100;
  return o;
}

function positive(v, flag) {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) fail(`${flag} needs a whole number of at least 1`);
  return n;
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function sha256File(file) {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function gitCommit(dir) {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'scripts'], { cwd: dir, encoding: 'utf8' }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}

