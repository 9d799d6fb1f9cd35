import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { diagnostic, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseJsonWithPlaces } from '../load/json.js';
import type { Path } from '../load/yaml.js';
import { message } from './messages.js';
import { findProjectRoot } from './project-root.js';
import { stableStringify } from './stable-json.js';
import type { ChartDrawer, DrawerSetup, DrawJob, DrawnChart, GuardLimits } from './types.js';

/**
 * A chart's drawing, bounded. Checks before drawing refuse the known ways a spec makes
 * huge data (validate/chart-limits.ts), but Vega-Lite has more: an `impute` over a
 * groupby × key grid of 20,000 rows ran 45 s and died of heap exhaustion, taking the
 * whole build with it, unlocated; a `pivot` of as many keys ran for minutes. So a chart
 * whose spec can make more than it reads is drawn in a worker thread with a heap of its
 * own and a deadline: one that outgrows either is stopped and becomes an error at its
 * spec, and the next chart is drawn by a fresh worker. The others are drawn in the
 * build's thread, as the worker would draw them: a worker costs a second copy of Vega and
 * of the fonts, about a tenth more CPU for the China factsheet, whose specs only filter,
 * calculate, look up and stack.
 */

/**
 * 512 MB of heap: a chart of 100,000 rows (CSV_LIMITS) through a few transforms needs
 * under 200. 20 s: the China factsheet's charts take half a second together.
 */
export const DEFAULT_GUARD: GuardLimits = { heapMb: 512, seconds: 20, charts: 'costly' };

/**
 * Environment variables that change the bounds; `BRIEF_CHART_GUARD=0` draws every chart
 * in the build's own thread, unbounded, and `all` every chart in the worker.
 */
export const GUARD_ENV = { heapMb: 'BRIEF_CHART_HEAP_MB', seconds: 'BRIEF_CHART_SECONDS', charts: 'BRIEF_CHART_GUARD' } as const;

export function guardLimitsFromEnv(env: Record<string, string | undefined>): GuardLimits | false {
  const charts = env[GUARD_ENV.charts];
  if (charts === '0') return false;
  const positive = (name: string, fallback: number) => {
    const n = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
  };
  return {
    heapMb: positive(GUARD_ENV.heapMb, DEFAULT_GUARD.heapMb),
    seconds: positive(GUARD_ENV.seconds, DEFAULT_GUARD.seconds),
    charts: charts === 'all' ? 'all' : DEFAULT_GUARD.charts,
  };
}

/**
 * Transforms that keep the rows they are given, or fewer: everything else (an `impute`,
 * a `pivot`, a `flatten`, a `window` frame, a `regression` of a high order, a `density`,
 * a transform Vega-Lite adds later) is drawn in the worker.
 */
const ROW_KEEPING = new Set(['filter', 'calculate', 'aggregate', 'joinaggregate', 'stack', 'timeUnit', 'bin', 'lookup', 'sample', 'extent']);

const keepsRows = (transform: unknown) => transform !== null && typeof transform === 'object' && Object.keys(transform).some((op) => ROW_KEEPING.has(op));

/**
 * Expression functions whose result is no larger than their arguments (a row's own
 * values). `sequence`, `split`, `pad` and any other make values as large as a number
 * asks: a spec that calls one is drawn in the worker.
 */
const SMALL_CALLS = new Set([
  'isValid', 'isNaN', 'isFinite', 'isDate', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isObject', 'isDefined',
  'format', 'timeFormat', 'utcFormat', 'timeParse', 'utcParse', 'toNumber', 'toString', 'toBoolean', 'toDate',
  'length', 'indexof', 'lastindexof', 'lower', 'upper', 'trim', 'substring', 'slice', 'if', 'inrange',
  'abs', 'round', 'floor', 'ceil', 'min', 'max', 'log', 'exp', 'pow', 'sqrt', 'clamp',
  'year', 'quarter', 'month', 'date', 'day', 'hours', 'minutes', 'seconds', 'datetime', 'utc',
  'utcyear', 'utcquarter', 'utcmonth', 'utcdate', 'utcday', 'utchours', 'utcminutes', 'utcseconds',
]);

/** Keys whose string values are Vega expressions. */
const EXPRESSION_KEYS = new Set(['calculate', 'filter', 'expr', 'test', 'signal', 'update', 'and', 'or', 'not']);

/** Keys that draw a panel per value of the data. */
const PANEL_KEYS = new Set(['facet', 'repeat', 'row', 'column']);

/**
 * Whether a spec can make more than it reads, and so is drawn in the worker: a transform
 * that is not row-keeping, an expression calling a function that may build a large value,
 * or panels per value of the data. Unknown means yes.
 */
