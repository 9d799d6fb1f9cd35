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
 * The drawing workers of this process, one per script and bounds: engines of every theme (a
 * watcher's session after it forgets, a test's engines) share one, each job carrying the
 * setup it is drawn with, rather than each starting its own.
 */
const workers = new Map<string, GuardWorker>();

function sharedWorker(script: string, limits: GuardLimits): GuardWorker {
  const key = stableStringify([script, limits]);
  let worker = workers.get(key);
  if (!worker) {
    const own = createGuardWorker(script, limits);
    worker = {
      ...own,
      close() {
        workers.delete(key);
        return own.close();
      },
    };
    workers.set(key, worker);
  }
  return worker;
}

/** A drawer of `setup` on the shared worker of `script` and `limits`. */
export function sharedChartGuard(setup: DrawerSetup, script: string, limits: GuardLimits): ChartDrawer {
  const worker = sharedWorker(script, limits);
  return { draw: (job) => worker.draw(job, setup), prepare: () => worker.prepare(setup), close: () => worker.close() };
}

/**
 * Start the drawing worker the engines of this process will share, before any chart is
 * asked for: it loads Vega and Vega-Lite on another core while this thread reads the brief.
 * Nothing when charts are drawn in this thread only (`BRIEF_CHART_GUARD=0`, no worker bundle).
 * Whether there is a worker (started now or before) to draw beside this thread.
 */
export function prestartChartGuard(env: Record<string, string | undefined> = process.env): boolean {
  const worker = workerFromEnv(env);
  worker?.start();
  return worker !== undefined;
}

/**
 * Let the drawing workers of this process end once the jobs sent so far are answered: the
 * last build to draw beside has sent its last. A worker ends then, beside the build's
 * printing, rather than with the process, whose end waited 10-15 ms for a worker's heap to
 * be freed. A job sent after starts a fresh worker.
 */
export function retireChartGuards(): void {
  for (const worker of workers.values()) worker.retire();
}

/** How many drawing worker threads of this process are running. */
export function runningChartGuards(): number {
  return [...workers.values()].filter((worker) => worker.running()).length;
}

/**
 * Have the drawing worker check chart specs against Vega-Lite's schema, while this thread
 * goes on with the build: true when every one is valid, false when one is not or the
 * check failed (the caller then checks them itself, and says where). Undefined when charts
 * are drawn in this thread only: nothing checks them beside it.
 */
export function checkSpecsBeside(specs: SpecText[], env: Record<string, string | undefined> = process.env): Promise<boolean> | undefined {
  return workerFromEnv(env)?.check(specs).catch(() => false);
}

/** The shared worker of the bounds `env` sets; none when charts are drawn in this thread only. */
function workerFromEnv(env: Record<string, string | undefined>): GuardWorker | undefined {
  const limits = guardLimitsFromEnv(env);
  const script = guardScript();
  return limits && script ? sharedWorker(script, limits) : undefined;
}

/** A chart spec as read: its file, from the project's root, and its text. */
export interface SpecText {
  file: string;
  source: string;
}

/**
 * What the worker is sent (bin/chart-worker.ts): a job to draw, specs to check, or a
 * setup to make ready (answered with nothing).
 */
export type GuardRequest = { job: DrawJob; setup: DrawerSetup } | { check: SpecText[] } | { setup: DrawerSetup };

/** What the worker answers for a job or a check (bin/chart-worker.ts). */
export type GuardReply = { ok: true; drawn: DrawnChart } | { ok: true; valid: boolean } | { ok: false; diagnostics: Diagnostic[] } | { ok: false; internal: string };

/** Young generation of the worker: V8's default for a worker, named so the bound is whole. */
const YOUNG_MB = 32;

interface GuardWorker {
  /** Start the worker now, if it is not running: it loads the chart libraries while it waits. */
  start(): void;
  draw(job: DrawJob, setup: DrawerSetup): Promise<DrawnChart>;
  check(specs: SpecText[]): Promise<boolean>;
  /** Start the worker if it is not running, and have it read the fonts of `setup`. */
  prepare(setup: DrawerSetup): void;
  /** End the worker once it has no job: those sent so far answered (a job sent after starts a fresh one, which ends the same way). */
  retire(): void;
  /** Whether a worker thread is running. */
  running(): boolean;
  close(): Promise<void>;
}

