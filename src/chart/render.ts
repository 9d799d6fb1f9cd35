import path from 'node:path';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { UserError, diagnostic, isUserError } from '../diagnostics/diagnostic.js';
import { themeToVegaConfig } from '../theme/vega-config.js';
import { restoreAggregateParams, takeAggregateParams } from './aggregate-params.js';
import { createChartCache, fullKey, sha256 } from './cache.js';
import { checkScene, findingDiagnostics, warningFindings, type ChartFinding, type DrawnScene } from './checks.js';
import { createRecordingLoader } from './loader.js';
import { createCollectingLogger, type CollectingLogger } from './logger.js';
import { createTextMeasurer } from './measure.js';
import { message } from './messages.js';
import { findProjectRoot } from './project-root.js';
import { createSandbox } from './sandbox.js';
import { stableStringify } from './stable-json.js';
import { svgForPdf } from './svg-for-pdf.js';
import { dropSizeBesideExtent } from './projection-size.js';
import type { ChartDrawer, ChartEngine, ChartEngineOptions, ChartRequest, DrawerSetup, DrawJob, DrawnChart, RenderedChart } from './types.js';
import { canMultiply, guardLimitsFromEnv, guardScript, sharedChartGuard } from './guard.js';
import { SequenceTooLongError, boundBinnedScales, boundSequences, installVegaHooks } from './vega-globals.js';
import { CHART_LIMITS, MAX_MARKS_PER_CHART } from '../validate/chart-limits.js';
import { storeKey } from '../store/store.js';
import { parseJsonWithPlaces } from '../load/json.js';
import type { Path } from '../load/yaml.js';
import { FontFiles } from '../print/face.js';
import { loadShaper } from '../print/shaper.js';
import { primaryFamilies } from '../theme/fallback.js';
import { bundleExports } from '../validate/code-cache.js';

/** Bump when a change to the engine changes what it draws: old cache entries then miss. */
export const CHART_ENGINE_VERSION = 'brief-chart-5';

/** How a kept chart names a fallback font it measured a label with, among the files it read: its bytes' hash stands for them. */
const FONT_INPUT = 'font:';

type VegaLibraries = { vega: typeof import('vega'); vl: typeof import('vega-lite') };

/** Vega and Vega-Lite load with the first chart drawn: a process whose charts all come from the cache never loads them. */
let vegaLibraries: Promise<VegaLibraries> | undefined;
const loadVega = () => (vegaLibraries ??= importVega());

/** Load Vega, Vega-Lite and the shaper ahead of the first chart (a drawing worker's start). */
export const preloadChartLibraries = () => Promise.all([loadVega(), loadShaper()]);

/**
 * From the one-file bundle of both that scripts/build.mjs writes beside the CLI's bundle
 * (dist/vega.cjs), when there is one: Node loads it three times as fast as the packages'
 * fifty-odd modules, and runs it with the code cache the build wrote after drawing sample
 * charts (validate/code-cache.ts). Run from src/, from the packages.
 */
async function importVega(): Promise<VegaLibraries> {
  const bundle = bundleExports<VegaLibraries>('vega', import.meta.url);
  if (bundle) return bundle;
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  return { vega, vl };
}

/** The items of a Vega scenegraph: every mark instance, groups' contents included. */
function markCount(node: unknown): number {
  const items = (node as { items?: unknown[] } | null)?.items;
  if (!Array.isArray(items)) return 0;
  let count = 0;
  for (const item of items) count += 1 + markCount(item);
  return count;
}

/** Where a spec's first mark is set: what draws the marks, the place to aggregate or filter them. */
function firstMark(spec: unknown): Path | undefined {
  const walk = (node: unknown, at: Path): Path | undefined => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) {
        const found = walk(child, [...at, i]);
        if (found) return found;
      }
    } else if (node && typeof node === 'object') {
      if ('mark' in node) return [...at, 'mark'];
      for (const [key, child] of Object.entries(node)) {
        const found = walk(child, [...at, key]);
        if (found) return found;
      }
    }
    return undefined;
  };
  return walk(spec, []);
}

/**
 * Where in a spec a long sequence comes from: the first bin `step` or `maxbins`, else the
 * first expression calling `sequence(…)`.
 */
