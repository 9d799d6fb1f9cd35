import { workerData } from 'node:worker_threads';
import type { BuildOutcome, BuildTask, WorkerSetup } from '../pipeline/builder.js';
import { createSession } from '../pipeline/session.js';
import { createBuildTask } from '../pipeline/worker.js';
import { GUARD_ENV } from '../chart/guard.js';

const setup = workerData as WorkerSetup;
// each worker's chart guard takes its share of the heap, unless the user set one (this thread's own copy of the environment)
process.env[GUARD_ENV.heapMb] ??= String(setup.chartHeapMb);
const build = createBuildTask(createSession(setup.projectRoot));

/** The entry piscina loads in each worker thread of `--jobs N`: its default export builds one job. */
export default async function (task: BuildTask): Promise<BuildOutcome> {
  return build(task);
}
