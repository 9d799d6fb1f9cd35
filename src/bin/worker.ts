import { workerData } from 'node:worker_threads';
import type { BuildOutcome, BuildTask, WorkerSetup } from '../pipeline/builder.js';
import { createSession } from '../pipeline/session.js';
import { createBuildTask } from '../pipeline/worker.js';
import { defaultCompileCacheDir, enableCompileCache, saveCompileCache } from '../perf/compile-cache.js';

// Each worker thread has a module system of its own: the code cache is turned on here
// too, before the first build loads pdfmake and the rest, and written after each build
// (nothing to write once the first build has filled it).
enableCompileCache(defaultCompileCacheDir(import.meta.url));
const build = createBuildTask(createSession((workerData as WorkerSetup).projectRoot));

/** The entry piscina loads in each worker thread of `--jobs N`: its default export builds one job. */
export default async function (task: BuildTask): Promise<BuildOutcome> {
  try {
    return await build(task);
  } finally {
    saveCompileCache();
  }
}