function sequenceMaker(spec: unknown): Path | undefined {
  const bins: Path[] = [];
  const calls: Path[] = [];
  const walk = (node: unknown, at: Path) => {
    if (typeof node === 'string') {
      if (/\bsequence\s*\(/.test(node)) calls.push(at);
    } else if (Array.isArray(node)) node.forEach((child, i) => walk(child, [...at, i]));
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'bin' && value && typeof value === 'object') {
          const v = value as Record<string, unknown>;
          bins.push('step' in v ? [...at, key, 'step'] : 'maxbins' in v ? [...at, key, 'maxbins'] : [...at, key]);
        }
        walk(value, [...at, key]);
      }
    }
  };
  walk(spec, []);
  return bins[0] ?? calls[0];
}

/** The seed of Vega's random source (statistics transforms: bootstrap intervals, jitter). */
const RANDOM_SEED = 1;

/** Width and height for `"container"` specs when the request names none. */
const DEFAULT_CONTAINER = { width: 400, height: 250 };

/**
 * Renders of the whole process, one after another: Vega's text-measurement and random
 * hooks are process-wide (see vega-globals.ts), so two engines (two themes) drawing in
 * this thread must not render at the same time either.
 */
let queue: Promise<unknown> = Promise.resolve();

/** Compiled Vega-Lite specs kept per engine (oldest dropped first). */
const COMPILED_KEEP = 256;

/**
 * The chart engine: one per process, `render` per chart.
 *
 *   spec → prepare (container size, datasets) → input key → cache hit? → RenderedChart
 *        → draw, in a worker bounded in memory and time when the spec can make more rows
 *          than it reads (guard.ts), else in this thread:
 *            compile (Vega-Lite, theme config under the spec's) → parse (Vega)
 *            → run headless with font-file text metrics and a seeded random source
 *            → toSVG → check the scene (checks.ts: errors throw, warnings are kept with the chart)
 *            → adjust for svg-to-pdfkit
 *        → store under the full key → RenderedChart
 */
export function createChartEngine(opts: ChartEngineOptions): ChartEngine {
  const projectRoot = opts.projectRoot ?? findProjectRoot();
  const fontFiles = opts.fontFiles ?? new FontFiles(opts.store);
  const inputs = chartInputs(projectRoot, fontFiles);
  const cache = createChartCache(opts.store);
  // a chart depends on the bytes of the fonts it was measured with, not on their paths; a
  // fallback font's bytes count for the charts it measured a label of, as a file they read
  const fontBytes = primaryFamilies(opts.fonts).map(([family, files]) => [family, files.map((file) => fontFiles.get(file).hash)]);
  const engineKey = storeKey(CHART_ENGINE_VERSION, stableStringify(opts.theme), stableStringify(fontBytes));
  const setup: DrawerSetup = { fonts: opts.fonts, theme: opts.theme, projectRoot };
  const script = guardScript();
  const limits = opts.guard === undefined ? guardLimitsFromEnv(process.env) : opts.guard;
  const inThread = createChartDrawer(setup, fontFiles);
  const guard = limits && script ? { drawer: sharedChartGuard(setup, script, limits), all: limits.charts === 'all' } : undefined;
  const drawerFor = (spec: unknown, beside: boolean): ChartDrawer => (guard && (beside || guard.all || canMultiply(spec)) ? guard.drawer : inThread);

  async function render(request: ChartRequest, drawer: ChartDrawer): Promise<RenderedChart> {
    const spec = prepareSpec(request);
    // placed anew each time: the spec's text may have moved since the chart was kept
    const withWarnings = (chart: RenderedChart): RenderedChart =>
      chart.findings?.length ? { ...chart, warnings: findingDiagnostics(chart.findings, request.specFile, request.specSource) } : chart;
    const inputKey = sha256(engineKey, stableStringify(spec), stableStringify(request.locale ?? null));
    const sandbox = createSandbox({ dataRoot: request.dataRoot, projectRoot, specFile: request.specFile });
    const cached = cache.lookup(inputKey, (url) => inputs.read(url, sandbox.read));
    if (cached) return withWarnings(cached);
    // kept only once drawn whole: a drawing that fails or is stopped leaves nothing behind
    const { chart, files } = await drawer.draw({ request, inputKey });
    cache.store(inputKey, { key: chart.key, files, chart });
    return withWarnings(chart);
  }

  return {
    render(request, options = {}) {
      const drawer = drawerFor(request.spec, options.beside === true);
      // a chart drawn in the worker waits there for the one before it, not here
      if (drawer !== inThread) return render(request, drawer);
      const run = queue.then(() => render(request, drawer));
      queue = run.catch(() => undefined);
      return run;
    },
    prepare: () => guard?.drawer.prepare(),
    close: async () => guard?.drawer.close(),
  };
}

