/** The chart engine's public face: what the brief pipeline and the CLI use. */
export { createChartEngine, CHART_ENGINE_VERSION } from './render.js';
export { renderChartPdf } from './pdf.js';
export { runChartCommand, type CommandIo } from './command.js';
export { createTextMeasurer, type TextMeasurer } from './measure.js';
export { themeToVegaConfig } from '../theme/vega-config.js';
export type { ChartEngine, ChartEngineOptions, ChartRequest, RenderedChart } from './types.js';
