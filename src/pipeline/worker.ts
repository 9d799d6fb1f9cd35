import { parentPort, workerData } from 'node:worker_threads';
import { buildJob, type BuildJob } from './builder.js';
import { createSession } from './session.js';

/**
 * A build worker: one Session for the thread's life, one job at a time, the outcome
 * posted back. Messages: `{ job }` builds; `{ forget: true }` drops cached templates and
 * themes.
 */
export function serveBuilds(): void {
  const port = parentPort;
  if (!port) throw new Error('serveBuilds runs in a worker thread');
  const session = createSession((workerData as { projectRoot: string }).projectRoot);
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (message: { job?: BuildJob; forget?: true }) => {
    queue = queue.then(async () => {
      if (message.forget) session.forget();
      if (message.job) port.postMessage(await buildJob(message.job, session));
    });
  });
}
