import { run } from '../cli/index.js';
import { flushProcessStore, writeStoreBehind } from '../store/process-store.js';

/** The CLI process: runs the command line and returns the exit code. */
export async function main(): Promise<number> {
  // Charts draw dates in the process's time zone, and a brief's dates are calendar dates
  // (a `date` column's 2020-01-01 is midnight UTC): drawn in UTC, the same input gives the
  // same PDF on every machine, whatever zone it is set to. Build workers inherit it.
  process.env.TZ = 'UTC';
  writeStoreBehind();

  // Ctrl-C ends `brief watch` and `brief preview` cleanly (workers stopped, no build cut
  // short, the server closed); a second one exits at once.
  const stop = new AbortController();
  if (process.argv[2] === 'watch' || process.argv[2] === 'preview') {
    process.once('SIGINT', () => {
      stop.abort();
      process.once('SIGINT', () => process.exit(130));
    });
  }
  try {
    return await run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal });
  } finally {
    await flushProcessStore();
  }
}