/** A job or a check sent to the worker and not yet answered. */
interface Sent {
  request: GuardRequest & ({ job: DrawJob } | { check: SpecText[] });
  /** What it is named by in an error: the spec drawn, or the first checked. */
  file: string;
  answer(reply: Extract<GuardReply, { ok: true }>): void;
  reject(error: Error): void;
}

/**
 * A worker thread of `limits.heapMb` that draws the jobs it is sent one after another, in
 * the order sent, each stopped after `limits.seconds` (counted from when the one before it
 * ended, or from the worker's start). Jobs are sent as they come, so that the worker goes
 * from one to the next without waiting on the sender's thread. A job that outgrows its
 * bounds stops the worker; the jobs after it are sent again to a fresh one. The worker
 * does not keep the process alive while it has no job. Checks of specs are jobs like any
 * other.
 */
function createGuardWorker(script: string, limits: GuardLimits): GuardWorker {
  let worker: Worker | undefined;
  const sent: Sent[] = [];
  let timer: NodeJS.Timeout | undefined;
  // end the worker once it has no job (retire)
  let retiring = false;
  const end = () => {
    const w = worker;
    worker = undefined;
    void w?.terminate();
  };

  const start = (): Worker => {
    const w = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: YOUNG_MB } });
    w.on('message', (reply: GuardReply) => {
      if (w !== worker) return;
      const job = sent.shift();
      if (!job) return;
      if (reply.ok) job.answer(reply);
      else if ('diagnostics' in reply) job.reject(new UserError(reply.diagnostics));
      else job.reject(new Error(`${'check' in job.request ? 'checking' : 'drawing'} ${job.file} failed: ${reply.internal}`));
      next();
    });
    w.on('error', (error: Error) => {
      if (w !== worker) return;
      const outOfMemory = (error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY';
      stop((job) => (outOfMemory && 'job' in job.request ? tooCostly(job.request.job, message.drawingTooBig(job.file, limits.heapMb)) : new Error(`the chart worker failed on ${job.file}`, { cause: error })));
    });
    w.on('exit', (code: number) => {
      // a worker that dies between jobs is replaced at the next one
      if (w === worker) stop((job) => new Error(`the chart worker stopped (exit code ${code}) on ${job.file}`));
    });
    w.unref();
    return w;
  };

  /** The first job answered: time the next, or let the process end while there is none. */
  const next = () => {
    clearTimeout(timer);
    timer = undefined;
    if (sent.length === 0) {
      if (retiring) end();
      else worker?.unref();
      return;
    }
    const job = sent[0]!;
    timer = setTimeout(() => stop(() => ('job' in job.request ? tooCostly(job.request.job, message.drawingTooSlow(job.file, limits.seconds)) : new Error(`checking ${job.file} took over ${limits.seconds} s`))), limits.seconds * 1000);
  };

  /** The first job failed, as `error` says: the worker is stopped, and the jobs after it go to a fresh one. */
  const stop = (error: (job: Sent) => Error) => {
    clearTimeout(timer);
    timer = undefined;
    end();
    const failed = sent.shift();
    failed?.reject(error(failed));
    const rest = sent.splice(0);
    for (const job of rest) send(job);
  };

  const send = (job: Sent) => {
    const w = (worker ??= start());
    w.ref();
    sent.push(job);
    w.postMessage(job.request);
    if (sent.length === 1) next();
  };

  return {
    start() {
      worker ??= start();
    },
    draw: (job, setup) =>
      new Promise<DrawnChart>((resolve, reject) =>
        send({ request: { job, setup }, file: job.request.specFile, answer: (reply) => ('drawn' in reply ? resolve(reply.drawn) : reject(new Error(`the chart worker did not draw ${job.request.specFile}`))), reject }),
      ),
    check: (specs) =>
      specs.length === 0
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve, reject) => send({ request: { check: specs }, file: specs[0]!.file, answer: (reply) => ('valid' in reply ? resolve(reply.valid) : reject(new Error(`the chart worker did not check ${specs[0]!.file}`))), reject })),
    prepare(setup) {
      const request: GuardRequest = { setup };
      (worker ??= start()).postMessage(request);
    },
    retire() {
      retiring = true;
      if (sent.length === 0) end();
    },
    running: () => worker !== undefined,
    async close() {
      clearTimeout(timer);
      const w = worker;
      worker = undefined;
      for (const job of sent.splice(0)) job.reject(new Error(`the chart worker closed before it was done with ${job.file}`));
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
