import { workerData } from 'node:worker_threads';
import type { WorkerSetup } from '../pipeline/builder.js';
import { createSession } from '../pipeline/session.js';
import { createBuildTask } from '../pipeline/worker.js';

/** The entry piscina loads in each worker thread of `--jobs N`: its default export builds one job. */
export default createBuildTask(createSession((workerData as WorkerSetup).projectRoot));
