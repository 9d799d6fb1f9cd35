import { createRequire } from 'node:module';
import path from 'node:path';
import type { Piscina } from 'piscina';
import { isUserError, withoutCauses, type Diagnostic } from '../diagnostics/diagnostic.js';
import { findProjectRoot } from '../chart/project-root.js';
import { DEFAULT_GUARD } from '../chart/guard.js';
import { buildBrief, type BuildOptions } from './index.js';
import type { Session } from './session.js';

const require = createRequire(import.meta.url);

/** One PDF to build, as sent to a worker: plain data only. */
export interface BuildJob {
  dir: string;
  leaflet?: string;
  /** The translation to build, for a brief in another language. */
  language?: string;
  options: Omit<BuildOptions, 'leaflet' | 'language'>;
}

export type BuildOutcome =
  | { ok: true; pages: number; bytes: number; sha256: string; file?: string; ms: number; warnings?: Diagnostic[]; fonts?: string[] }
  | { ok: false; diagnostics: Diagnostic[]; ms: number }
  | { ok: false; internal: string; ms: number; outOfMemory?: true };

/** Builds documents, one per call; in this thread or in a pool of workers. */
export interface Builder {
  build(job: BuildJob): Promise<BuildOutcome>;
  /** Builds in this thread: its documents' charts may be drawn beside it, in the drawing worker. */
  inThread?: boolean;
  /** Drop cached themes and templates everywhere (a file under templates/ changed). */
  forget(): void;
  close(): Promise<void>;
}

/** Build one job with a session; user errors become diagnostics, anything else a bug report. */
export async function buildJob(job: BuildJob, session: Session): Promise<BuildOutcome> {
  const start = performance.now();
  try {
    const r = await buildBrief(job.dir, session, { ...job.options, ...(job.leaflet !== undefined ? { leaflet: job.leaflet } : {}), ...(job.language !== undefined ? { language: job.language } : {}) });
    return {
      ok: true,
      pages: r.pages,
      bytes: r.bytes,
      sha256: r.sha256,
      ...(r.file ? { file: r.file } : {}),
      ...(r.warnings.length > 0 ? { warnings: withoutCauses(r.warnings) } : {}),
      ...(r.fonts.length > 0 ? { fonts: r.fonts } : {}),
      ms: performance.now() - start,
    };
  } catch (error) {
    const ms = performance.now() - start;
    if (isUserError(error)) {
      return { ok: false, diagnostics: withoutCauses(error.diagnostics), ms };
    }
    return { ok: false, internal: (error as Error)?.stack ?? String(error), ms };
  }
}

export function createInProcessBuilder(session: Session): Builder {
  return {
    build: (job) => buildJob(job, session),
    inThread: true,
    forget: () => session.forget(),
    close: async () => {},
  };
}

/** The worker bundle built next to the CLI bundle by scripts/build.mjs. */
export function defaultWorkerScript(): string {
  return path.join(findProjectRoot(), 'dist', 'worker.js');
}

/**
 * What the pool sends a worker with each job. piscina has no way to message every
 * worker, so `forget` bumps `generation` and a worker that sees a newer one than it last
 * handled forgets before building.
 */
export interface BuildTask {
  job: BuildJob;
  generation: number;
}

/** The least heap a pool worker's chart guard gets, however many workers share the default's. */
const MIN_CHART_HEAP_MB = 160;

/** The workers' `workerData`. */
export interface WorkerSetup {
  projectRoot: string;
  /** The heap of each worker's chart guard (see chart/guard.ts), its share of the default's, so that the pool's together stay near one guard's. */
  chartHeapMb: number;
}

/**
 * Each worker's old-generation heap, in MB. Unbounded, V8 lets a worker's heap grow far
 * past what a build keeps (about 60 MB for the China brief, charts and all), and a batch
 * on two workers peaked near 600 MB; bounded, about 350 MB. `BRIEF_WORKER_HEAP_MB`
 * changes it.
 */
export const DEFAULT_WORKER_HEAP_MB = 256;

/**
 * Each worker's young generation, in MB. V8's default for a worker let the first
 * `npm start` (19 PDFs on two workers) peak at 420 MB; at 24 MB it peaks near 390 MB
 * and takes as long (16 MB: 7% slower for no less memory).
 */
const WORKER_YOUNG_MB = 24;

/**
 * A piscina pool of `size` worker threads, each with its own Session that stays loaded
 * between jobs. piscina queues the jobs; a worker that dies fails only its own job (an
 * internal outcome) and is replaced. `script` must export the task function as its
 * default export.
 */
export function createWorkerPool(size: number, projectRoot: string, script = defaultWorkerScript(), heapMb = DEFAULT_WORKER_HEAP_MB): Builder {
  const workerData: WorkerSetup = { projectRoot, chartHeapMb: Math.max(MIN_CHART_HEAP_MB, Math.floor(DEFAULT_GUARD.heapMb / size)) };
  // loaded here, not at start-up: a build of one document never starts a pool
  const { Piscina: Pool } = require('piscina') as { Piscina: typeof Piscina };
  const pool = new Pool<BuildTask, BuildOutcome>({
    filename: script,
    workerData,
    minThreads: size,
    maxThreads: size,
    // warm workers stay for the whole batch, and for a watcher's next one
    idleTimeout: Infinity,
    // a worker's event loop keeps running between jobs, as on any other thread
    atomics: 'disabled',
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: WORKER_YOUNG_MB },
  });
  let generation = 0;
  let closed = false;
  /** Why no worker could start: piscina then stops replacing them, and queued jobs would wait forever. */
  let broken: Error | undefined;
  // piscina reports a worker that dies while it has no job here, and replaces it. A pool
  // left with no worker has to give up, and so has one whose workers fail as they start
  // (as many failures as workers before any job came back): piscina keeps replacing
  // them, and which of the two a machine's timing shows varies
  let finished = false;
  let failures = 0;
  pool.on('error', (error: Error) => {
    failures++;
    if (pool.threads.length > 0 && (finished || failures < size)) return;
    broken = error;
    void pool.destroy();
  });
  const internal = (error: unknown, start: number): BuildOutcome =>
    (error as NodeJS.ErrnoException)?.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? { ok: false, internal: `the build ran out of memory in its worker (${heapMb} MB of heap): build it with --jobs 1, or give workers more with BRIEF_WORKER_HEAP_MB`, ms: performance.now() - start, outOfMemory: true }
      : { ok: false, internal: `build worker failed: ${(error as Error)?.stack ?? String(error)}`, ms: performance.now() - start };

  return {
    async build(job) {
      if (closed) throw new Error('the worker pool is closed');
      const start = performance.now();
      if (broken) return internal(broken, start);
      try {
        const outcome = await pool.run({ job, generation });
        finished = true;
        return outcome;
      } catch (error) {
        if (closed) throw new Error('the worker pool closed before this job finished', { cause: error });
        return internal(broken ?? error, start);
      }
    },
    forget() {
      generation++;
    },
    async close() {
      closed = true;
      await pool.destroy();
    },
  };
}
