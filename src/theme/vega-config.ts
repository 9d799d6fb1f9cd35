import type { Config } from 'vega-lite';
import type { ChartTheme } from './types.js';

/**
 * The theme's chart section as a Vega-Lite config. It sits under each spec's own
 * `config`, so a spec can still override any of it.
 *
 * Sizes derive from two theme numbers the way Vega's defaults do (labels 10, titles 11,
 * text marks 11, chart title 13): fed Vega's default sizes this reproduces Vega's layout.
 */
export function themeToVegaConfig(theme: ChartTheme): Config {
  const font = theme.font;
  const label = { labelFont: font, labelFontSize: theme.fontSize, labelColor: theme.labelColor };
  const title = { titleFont: font, titleFontSize: theme.titleFontSize, titleColor: theme.titleColor };
  return {
    font,
    background: theme.background,
    // no ARIA descriptions in the SVG: the PDF's structure says what a chart shows (its
    // alternative text), and Vega writes every mark's values into one, which for a bar per
    // row of a CSV of long texts made an SVG of tens of megabytes
    aria: false,
    // Print look: no frame around plots, thin guides in the theme's greys.
    view: { stroke: null },
    axis: {
      ...label,
      ...title,
      gridColor: theme.gridColor,
      gridWidth: 0.5,
      domainColor: theme.domainColor,
      domainWidth: 0.75,
      tickColor: theme.domainColor,
      tickWidth: 0.75,
    },
    legend: { ...label, ...title },
    header: { ...label, ...title },
    title: {
      font,
      fontSize: theme.titleFontSize + 2,
      color: theme.titleColor,
      subtitleFont: font,
      subtitleFontSize: theme.fontSize + 1,
      subtitleColor: theme.labelColor,
    },
    mark: { color: theme.palette[0] },
    text: { font, fontSize: theme.fontSize + 1, color: theme.titleColor },
    range: {
      category: theme.palette,
      ramp: theme.ramp,
      heatmap: theme.ramp,
      ordinal: theme.ramp,
    },
  };
}
