import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fingerprint } from '../store/fingerprint.js';
import type { PdfStandard } from '../print/standards.js';
import { findProjectRoot } from '../chart/project-root.js';
import { isUpToDate, readManifest, writeManifest, type Manifest, type ManifestEntry } from '../manifest/manifest.js';
import { TRANSLATIONS_DIR } from '../load/translation.js';
import { BRIEF_FILE } from '../load/brief.js';
import type { BuildOutcome, Builder } from './builder.js';
import { shardOf, type Plan, type Target } from './plan.js';

export interface BatchOptions {
  /** Output folder; none for `brief check` (then everything is built, nothing written). */
  outDir?: string;
  /** Rebuild even what the manifest says is up to date. */
  force?: boolean;
  /** Build only share `index` (1-based) of `count`. */
  shard?: { index: number; count: number };
  sourceDateEpoch?: number;
  /** PDF standards for every document, over what each brief says. */
  standards?: PdfStandard[];
  /**
   * How many documents to build at once. The in-process builder starts whatever it is
   * given, interleaved on one thread (with two jobs, one document is laid out while the
   * other waits for its charts), holding all their memory together; a pool of `jobs`
   * workers has no use for more either.
   */
  jobs: number;
  /** Whether the store has kept charts (of any brief): with none, no chart is likely kept. */
  chartsKept?: boolean;
  /** The process builds nothing after this batch (`brief build`, not `brief watch`): the drawing worker ends with the last document to use it. */
  last?: boolean;
}

export type Status = 'built' | 'unchanged' | 'failed';

export interface TargetReport {
  target: Target;
  status: Status;
  /** Absent for an unchanged PDF. */
  outcome?: BuildOutcome;
}

export interface BatchEvents {
  /** Each target's report, in plan order (output name), whatever order workers finish in. */
  report?(report: TargetReport): void;
  /** A target finished (any order): for a progress bar. */
  progress?(done: number, total: number, latest: TargetReport): void;
}

/**
 * Build a plan's stale PDFs:
 *
 *   shard → up to date? (manifest, no building) → build the rest on the builder, at
 *   most `jobs` at a time, in plan order → report in plan order → manifest
 *
 * A document that fails keeps its previous PDF and loses its manifest entry, so the
 * next run tries it again.
 */
export async function runBatch(plan: Plan, builderFor: (stale: number) => Builder, options: BatchOptions, events: BatchEvents = {}): Promise<TargetReport[]> {
  const targets = shardOf(plan.targets, options.shard);
  const manifest: Manifest = options.outDir ? readManifest(options.outDir) : { version: 1, outputs: {} };
  const reports: (TargetReport | undefined)[] = new Array(targets.length);
  let emitted = 0;
  let done = 0;
  const settle = (i: number, report: TargetReport) => {
    reports[i] = report;
    done++;
    events.progress?.(done, targets.length, report);
    while (emitted < targets.length && reports[emitted]) events.report?.(reports[emitted++]!);
  };

  // standards set on the command line make other PDFs of the same inputs
  const inputsHashOf = (target: Target) =>
    target.inputsHash !== undefined && options.standards ? createHash('sha256').update(`${target.inputsHash}\0pdf-standard=${options.standards.join(',')}`).digest('hex') : target.inputsHash;
  const stale: number[] = [];
  targets.forEach((target, i) => {
    const inputsHash = inputsHashOf(target);
    const fresh = options.outDir !== undefined && !options.force && inputsHash !== undefined && isUpToDate(options.outDir, target.output, inputsHash, manifest.outputs[target.output]);
    if (fresh) settle(i, { target, status: 'unchanged' });
    else stale.push(i);
  });
  const builder = stale.length > 0 ? builderFor(stale.length) : undefined;
  // documents built in this thread with more than one core: their charts are drawn on
  // another while they are read and laid out, unless they are likely kept from the last build
  const beside = builder?.inThread === true && options.jobs > 1;
  // briefs before leaflets: on a few workers, the long builds started last would leave
  // the others idle at the end (reports still come in plan order)
  const longestFirst = [...stale].sort((a, b) => Number(targets[a]!.leaflet !== undefined) - Number(targets[b]!.leaflet !== undefined));
  // in this thread, a document with much data is built alone: two at once hold both in one heap
  // (with one at a time, there is nothing to weigh)
  const sizes = new Map<string, number>();
  const alone = builder?.inThread === true && Math.min(options.jobs, stale.length) > 1 ? (i: number) => folderBytes(targets[i]!.dir, sizes) > ALONE_BYTES : () => false;
  const lastStarted = longestFirst[longestFirst.length - 1];
  await eachAtMost(options.jobs, longestFirst, alone, async (i) => {
    const target = targets[i]!;
    const last = manifest.outputs[target.output];
    const chartsBeside = beside && !(options.chartsKept && chartsLikelyKept(target, last));
    const outcome = await builder!.build({
      dir: target.dir,
      ...(target.leaflet !== undefined ? { leaflet: target.leaflet } : {}),
      ...(target.language !== undefined ? { language: target.language } : {}),
      options: {
        ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
        ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
        ...(options.standards ? { standards: options.standards } : {}),
        ...(chartsBeside ? { chartsBeside: true, ...(options.last && i === lastStarted ? { lastBeside: true } : {}) } : {}),
        // with a core to spare and no chart to draw on it: the fonts the last build set text in, read there
        ...(beside && !chartsBeside && last?.fonts ? { prefetchFonts: last.fonts } : {}),
      },
    });
    settle(i, { target, status: outcome.ok ? 'built' : 'failed', outcome });
  });
  const all = reports as TargetReport[];

  if (options.outDir !== undefined && all.some((r) => r.status !== 'unchanged')) {
    updateManifest(manifest, all, options.outDir, inputsHashOf);
    if (options.shard) {
      const own = new Set(targets.map((t) => t.output));
      const shardManifest: Manifest = { version: 1, outputs: Object.fromEntries(Object.entries(manifest.outputs).filter(([k]) => own.has(k))) };
      writeManifest(options.outDir, shardManifest, options.shard);
    } else {
      writeManifest(options.outDir, manifest);
    }
  }
  return all;
}

