import { parentPort } from 'node:worker_threads';
import { isUserError, withoutCauses } from '../diagnostics/diagnostic.js';
import type { GuardReply, GuardRequest, SpecText } from '../chart/guard.js';
import { stableStringify } from '../chart/stable-json.js';
import { createChartDrawer, preloadChartLibraries } from '../chart/render.js';
import type { ChartDrawer } from '../chart/types.js';
import { parseJsonWithPlaces } from '../load/json.js';
import { validateVegaLite } from '../validate/vega-lite.js';

/**
 * The thread a chart engine draws in (chart/guard.ts): a drawer per setup (theme and
 * fonts) for the thread's life, so compiled specs and shaped words stay between charts.
 * Jobs are drawn, and specs checked against Vega-Lite's schema (for a build that draws
 * beside it), in the order they come. The chart libraries load as the thread starts,
 * before its first job.
 */
const drawers = new Map<string, ChartDrawer>();
// a failure to load shows again, with its job, when the first chart is drawn
preloadChartLibraries().catch(() => undefined);

// jobs are drawn one after another, in the order they came: Vega's hooks are per thread
let queue = Promise.resolve();
parentPort!.on('message', (request: GuardRequest) => {
  queue = queue.then(() => answer(request));
});

async function answer(request: GuardRequest): Promise<void> {
  if ('check' in request) return parentPort!.postMessage(check(request.check));
  const { setup } = request;
  const job = 'job' in request ? request.job : undefined;
  let reply: GuardReply;
  try {
    const key = stableStringify(setup);
    let drawer = drawers.get(key);
    if (!drawer) drawers.set(key, (drawer = createChartDrawer(setup)));
    if (!job) {
      // made ready ahead of its jobs: what fails here fails again with the first job, which says it
      drawer.prepare();
      return;
    }
    reply = { ok: true, drawn: await drawer.draw(job) };
  } catch (error) {
    if (!job) return;
    reply = isUserError(error) ? { ok: false, diagnostics: withoutCauses(error.diagnostics) } : { ok: false, internal: (error as Error)?.stack ?? String(error) };
  }
  parentPort!.postMessage(reply);
}

/** Whether every spec is valid by Vega-Lite's schema: the build's thread places the problems, if any. */
function check(specs: SpecText[]): GuardReply {
  try {
    return { ok: true, valid: specs.every(({ file, source }) => validateVegaLite(parseJsonWithPlaces(file, source)).length === 0) };
  } catch (error) {
    return { ok: false, internal: (error as Error)?.stack ?? String(error) };
  }
}
