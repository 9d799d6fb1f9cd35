import { buildJob, type BuildOutcome, type BuildTask } from './builder.js';
import type { Session } from './session.js';

/**
 * A build worker's task function: one Session for the thread's life, so themes, fonts
 * and templates stay loaded between jobs. A task from a newer generation than the last
 * one this worker handled means the pool was told to forget (a file under templates/
 * changed): drop the cached templates and themes first.
 */
export function createBuildTask(session: Session): (task: BuildTask) => Promise<BuildOutcome> {
  let generation = 0;
  return (task) => {
    if (task.generation > generation) {
      session.forget();
      generation = task.generation;
    }
    return buildJob(task.job, session);
  };
}
