import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ChartFinding } from './checks.js';
import type { Store } from '../store/store.js';
import type { ChartLocale } from './locale.js';
import type { FontFiles } from '../print/face.js';
import type { ChartTheme, ResolvedFonts } from '../theme/types.js';

/** One chart to draw: a Vega-Lite spec and what it may read. */
export interface ChartRequest {
  /** The Vega-Lite spec, already parsed. */
  spec: unknown;
  /** File the spec came from, for error messages (relative to the project root). */
  specFile: string;
  /** The spec file's text, to place diagnostics at their line and column. */
  specSource?: string;
  /**
   * Folder that `data/...` URLs in the spec resolve against. Nothing outside it may be
   * read, and nothing is fetched from the network.
   */
  dataRoot: string;
  /** Named datasets bound to `{"data": {"name": ...}}` in the spec, already typed. */
  datasets?: Record<string, Record<string, unknown>[]>;
  /** How numbers and dates are written (the document's language); none: d3's own, en-US. */
  locale?: ChartLocale;
  /** Width and height in points to fit, for specs sized "container". */
  width?: number;
  height?: number;
}

/**
 * A drawn chart: SVG in the theme's fonts, sized in points, ready for pdfmake as
 * `{ svg, width, font: theme.chart.font }` (already adjusted for svg-to-pdfkit).
 */
export interface RenderedChart {
  svg: string;
  width: number;
  height: number;
  /** Hash of spec, data and theme: the cache key. */
  key: string;
  /** What the checks of the drawn chart found short of an error (see checks.ts), kept with it. */
  findings?: ChartFinding[];
  /** The findings as warnings in the spec file, for the caller to print. */
  warnings?: Diagnostic[];
}

export interface ChartEngineOptions {
  fonts: ResolvedFonts;
  theme: ChartTheme;
  /** Where drawn charts are kept between processes; none: in this process only. */
  store?: Store;
  /** The font files labels are measured with, shaping from the store (a session's, shared with printing). */
  fontFiles?: FontFiles;
  /** Folder of brief's package.json, for `pkg:` data URLs; found from this module when absent. */
  projectRoot?: string;
  /**
   * Memory and time one chart's drawing may take (guard.ts); `false` draws in this
   * thread, unbounded. Default: guardLimitsFromEnv(process.env).
   */
  guard?: GuardLimits | false;
}

/** Bounds on drawing one chart in a worker. */
export interface GuardLimits {
  /** The worker's heap, in MB. */
  heapMb: number;
  /** Seconds a drawing may take, the worker's start included. */
  seconds: number;
  /** Which charts are drawn in the worker: those whose spec can make more rows than it reads (guard.ts), or all. */
  charts: 'costly' | 'all';
}

export interface ChartEngine {
  /**
   * Draw a chart, or take it from the cache. `beside`: draw it in the drawing worker
   * whatever its spec (when there is one), so that this thread can go on meanwhile.
   */
  render(request: ChartRequest, options?: { beside?: boolean }): Promise<RenderedChart>;
  /** Start the drawing worker, if there is one, and have it read this engine's fonts, ahead of the charts `beside` will send it. */
  prepare(): void;
  /** Stop the engine's drawing worker, if it has one. */
  close(): Promise<void>;
}

/** What a drawer needs to draw as the engine would: plain data, sent to a worker as is. */
export interface DrawerSetup {
  fonts: ResolvedFonts;
  theme: ChartTheme;
  projectRoot: string;
}

/** One chart to draw, under the input key the engine computed for it. */
export interface DrawJob {
  request: ChartRequest;
  inputKey: string;
}

/** A drawn chart, and the files its key hashes (data URLs read, fallback fonts measured with). */
export interface DrawnChart {
  chart: RenderedChart;
  files: string[];
}

/** Draws charts (in this thread, or in a bounded worker); never keeps them. */
export interface ChartDrawer {
  draw(job: DrawJob): Promise<DrawnChart>;
  /** Read the fonts labels are measured with, ahead of the first chart. */
  prepare(): void;
  close(): Promise<void>;
}
