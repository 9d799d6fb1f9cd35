import { workerData } from 'node:worker_threads';
import type { BuildOutcome, BuildTask, WorkerSetup } from '../pipeline/builder.js';
import { createSession } from '../pipeline/session.js';
import { createBuildTask } from '../pipeline/worker.js';

const build = createBuildTask(createSession((workerData as WorkerSetup).projectRoot));

/** The entry piscina loads in each worker thread of `--jobs N`: its default export builds one job. */
export default async function (task: BuildTask): Promise<BuildOutcome> {
  return build(task);
}