/**
 * Whether a document's charts are likely all kept in the store: it was built before, and
 * of what it was built from only its content file and translations changed (a text
 * edit). A guess, deciding only where charts are drawn: wrong, a chart is drawn in the
 * build's thread.
 */
function chartsLikelyKept(target: Target, last: ManifestEntry | undefined): boolean {
  if (!last || !target.inputs) return false;
  const files = new Set([...Object.keys(target.inputs), ...Object.keys(last.inputs)]);
  return [...files].every((file) => target.inputs![file] === last.inputs[file] || path.basename(file) === BRIEF_FILE || file.split(/[\\/]/).includes(TRANSLATIONS_DIR));
}

function updateManifest(manifest: Manifest, reports: TargetReport[], outDir: string, inputsHashOf: (target: Target) => string | undefined): void {
  fs.mkdirSync(outDir, { recursive: true });
  for (const { target, status, outcome } of reports) {
    if (status === 'unchanged') continue;
    if (outcome?.ok && target.inputs && target.inputsHash) {
      manifest.outputs[target.output] = {
        source: target.source,
        ...(target.leaflet !== undefined ? { leaflet: target.leaflet } : {}),
        inputsHash: inputsHashOf(target)!,
        inputs: target.inputs,
        pages: outcome.pages,
        bytes: outcome.bytes,
        sha256: outcome.sha256,
        ...(outcome.fonts ? { fonts: outcome.fonts } : {}),
      };
    } else {
      delete manifest.outputs[target.output];
    }
  }
}

/**
 * `work` on each item in order, at most `limit` at once; an item `alone` says so of
 * starts when those before it have ended, and runs with none beside it.
 */
export async function eachAtMost<T>(limit: number, items: T[], alone: (item: T) => boolean, work: (item: T) => Promise<void>): Promise<void> {
  let start = 0;
  while (start < items.length) {
    let end = start;
    while (end < items.length && !alone(items[end]!)) end++;
    const shared = items.slice(start, end);
    let next = 0;
    const lane = async () => {
      while (next < shared.length) await work(shared[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), shared.length) }, lane));
    if (end < items.length) await work(items[end]!);
    start = end + 1;
  }
}

/**
 * Above this many bytes of files in its folder (data, charts, pictures), a document built
 * in this thread is built alone: a chart of a 16 MB CSV took 700 MB to draw, and two at
 * once would double that.
 */
const ALONE_BYTES = 2 * 1024 * 1024;

/** Bytes of the files under `dir`, counted once per folder in `sizes` (leaflets of a set share theirs). */
function folderBytes(dir: string, sizes: Map<string, number>): number {
  let size = sizes.get(dir);
  if (size === undefined) {
    size = 0;
    const walk = (folder: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(folder, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const file = path.join(folder, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (entry.isFile()) size! += fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      }
    };
    walk(dir);
    sizes.set(dir, size);
  }
  return size;
}

/**
 * `brief@VERSION+FINGERPRINT`: part of every PDF's inputs, so a new release, a new build of
 * brief's code or new packages under it (Vega, pdfmake…) rebuild everything, even when
 * the version number stays the same. See src/store/fingerprint.ts.
 */
export function toolVersion(): string {
  try {
    const root = findProjectRoot();
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version?: string };
    return `brief@${pkg.version ?? '0'}+${fingerprint().slice(0, 16)}`;
  } catch {
    return 'brief@unknown';
  }
}
