import { parentPort, workerData } from 'node:worker_threads';
import { isUserError } from '../diagnostics/diagnostic.js';
import type { GuardReply } from '../chart/guard.js';
import { createChartDrawer, preloadChartLibraries } from '../chart/render.js';
import type { DrawerSetup, DrawJob } from '../chart/types.js';

/**
 * The thread a chart engine draws in (chart/guard.ts): one drawer for the thread's life,
 * so compiled specs and shaped words stay between charts. Jobs come one at a time.
 */
const drawer = createChartDrawer(workerData as DrawerSetup);
// a failure to load shows again, with its job, when the first chart is drawn
preloadChartLibraries().catch(() => undefined);

parentPort!.on('message', async (job: DrawJob) => {
  let reply: GuardReply;
  try {
    reply = { ok: true, drawn: await drawer.draw(job) };
  } catch (error) {
    // causes may hold what cannot cross a thread; the message already says it
    reply = isUserError(error) ? { ok: false, diagnostics: error.diagnostics.map(({ cause: _cause, ...d }) => d) } : { ok: false, internal: (error as Error)?.stack ?? String(error) };
  }
  parentPort!.postMessage(reply);
});
