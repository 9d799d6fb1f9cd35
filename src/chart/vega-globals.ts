import type * as Vega from 'vega';
import type { TextItem, TextMeasurer } from './measure.js';

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
