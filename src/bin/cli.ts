import { run } from '../cli/index.js';
import { findProjectRoot } from '../chart/project-root.js';
import { CHART_CACHE_ENV, defaultChartCacheDir } from '../perf/chart-cache-dir.js';

/**
 * The CLI process, once the launcher (bin/brief.ts) has set up the code cache: runs the
 * command line and returns the exit code.
 */
export async function main(): Promise<number> {
  // Charts draw dates in local time: without a time zone set, use UTC so that the same
  // input gives the same PDF on every machine.
  process.env.TZ ??= 'UTC';

  // Drawn charts are kept between runs (BRIEF_CHART_CACHE=off to turn that off); build workers inherit the setting.
  process.env[CHART_CACHE_ENV] ??= defaultChartCacheDir(import.meta.url, findProjectRoot());

  // Ctrl-C ends `brief watch` cleanly (workers stopped, no build cut short); a second one exits at once.
  const stop = new AbortController();
  if (process.argv[2] === 'watch') {
    process.once('SIGINT', () => {
      stop.abort();
      process.once('SIGINT', () => process.exit(130));
    });
  }
  return run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal });
}
