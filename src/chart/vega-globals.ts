import type * as Vega from 'vega';
import type { TextItem, TextMeasurer } from './measure.js';
import { eachGroup } from './vega-groups.js';

/**
 * Vega keeps two process-wide hooks: `textMetrics` (how wide a label is) and the random
 * source of its statistics transforms. A render sets both and puts them back afterwards;
 * renders run one at a time in the process (render.ts) so they never see each other's settings.
 */
type WidthFn = (item: TextItem, text: unknown) => number;

interface VegaHooks {
  textMetrics: { width: WidthFn; measureWidth: WidthFn };
  random: () => number;
  setRandom(random: () => number): void;
  randomLCG(seed: number): () => number;
}

export interface InstalledHooks {
  /**
   * Switch measurement from layout to drawing. While the dataflow runs, Vega sizes a
   * label by the text it will show (truncated past its `limit`); while drawing, Vega's
   * own truncation asks for raw widths of the candidate strings, so the hook must not
   * truncate again.
   */
  drawing(): void;
  restore(): void;
}

export function installVegaHooks(vega: typeof Vega, measurer: TextMeasurer, seed: number): InstalledHooks {
  const hooks = vega as unknown as VegaHooks;
  const saved = {
    width: hooks.textMetrics.width,
    measureWidth: hooks.textMetrics.measureWidth,
    random: hooks.random,
  };
  const use = (fn: WidthFn) => {
    hooks.textMetrics.width = fn;
    hooks.textMetrics.measureWidth = fn;
  };
  use(measurer.fittedWidth);
  hooks.setRandom(hooks.randomLCG(seed));
  return {
    drawing: () => use(measurer.rawWidth),
    restore() {
      hooks.textMetrics.width = saved.width;
      hooks.textMetrics.measureWidth = saved.measureWidth;
      hooks.setRandom(saved.random);
    },
  };
}

/** A Vega expression's `sequence(…)` asked for more values than a chart may hold. */
export class SequenceTooLongError extends Error {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(`sequence of ${Number.isFinite(length) ? Math.ceil(length).toLocaleString('en') : 'endless'} values`);
  }
}

type SequenceFn = ((...args: number[]) => number[]) & { briefLimit?: number };

/** The expression function that bounds a scale's bins: see boundBinnedScales. */
const BINS_GUARD = 'briefBoundedBins';

/** Values of `start` to `stop` by `step`; Infinity when that would not end. */
function sequenceLength(start: number, stop: number, step: number): number {
  if (step === 0) return start === stop ? 0 : Infinity;
  const length = (stop - start) / step;
  return Number.isNaN(length) ? Infinity : length;
}

/**
 * Bound the two ways Vega makes arrays as long as its inputs ask: the `sequence(…)`
 * expression function, and the bin boundaries of a binned scale (Vega-Lite's binned axes),
 * which a bin `step` of 1e-7 made billions long, the process dying of heap exhaustion
 * after a minute. Written-out `sequence` calls are refused before drawing
 * (validate/chart-limits.ts); these catch those that come from the data. Once per
 * process; `expressionFunction` is Vega's public way to define one.
 */
export function boundSequences(vega: typeof Vega, limit: number): void {
  const current = vega.expressionFunction('sequence') as SequenceFn;
  if (current.briefLimit === limit) return;
  const bounded: SequenceFn = (...args) => {
    const [start, stop, step] = args.length === 1 ? [0, args[0]!, 1] : [args[0]!, args[1]!, args[2] ?? 1];
    const length = sequenceLength(start, stop, step);
    if (!(length <= limit)) throw new SequenceTooLongError(length, limit);
    return current(...args);
  };
  bounded.briefLimit = limit;
  vega.expressionFunction('sequence', bounded);
  vega.expressionFunction(BINS_GUARD, (bins: unknown) => {
    // Vega's bins are a function (a datum's bin) carrying start, stop and step
    if (bins && (typeof bins === 'object' || typeof bins === 'function') && !Array.isArray(bins)) {
      const { start, stop, step } = bins as { start: number; stop: number; step: number };
      const length = sequenceLength(start, stop, step);
      if (!(length <= limit)) throw new SequenceTooLongError(length, limit);
    }
    return bins;
  });
}

/** Route every scale's `bins` signal of a compiled Vega spec through the bound of boundSequences. */
export function boundBinnedScales(spec: Vega.Spec): void {
  eachGroup(spec, (group) => {
    for (const scale of group.scales ?? []) {
      const bins = (scale as { bins?: { signal?: unknown } }).bins;
      if (bins && typeof bins.signal === 'string') bins.signal = `${BINS_GUARD}(${bins.signal})`;
    }
  });
}
