import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isUserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findProjectRoot } from '../chart/project-root.js';
import { buildBrief, type BuildOptions } from './index.js';
import type { Session } from './session.js';

/** One PDF to build, as sent to a worker: plain data only. */
export interface BuildJob {
  dir: string;
  leaflet?: string;
  options: Omit<BuildOptions, 'leaflet'>;
}

export type BuildOutcome =
  | { ok: true; pages: number; bytes: number; sha256: string; file?: string; ms: number }
  | { ok: false; diagnostics: Diagnostic[]; ms: number }
  | { ok: false; internal: string; ms: number };

/** Builds documents, one per call; in this thread or in a pool of workers. */
export interface Builder {
  build(job: BuildJob): Promise<BuildOutcome>;
  /** Drop cached themes and templates everywhere (a file under templates/ changed). */
  forget(): void;
  close(): Promise<void>;
}

/** Build one job with a session; user errors become diagnostics, anything else a bug report. */
export async function buildJob(job: BuildJob, session: Session): Promise<BuildOutcome> {
  const start = performance.now();
  try {
    const r = await buildBrief(job.dir, session, { ...job.options, ...(job.leaflet !== undefined ? { leaflet: job.leaflet } : {}) });
    return { ok: true, pages: r.pages, bytes: r.bytes, sha256: r.sha256, ...(r.file ? { file: r.file } : {}), ms: performance.now() - start };
  } catch (error) {
    const ms = performance.now() - start;
    if (isUserError(error)) {
      // causes may hold what cannot cross a thread; the message already says it
      return { ok: false, diagnostics: error.diagnostics.map(({ cause: _cause, ...d }) => d), ms };
    }
    return { ok: false, internal: (error as Error)?.stack ?? String(error), ms };
  }
}

export function createInProcessBuilder(session: Session): Builder {
  return {
    build: (job) => buildJob(job, session),
    forget: () => session.forget(),
    close: async () => {},
  };
}

/** The worker bundle built next to the CLI bundle by scripts/build.mjs. */
export function defaultWorkerScript(): string {
  return path.join(findProjectRoot(), 'dist', 'worker.js');
}

interface Slot {
  worker: Worker;
  busy?: { resolve: (o: BuildOutcome) => void; start: number };
}

/**
 * A pool of `size` worker threads, each with its own Session that stays loaded between
 * jobs. A job goes to the first idle worker; a worker that dies fails its job and is
 * replaced.
 */
export function createWorkerPool(size: number, projectRoot: string, script = defaultWorkerScript()): Builder {
  const slots: Slot[] = [];
  const waiting: { job: BuildJob; resolve: (o: BuildOutcome) => void }[] = [];
  let closed = false;

  const spawn = (): Slot => {
    const slot: Slot = { worker: new Worker(script, { workerData: { projectRoot } }) };
    slot.worker.on('message', (outcome: BuildOutcome) => finish(slot, outcome));
    slot.worker.on('error', (error) => {
      finish(slot, { ok: false, internal: error.stack ?? String(error), ms: 0 });
      replace(slot);
    });
    slot.worker.on('exit', (code) => {
      if (closed) return;
      finish(slot, { ok: false, internal: `build worker exited with code ${code}`, ms: 0 });
      replace(slot);
    });
    return slot;
  };
  const replace = (slot: Slot) => {
    const i = slots.indexOf(slot);
    if (i < 0 || closed) return;
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slots[i] = spawn();
    next();
  };
  const finish = (slot: Slot, outcome: BuildOutcome) => {
    const busy = slot.busy;
    if (!busy) return;
    slot.busy = undefined;
    busy.resolve(outcome.ms === 0 ? { ...outcome, ms: performance.now() - busy.start } : outcome);
    next();
  };
  const next = () => {
    for (const slot of slots) {
      if (slot.busy || waiting.length === 0) continue;
      const { job, resolve } = waiting.shift()!;
      slot.busy = { resolve, start: performance.now() };
      slot.worker.postMessage({ job });
    }
  };
  for (let i = 0; i < size; i++) slots.push(spawn());

  return {
    build(job) {
      if (closed) return Promise.reject(new Error('the worker pool is closed'));
      return new Promise((resolve) => {
        waiting.push({ job, resolve });
        next();
      });
    },
    forget() {
      for (const slot of slots) slot.worker.postMessage({ forget: true });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
