import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from '../chart/project-root.js';
import { isUpToDate, readManifest, writeManifest, type Manifest } from '../manifest/manifest.js';
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
 *   shard → up to date? (manifest, no building) → build the rest on the builder, all at
 *   once (the builder queues them on its workers) → report in plan order → manifest
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

  const stale: number[] = [];
  targets.forEach((target, i) => {
    const fresh = options.outDir !== undefined && !options.force && target.inputsHash !== undefined && isUpToDate(options.outDir, target.output, target.inputsHash, manifest.outputs[target.output]);
    if (fresh) settle(i, { target, status: 'unchanged' });
    else stale.push(i);
  });
  const builder = stale.length > 0 ? builderFor(stale.length) : undefined;
  const builds = stale.map((i) => {
    const target = targets[i]!;
    return builder!
        .build({
          dir: target.dir,
          ...(target.leaflet !== undefined ? { leaflet: target.leaflet } : {}),
          options: {
            ...(options.outDir !== undefined ? { outDir: options.outDir } : {}),
            ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
          },
        })
        .then((outcome) => settle(i, { target, status: outcome.ok ? 'built' : 'failed', outcome }));
  });
  await Promise.all(builds);
  const all = reports as TargetReport[];

  if (options.outDir !== undefined && all.some((r) => r.status !== 'unchanged')) {
    updateManifest(manifest, all, options.outDir);
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

function updateManifest(manifest: Manifest, reports: TargetReport[], outDir: string): void {
  fs.mkdirSync(outDir, { recursive: true });
  for (const { target, status, outcome } of reports) {
    if (status === 'unchanged') continue;
    if (outcome?.ok && target.inputs && target.inputsHash) {
      manifest.outputs[target.output] = {
        source: target.source,
        ...(target.leaflet !== undefined ? { leaflet: target.leaflet } : {}),
        inputsHash: target.inputsHash,
        inputs: target.inputs,
        pages: outcome.pages,
        bytes: outcome.bytes,
        sha256: outcome.sha256,
      };
    } else {
      delete manifest.outputs[target.output];
    }
  }
}

/** `brief@VERSION`: part of every PDF's inputs, so a new release rebuilds everything. */
export function toolVersion(): string {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(findProjectRoot(), 'package.json'), 'utf8')) as { version?: string };
    return `brief@${pkg.version ?? '0'}`;
  } catch {
    return 'brief@unknown';
  }
}
