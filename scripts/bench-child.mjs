// The benchmark's in-process cases, run in a fresh Node process by scripts/bench.mjs:
//
//   node scripts/bench-child.mjs LIB PROJECT BRIEF RUNS CSV
//
// imports the library bundle LIB (createSession + buildBrief), builds PROJECT/content/BRIEF
// once (the first build of a process), then RUNS times: change one number in the CSV
// file CSV (relative to the brief's folder) and rebuild. Prints one JSON object.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { editNumber } from './bench-edits.mjs';

process.env.TZ = 'UTC'; // as the CLI draws
const [lib, project, brief, runsArg, csvArg] = process.argv.slice(2);
const runs = Number(runsArg);
const dir = path.join(project, 'content', brief);
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-bench-warm-'));

const importStart = performance.now();
const { createSession, buildBrief, setV8Flags } = await import(lib);
const importMs = performance.now() - importStart;
setV8Flags(); // as the CLI's launcher sets them, and so `brief watch` runs

const session = createSession(project); // the store named by BRIEF_STORE
const firstStart = performance.now();
const first = await buildBrief(dir, session, { outDir });
const firstMs = performance.now() - firstStart;

const csv = path.join(dir, csvArg);
const original = fs.readFileSync(csv, 'utf8');
const rebuilds = [];
try {
  for (let i = 0; i < runs; i++) {
    fs.writeFileSync(csv, editNumber(original, i + 1));
    const start = performance.now();
    const r = await buildBrief(dir, session, { outDir });
    rebuilds.push({ ms: performance.now() - start, timings: r.timings, sha256: r.sha256, pages: r.pages });
  }
} finally {
  fs.writeFileSync(csv, original);
  fs.rmSync(outDir, { recursive: true, force: true });
}
const usage = process.resourceUsage();
process.stdout.write(JSON.stringify({ importMs, first: { ms: firstMs, timings: first.timings, pages: first.pages, sha256: first.sha256 }, rebuilds, maxRssKb: usage.maxRSS }) + '\n');