/** How a chart names the files it read, fallback fonts among them, and reads them back for its key. */
function chartInputs(projectRoot: string, fontFiles: FontFiles) {
  return {
    fontInput: (file: string) => `${FONT_INPUT}${path.relative(projectRoot, file)}`,
    read: (url: string, read: (url: string) => Buffer) => (url.startsWith(FONT_INPUT) ? Buffer.from(fontFiles.get(path.resolve(projectRoot, url.slice(FONT_INPUT.length))).hash) : read(url)),
  };
}

/**
 * The drawing half of the engine, in this thread: what a chart-guard worker runs
 * (bin/chart-worker.ts), and the engine itself when there is no worker bundle to run.
 */
export function createChartDrawer(setup: DrawerSetup, fontFiles = new FontFiles(undefined)): ChartDrawer {
  const { projectRoot } = setup;
  const measurer = createTextMeasurer(setup.fonts, setup.theme.font, fontFiles);
  const config = themeToVegaConfig(setup.theme);
  const inputs = chartInputs(projectRoot, fontFiles);
  const compiledSpecs = new Map<string, { spec: Vega.Spec; warnings: string[]; errors: unknown[] }>();

  async function draw({ request, inputKey }: DrawJob): Promise<DrawnChart> {
    const spec = prepareSpec(request);
    const sandbox = createSandbox({ dataRoot: request.dataRoot, projectRoot, specFile: request.specFile });
    const [{ vega, vl }] = await Promise.all([loadVega(), loadShaper()]);
    boundSequences(vega, CHART_LIMITS.maxRows);
    const recording = createRecordingLoader(sandbox);
    const logger = createCollectingLogger();
    const fail = (rule: string, text: string, cause: unknown) =>
      new UserError(diagnostic({ file: request.specFile, line: 0, column: 0 }, rule, text, { cause }), { cause });
    /** An error at the part of the spec `find` names, when the spec's text is known and it names one; else at the spec file. */
    const failAt = (find: (spec: unknown) => Path | undefined, rule: string, text: string, cause?: unknown) => {
      const at = request.specSource !== undefined ? find(request.spec) : undefined;
      if (!at) return fail(rule, text, cause);
      return new UserError(parseJsonWithPlaces(request.specFile, request.specSource!).diagnose(at, rule, text), cause === undefined ? undefined : { cause });
    };

    // 1. Compile Vega-Lite, the theme's config under the spec's own.
    let runtime: ReturnType<typeof Vega.parse>;
    try {
      runtime = vega.parse(compileWithData(vl, spec, logger));
    } catch (error) {
      throw fail('chart-spec', message.specInvalid(errorText(error)), error);
    }

    // 2. Run the dataflow and draw, with our measurement and a seed from the input; check what was drawn.
    // one fixed seed: the same spec and data draw the same random samples (a bootstrap
    // interval) on every machine and every build of brief
    const seed = RANDOM_SEED;
    // the language's number and date formats, for this view only: Vega's default locale is never set
    const locale = request.locale ? { locale: { number: request.locale.number.definition, time: request.locale.time.definition } } : {};
    const view = new vega.View(runtime, { renderer: 'none', loader: recording.loader, logger, ...locale } as Vega.ViewOptions);
    measurer.takeTried();
    const hooks = installVegaHooks(vega, measurer, seed);
    let svg: string;
    let size: { width: number; height: number };
    let findings: ChartFinding[];
    try {
      await view.runAsync();
      const root = (view.scenegraph() as unknown as { root: { items: DrawnScene['root'][] } }).root;
      const marks = markCount(root);
      if (marks > MAX_MARKS_PER_CHART) {
        throw failAt(firstMark, 'chart-too-many-marks', message.tooManyMarks(marks, MAX_MARKS_PER_CHART));
      }
      hooks.drawing();
      svg = await view.toSVG();
      size = svgSize(svg);
      const scene: DrawnScene = { root: root.items[0] ?? {}, origin: view.origin(), ...size, plot: { width: view.width(), height: view.height() } };
      findings = checkScene(scene, { spec, datasets: request.datasets ?? {} });
    } catch (error) {
      // an error Vega logged while running comes first: what failed after it is its consequence
      throw rethrow(recording.failure() ?? logger.errors[0] ?? error);
    } finally {
      hooks.restore();
      view.finalize();
    }
    const failure = recording.failure() ?? logger.errors[0];
    if (failure) throw rethrow(failure);
    // Vega's warnings about a chart with no data only repeat that it has none
    if (!findings.some((f) => f.rule === 'chart-empty-data')) findings.push(...warningFindings(logger.warnings, spec));
    if (findings.some((f) => f.severity === 'error')) throw new UserError(findingDiagnostics(findings, request.specFile, request.specSource));

    // 3. Store, under the bytes of the files read and of the fallback fonts measured with.
    for (const file of measurer.takeTried()) recording.reads.set(inputs.fontInput(file), inputs.read(inputs.fontInput(file), sandbox.read));
    const chart: RenderedChart = {
      svg: svgForPdf(svg),
      width: size.width,
      height: size.height,
      key: fullKey(inputKey, recording.reads),
      findings,
    };
    return { chart, files: [...recording.reads.keys()] };

    function rethrow(error: unknown): UserError {
      if (error instanceof SequenceTooLongError) return failAt(sequenceMaker, 'chart-too-large', message.sequenceTooLong(error.length, error.limit), error);
      return isUserError(error) ? error : fail('chart-render', message.renderFailed(errorText(error)), error);
    }
  }

  /**
   * Vega-Lite's output for a spec whose named datasets are given as rows. What Vega-Lite
   * makes of a spec does not depend on those rows (it copies them into the Vega spec's
   * data), so it compiles the spec with the datasets empty, once per spec, and the rows
   * are put into a copy of the result: a batch of leaflets compiles each chart's spec
   * once, not once per leaflet. Its warnings and errors are replayed into `logger`.
   */
  function compileWithData(vl: typeof VegaLite, spec: Record<string, unknown>, logger: CollectingLogger): Vega.Spec {
    const datasets = (spec.datasets ?? {}) as Record<string, unknown>;
    const shape = { ...spec, datasets: Object.fromEntries(Object.keys(datasets).map((name) => [name, []])) };
    const key = stableStringify(shape);
    let entry = compiledSpecs.get(key);
    if (!entry) {
      const log = createCollectingLogger();
      const vlSpec = structuredClone(shape);
      const taken = takeAggregateParams(vlSpec);
      const compiled = vl.compile(vlSpec as unknown as TopLevelSpec, { config, logger: log });
      restoreAggregateParams(compiled.spec, taken);
      entry = { spec: compiled.spec, warnings: log.warnings, errors: log.errors };
      if (compiledSpecs.size >= COMPILED_KEEP) compiledSpecs.delete(compiledSpecs.keys().next().value!);
      compiledSpecs.set(key, entry);
    }
    logger.warnings.push(...entry.warnings);
    logger.errors.push(...entry.errors);
    const out = structuredClone(entry.spec);
    boundBinnedScales(out);
    dropSizeBesideExtent(out);
    for (const data of out.data ?? []) {
      if (Object.hasOwn(datasets, data.name) && Array.isArray((data as { values?: unknown }).values)) {
        (data as { values: unknown }).values = structuredClone(datasets[data.name]);
      }
    }
    return out;
  }

  return {
    draw,
    prepare() {
      // the chart family's regular and bold: what nearly every label is set in
      for (const fontWeight of ['normal', 'bold']) void fontFiles.get(measurer.fileOf({ fontWeight })).factsOf;
    },
    close: async () => {},
  };
}

/** The spec as drawn: `"container"` sizes resolved, request datasets bound by name. */
function prepareSpec(request: ChartRequest): Record<string, unknown> {
  const source = request.spec;
  if (!source || typeof source !== 'object' || Array.isArray(source)) {
    throw new UserError(
      diagnostic({ file: request.specFile, line: 0, column: 0 }, 'chart-spec', message.specInvalid('expected a JSON object')),
    );
  }
  const spec = structuredClone(source) as Record<string, unknown>;
  let container = false;
  if (spec.width === 'container') {
    spec.width = request.width ?? DEFAULT_CONTAINER.width;
    container = true;
  }
  if (spec.height === 'container') {
    spec.height = request.height ?? DEFAULT_CONTAINER.height;
    container = true;
  }
  // A container-sized chart must fit its box as a whole, axes and legends included.
  if (container && spec.autosize === undefined) spec.autosize = { type: 'fit', contains: 'padding' };
  if (request.datasets) {
    spec.datasets = { ...(spec.datasets as Record<string, unknown> | undefined), ...request.datasets };
  }
  return spec;
}

function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  return { width: width || 0, height: height || 0 };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