export function canMultiply(spec: unknown): boolean {
  // `key`: the key the value is under (an array's elements are under the array's)
  const visit = (node: unknown, key: string | undefined): boolean => {
    if (typeof node === 'string') {
      return key !== undefined && EXPRESSION_KEYS.has(key) && [...node.matchAll(/([A-Za-z_$][\w$]*)\s*\(/g)].some(([, name]) => !SMALL_CALLS.has(name!));
    }
    if (node === null || typeof node !== 'object') return false;
    if (Array.isArray(node)) {
      return (key === 'transform' && !node.every(keepsRows)) || node.some((child) => visit(child, key));
    }
    return Object.entries(node).some(([k, child]) => PANEL_KEYS.has(k) || visit(child, k));
  };
  return visit(spec, undefined);
}

/** The worker bundle scripts/build.mjs writes beside the CLI's; none when running from src/ without dist/. */
export function guardScript(): string | undefined {
  const script = path.join(findProjectRoot(), 'dist', 'chart-worker.js');
  return fs.existsSync(script) ? script : undefined;
}

/**
 * The guards of this process, one per setup and bounds: engines of one theme (a watcher's
 * session after it forgets, a test's engines) share a worker rather than each starting one.
 */
const guards = new Map<string, ChartDrawer>();

export function sharedChartGuard(setup: DrawerSetup, script: string, limits: GuardLimits): ChartDrawer {
  const key = stableStringify([setup, script, limits]);
  let guard = guards.get(key);
  if (!guard) {
    const own = createChartGuard(setup, script, limits);
    guard = {
      draw: own.draw,
      close() {
        guards.delete(key);
        return own.close();
      },
    };
    guards.set(key, guard);
  }
  return guard;
}

/** What the worker answers for a job (bin/chart-worker.ts). */
export type GuardReply = { ok: true; drawn: DrawnChart } | { ok: false; diagnostics: Diagnostic[] } | { ok: false; internal: string };

/** Young generation of the worker: V8's default for a worker, named so the bound is whole. */
const YOUNG_MB = 32;

/**
 * A drawer that runs each job in a worker thread of `limits.heapMb` and stops it after
 * `limits.seconds`. Jobs come one at a time (the engine queues them). The worker does not
 * keep the process alive while it has no job.
 */
export function createChartGuard(setup: DrawerSetup, script: string, limits: GuardLimits): ChartDrawer {
  let worker: Worker | undefined;
  const start = () => {
    const w = new Worker(script, { workerData: setup, resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: YOUNG_MB } });
    // a worker that dies between jobs is replaced at the next one
    w.on('error', () => undefined);
    w.on('exit', () => {
      if (worker === w) worker = undefined;
    });
    w.unref();
    return w;
  };
  function draw(job: DrawJob): Promise<DrawnChart> {
    const w = (worker ??= start());
    w.ref();
    return new Promise<DrawnChart>((resolve, reject) => {
      const stop = (error: Error) => {
        if (worker === w) worker = undefined;
        void w.terminate();
        reject(error);
      };
      const timer = setTimeout(() => {
        done();
        stop(tooCostly(job, message.drawingTooSlow(job.request.specFile, limits.seconds)));
      }, limits.seconds * 1000);
      const onMessage = (reply: GuardReply) => {
        done();
        if (reply.ok) resolve(reply.drawn);
        else if ('diagnostics' in reply) reject(new UserError(reply.diagnostics));
        else reject(new Error(`drawing ${job.request.specFile} failed: ${reply.internal}`));
      };
      const onError = (error: Error) => {
        done();
        const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
        stop(outOfMemory ? tooCostly(job, message.drawingTooBig(job.request.specFile, limits.heapMb)) : new Error(`the chart worker failed drawing ${job.request.specFile}`, { cause: error }));
      };
      const onExit = (code: number) => {
        done();
        stop(new Error(`the chart worker stopped (exit code ${code}) drawing ${job.request.specFile}`));
      };
      const done = () => {
        clearTimeout(timer);
        w.off('message', onMessage).off('error', onError).off('exit', onExit);
        w.unref();
      };
      w.on('message', onMessage).on('error', onError).on('exit', onExit);
      w.postMessage(job);
    });
  }

  return {
    draw,
    async close() {
      const w = worker;
      worker = undefined;
      await w?.terminate();
    },
  };
}

/** Vega-Lite's transforms that are not row-keeping, to name one by its operation whatever the order of its keys. */
const ROW_MULTIPLIERS = ['impute', 'pivot', 'flatten', 'fold', 'window', 'regression', 'loess', 'density', 'quantile'];

/**
 * Where a spec most likely asks for too much: its first transform that is not row-keeping,
 * else its `repeat` or `facet`. Which part it was is not known (the worker was stopped, not
 * asked), so the message names it as the likely one.
 */
export function likelyCostlyPart(spec: unknown): { at: Path; name: string } | undefined {
  let found: { at: Path; name: string } | undefined;
  let panels: { at: Path; name: string } | undefined;
  const walk = (node: unknown, at: Path) => {
    if (found || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((child, i) => walk(child, [...at, i]));
    const entries = Object.entries(node);
    if (at[at.length - 2] === 'transform' && !keepsRows(node)) {
      const op = ROW_MULTIPLIERS.find((name) => name in node) ?? Object.keys(node)[0];
      if (op) return void (found = { at: [...at, op], name: op });
    }
    for (const [key, child] of entries) {
      if ((key === 'repeat' || key === 'facet') && !panels) panels = { at: [...at, key], name: key };
      walk(child, [...at, key]);
    }
  };
  walk(spec, []);
  return found ?? panels;
}

/** A drawing stopped for its cost, at the spec's likely costly part when there is one. */
function tooCostly(job: DrawJob, text: string): UserError {
  const { specFile, specSource, spec } = job.request;
  const part = likelyCostlyPart(spec);
  const full = part ? `${text}; its \`${part.name}\` may make too many rows` : text;
  if (specSource === undefined) return new UserError(diagnostic({ file: specFile, line: 0, column: 0 }, 'chart-too-costly', full, { hint: message.hintTooCostly }));
  return new UserError(parseJsonWithPlaces(specFile, specSource).diagnose(part?.at ?? [], 'chart-too-costly', full, message.hintTooCostly));
}
