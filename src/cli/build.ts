import os from 'node:os';
import path from 'node:path';
import { formatDiagnostics } from '../diagnostics/format.js';
import { isWarning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { runBatch, toolVersion, type TargetReport } from '../pipeline/batch.js';
import { createInProcessBuilder, createWorkerPool, type Builder, type BuildJob, type BuildOutcome } from '../pipeline/builder.js';
import { planBuild, type Plan } from '../pipeline/plan.js';
import { createSession, type Session } from '../pipeline/session.js';
import { parseArgs } from './args.js';
import { parseStandards, type PdfStandard } from '../print/standards.js';
import { discoverBriefs, findProjectRootFrom, resolveBriefArg } from './discover.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { createProgress } from './progress.js';

export const BUILD_HELP = `Usage: brief build [BRIEF...] [--out DIR] [--force] [--jobs N] [--shard K/N] [--pdf-standard LIST] [--lang LANGUAGE]

Builds the named briefs and leaflet sets (a folder under content/, its brief.yaml or
leaflets.yaml, its name, or a brief folder elsewhere), or every one under content/ when
none is named, into output/ (or --out DIR), each brief in its own language and in every
translation of it (lang/LANGUAGE.yaml, written to NAME.LANGUAGE.pdf). Only PDFs whose
inputs changed since the last build are rebuilt: the output folder's .brief-manifest.json
records what each PDF was made from. Errors fail the build and keep the last good PDF;
warnings (a chart that looks wrong) are printed and the PDF is written.

Options:
  --out DIR, -o DIR   write PDFs into DIR (default: output/)
  --force, -f         rebuild every PDF, up to date or not
  --jobs N, -j N      build N documents at once (default: number of cores): up to 2 in this
                      thread with charts drawn beside it, more on worker threads
  --shard K/N         build only share K of N (1-based): sorted by PDF name, every Nth from the Kth
  --shard-count N     as --shard K/N with K = JOB_COMPLETION_INDEX + 1 (Kubernetes Indexed Jobs)
  --pdf-standard LIST standards every PDF conforms to, over each brief's meta.standards:
                      a-1b or a-2b (PDF/A), ua-1 (PDF/UA), comma-separated, or none
                      (default: a-2b,ua-1; every PDF is tagged whatever the standards)
  --lang LANGUAGE     only the briefs' PDFs in this language (its own, or a translation)
  --help, -h          show this help
`;

export const CHECK_HELP = `Usage: brief check [BRIEF...] [--jobs N] [--pdf-standard LIST] [--lang LANGUAGE]

Validates the named briefs and leaflet sets (all under content/ when none is named) as a
build would, charts and page fit included, and writes nothing. Prints every error and
warning, located; exits 1 when there is an error, 0 when there are only warnings.

Options:
  --jobs N, -j N      check N documents at once (default: number of cores): up to 2 in this
                      thread with charts drawn beside it, more on worker threads
  --pdf-standard LIST check against these standards (see brief build --help)
  --lang LANGUAGE     only the briefs' PDFs in this language (its own, or a translation)
  --help, -h          show this help
`;

export interface BatchSetup {
  projectRoot: string;
  dirs: string[];
  outDir?: string;
  force: boolean;
  jobs: number;
  shard?: { index: number; count: number };
  sourceDateEpoch?: number;
  /** PDF standards for every document, over what each brief says (`--pdf-standard`). */
  standards?: PdfStandard[];
  /** `brief preview --port N`: 0 for any free port. */
  port?: number;
  /** Only the briefs' PDFs in this language (`--lang`). */
  language?: string;
}

/** Parse the options `build`, `check`, `watch` and `preview` share (`preview`: one brief, and `--port`). */
export function readBatchArgs(argv: string[], io: CliIo, mode: 'build' | 'check' | 'watch' | 'preview'): BatchSetup | undefined {
  const { positional, values } = parseArgs(argv, {
    ...(mode === 'preview' ? { port: { type: 'string', short: 'p' } } : {}),
    out: { type: 'string', short: 'o' },
    jobs: { type: 'string', short: 'j' },
    shard: { type: 'string' },
    'shard-count': { type: 'string' },
    'pdf-standard': { type: 'string' },
    lang: { type: 'string' },
    force: { type: 'boolean', short: 'f' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return undefined;
  if (mode === 'check' && values.out !== undefined) throw new UsageError('check writes nothing: --out does not apply');
  if (mode !== 'build' && (values.shard !== undefined || values['shard-count'] !== undefined)) throw new UsageError(`--shard applies to build only`);
  const projectRoot = findProjectRootFrom(io.cwd);
  if (mode === 'preview' && positional.length > 1) throw new UsageError('preview shows one brief at a time: name one');
  const found = positional.length > 0 ? positional.map((a) => resolveBriefArg(a, io.cwd, projectRoot)) : discoverBriefs(projectRoot);
  const dirs = mode === 'preview' ? found.slice(0, 1) : found;
  if (dirs.length === 0) throw new UsageError(`no briefs found under ${path.join(projectRoot, 'content')}`);
  const outDir = mode === 'check' ? undefined : path.resolve(io.cwd, values.out ?? path.join(projectRoot, 'output'));
  const epoch = io.env.SOURCE_DATE_EPOCH !== undefined ? Number(io.env.SOURCE_DATE_EPOCH) : undefined;
  const shard = readShard(values.shard, values['shard-count'], io.env.JOB_COMPLETION_INDEX);
  const port = mode === 'preview' ? readPort(values.port) : undefined;
  const standards = values['pdf-standard'] !== undefined ? parseStandards(values['pdf-standard']) : undefined;
  if (typeof standards === 'string') throw new UsageError(`--pdf-standard: ${standards}`);
  if (values.lang !== undefined && !/^[a-z]{2}(-[A-Z]{2})?$/.test(values.lang)) throw new UsageError(`--lang needs a language tag such as \`fr\` or \`de-AT\`, found \`${values.lang}\``);
  return {
    projectRoot,
    dirs,
    ...(outDir !== undefined ? { outDir } : {}),
    force: values.force === true,
    jobs: readJobs(values.jobs),
    ...(shard ? { shard } : {}),
    ...(epoch !== undefined && Number.isFinite(epoch) ? { sourceDateEpoch: epoch } : {}),
    ...(standards ? { standards } : {}),
    ...(port !== undefined ? { port } : {}),
    ...(values.lang !== undefined ? { language: values.lang } : {}),
  };
}

function readPort(flag: string | true | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`--port needs a port number from 0 to 65535 (0: any free port), found \`${String(flag)}\``);
  return n;
}

function readJobs(flag: string | true | undefined): number {
  if (flag === undefined) return os.availableParallelism();
  const n = Number(flag);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs needs a whole number of at least 1, found \`${String(flag)}\``);
  return n;
}

/** `--shard K/N`, or `--shard-count N` with K from Kubernetes' 0-based JOB_COMPLETION_INDEX. */
export function readShard(shard: string | true | undefined, count: string | true | undefined, completionIndex: string | undefined): { index: number; count: number } | undefined {
  if (shard !== undefined && count !== undefined) throw new UsageError('give --shard K/N or --shard-count N, not both');
  if (typeof shard === 'string') {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    const k = Number(m?.[1]);
    const n = Number(m?.[2]);
    if (!m || n < 1 || k < 1 || k > n) throw new UsageError(`--shard needs K/N with 1 ≤ K ≤ N, found \`${shard}\``);
    return { index: k, count: n };
  }
  if (typeof count === 'string') {
    const n = Number(count);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--shard-count needs a whole number of at least 1, found \`${count}\``);
    if (completionIndex === undefined) throw new UsageError('--shard-count takes the shard from JOB_COMPLETION_INDEX, which is not set');
    const i = Number(completionIndex);
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new UsageError(`JOB_COMPLETION_INDEX must be 0 to ${n - 1} for --shard-count ${n}, found \`${completionIndex}\``);
    return { index: i + 1, count: n };
  }
  return undefined;
}

/** Up to this many documents at once, they are built in this thread, their charts beside it. */
const IN_THREAD_JOBS = 2;

/**
 * Builders for a batch: in this thread when at most two documents are built at once
 * (min(jobs, stale)), else a pool of that many workers. Two at once, this thread builds
 * (one document laid out while the other waits for its charts) and the drawing worker
 * draws every chart: on two cores, a pool of two workers, each loading and warming up
 * everything, was a fifth to a quarter slower (the 19 PDFs of content/ with an empty store
 * in 4.7 s against 3.7; 100 leaflets in 6.6-7.5 s against 5.8-6.0; alternating runs). In
 * this thread a document's heap is the process's, as when it is built alone. A document
 * whose worker ran out of its bounded heap is built again in this thread, one at a time,
 * as it would be alone: its data is within the limits, and it then builds or fails with
 * its own errors rather than an internal one. `close` ends what was started.
 */
export function createBuilders(session: Session, jobs: number, env: CliIo['env'] = {}, workerScript?: string): { builderFor(stale: number): Builder; forget(): void; close(): Promise<void> } {
  const inProcess = createInProcessBuilder(session);
  let pool: { builder: Builder; size: number } | undefined;
  let again: Promise<unknown> = Promise.resolve();
  const buildAgainHere = (job: BuildJob): Promise<BuildOutcome> => {
    const outcome = again.then(() => inProcess.build(job));
    again = outcome.catch(() => undefined);
    return outcome;
  };
  return {
    builderFor(stale) {
      const size = Math.min(jobs, stale);
      if (size <= IN_THREAD_JOBS) return inProcess;
      if (!pool || pool.size < size) {
        void pool?.builder.close();
        const heapMb = Number(env.BRIEF_WORKER_HEAP_MB) || undefined;
        const workers = createWorkerPool(size, session.projectRoot, workerScript, heapMb);
        pool = {
          builder: {
            ...workers,
            build: async (job) => {
              const outcome = await workers.build(job);
              return !outcome.ok && 'outOfMemory' in outcome ? buildAgainHere(job) : outcome;
            },
          },
          size,
        };
      }
      return pool.builder;
    },
    forget() {
      inProcess.forget();
      pool?.builder.forget();
    },
    async close() {
      await pool?.builder.close();
    },
  };
}

/** What a reported batch did: each document's report, and every problem as printed. */
export interface BatchResult {
  ok: boolean;
  reports: TargetReport[];
  /** The run's user errors and warnings, each said once. */
  diagnostics: Diagnostic[];
  /** Internal errors (bugs), each with its document and stack. */
  internal: string[];
}

/** One batch, reported: progress, summary, then every diagnostic. */
export async function buildAndReport(setup: BatchSetup, session: Session, builders: ReturnType<typeof createBuilders>, io: CliIo, mode: 'build' | 'check', options: { tty?: boolean; last?: boolean } = {}): Promise<BatchResult> {
  const start = performance.now();
  const progress = createProgress(io.stderr, { cwd: io.cwd, verb: mode === 'build' ? 'built' : 'checked', ...(options.tty !== undefined ? { tty: options.tty } : {}) });
  const plan: Plan = planBuild(setup.dirs, session, toolVersion(), setup.language !== undefined ? { language: setup.language } : {});
  const reports = await runBatch(
    plan,
    builders.builderFor,
    {
      ...(setup.outDir !== undefined ? { outDir: setup.outDir } : {}),
      force: setup.force,
      jobs: setup.jobs,
      ...(setup.shard ? { shard: setup.shard } : {}),
      ...(setup.sourceDateEpoch !== undefined ? { sourceDateEpoch: setup.sourceDateEpoch } : {}),
      ...(setup.standards ? { standards: setup.standards } : {}),
      chartsKept: session.store.holds('chart'),
      ...(options.last ? { last: true } : {}),
    },
    { report: (r) => progress.report(r), progress: (d, t, r) => progress.progress(d, t, r) },
  );
  const extra = [setup.shard ? `shard ${setup.shard.index}/${setup.shard.count}` : '', `jobs ${setup.jobs}`].filter(Boolean).join(', ');
  for (const f of plan.failures) io.stderr.write(`failed   ${f.source}: ${f.diagnostics.length} error${f.diagnostics.length === 1 ? '' : 's'}\n`);
  progress.summary(reports, performance.now() - start, extra, plan.failures.length);

  const diagnostics: Diagnostic[] = plan.failures.flatMap((f) => f.diagnostics);
  const internal: string[] = [];
  for (const r of reports) {
    if (r.outcome?.ok && r.outcome.warnings) diagnostics.push(...r.outcome.warnings);
    if (r.outcome && !r.outcome.ok) {
      if ('diagnostics' in r.outcome) diagnostics.push(...r.outcome.diagnostics);
      else internal.push(`${r.target.output}: internal error (this is a bug):\n${r.outcome.internal}\n`);
    }
  }
  const said = dedupe(diagnostics);
  if (said.length > 0) io.stderr.write('\n' + formatDiagnostics(said));
  for (const text of internal) io.stderr.write(`\nbrief: ${text}`);
  // warnings are printed and counted, and never fail a build
  return { ok: !said.some((d) => !isWarning(d)) && internal.length === 0, reports, diagnostics: said, internal };
}

/** `brief build` and `brief check`: all documents, stale ones only unless --force. */
export async function runBuild(argv: string[], io: CliIo, mode: 'build' | 'check'): Promise<number> {
  const setup = readBatchArgs(argv, io, mode);
  if (!setup) {
    io.stdout.write(mode === 'check' ? CHECK_HELP : BUILD_HELP);
    return EXIT.ok;
  }
  const session = createSession(setup.projectRoot);
  const builders = createBuilders(session, setup.jobs, io.env);
  try {
    const { ok } = await buildAndReport(setup, session, builders, io, mode, { last: true });
    return ok ? EXIT.ok : EXIT.failed;
  } finally {
    await builders.close();
  }
}

/** Leaflets of one set often fail for one shared reason: say it once. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.rule}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
