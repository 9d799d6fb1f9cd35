import { workerData } from 'node:worker_threads';
import type { BuildOutcome, BuildTask, WorkerSetup } from '../pipeline/builder.js';
import { createSession } from '../pipeline/session.js';
import { createBuildTask } from '../pipeline/worker.js';
import { GUARD_ENV } from '../chart/guard.js';
import { flushProcessStore, writeStoreBehind } from '../store/process-store.js';

const setup = workerData as WorkerSetup;
// entries are written while the job goes on, and all of them before it is answered: the
// pool may end this thread as soon as the batch is done
writeStoreBehind();
// each worker's chart guard takes its share of the heap, unless the user set one (this thread's own copy of the environment)
process.env[GUARD_ENV.heapMb] ??= String(setup.chartHeapMb);
const build = createBuildTask(createSession(setup.projectRoot));

/** The entry piscina loads in each worker thread of `--jobs N`: its default export builds one job. */
export default async function (task: BuildTask): Promise<BuildOutcome> {
  try {
    return await build(task);
  } finally {
    await flushProcessStore();
  }
}
