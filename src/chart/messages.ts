/** Every user-facing message of the chart engine, so tests can assert against the same text. */
export const message = {
  urlForbidden: (url: string, why: string) => `chart data URL "${url}" is not allowed: ${why}`,
  urlMissing: (url: string) => `chart data URL "${url}" names no readable file`,
  packageMissing: (url: string, name: string) => `chart data URL "${url}" names package "${name}", which is not installed`,
  specInvalid: (detail: string) => `chart spec is not valid Vega-Lite: ${detail}`,
  renderFailed: (detail: string) => `chart could not be drawn: ${detail}`,
  tooManyMarks: (marks: number, max: number) => `chart draws ${marks.toLocaleString('en')} marks; at most ${max.toLocaleString('en')} print legibly: aggregate or filter the data in the spec (or draw a sample)`,
  sequenceTooLong: (length: number, max: number) =>
    `chart asks for a sequence of ${Number.isFinite(length) ? Math.ceil(length).toLocaleString('en') : 'endless'} values (a binned axis of a tiny \`step\`, or \`sequence(…)\` in an expression); at most ${max.toLocaleString('en')}: use a larger bin \`step\` or fewer \`maxbins\``,
  drawingTooBig: (file: string, mb: number) => `drawing ${file} needed more than ${mb} MB of memory`,
  drawingTooSlow: (file: string, seconds: number) => `drawing ${file} took more than ${seconds} s`,
  hintTooCostly: 'aggregate or sample the data before it reaches the chart, or use a larger step; BRIEF_CHART_HEAP_MB and BRIEF_CHART_SECONDS raise the bounds',
  emptyDataset: (name: string) => `chart draws no data: dataset \`${name}\` has no rows`,
  emptyData: 'chart draws no data: its data has no rows',
  emptyAfterTransforms: 'chart draws no data: no row is left after its `transform`s',
  hintEmptyDataset: 'give the dataset rows (its CSV has only a header?), or leave the chart out',
  hintEmptyAfterTransforms: 'check the filters of `transform` against the values of the data',
  outsideBox: (what: string, by: number, side: string, width: number, height: number) =>
    `${what} ${/marks$/.test(what) ? 'are' : 'is'} drawn ${by} pt past the ${side} edge of the chart's ${Math.round(width)} × ${Math.round(height)} pt box, where the page cuts ${/marks$/.test(what) ? 'them' : 'it'} off`,
  hintOutsideBox: 'give the chart more room (its `height` or `width`), or shorten the labels and titles',
  hintLegendOutside: 'give the chart more height, or move the legend (`"legend": {"orient": "bottom"}`), or give it fewer symbols',
  squeezed: (dimension: 'width' | 'height', plot: number, chart: number) =>
    `the plot area is squeezed to ${plot} pt of the chart's ${chart} pt ${dimension}: axes, titles and legends take the rest`,
  hintSqueezed: (dimension: 'width' | 'height') =>
    dimension === 'height' ? 'give the chart more height, or move the legend to the side, or shorten the x axis labels' : 'give the chart more width, or move the legend below the plot, or shorten the y axis labels',
  outsidePlot: (mark: string, by: number, side: string, channel: string, field: string | undefined) =>
    `the ${mark} marks run ${by} pt ${side === 'above' || side === 'below' ? side : `past the ${side} of`} the plot area, over the axes: ${field !== undefined ? `\`${field}\` has` : 'the data have'} values outside the ${channel} scale's domain`,
  hintOutsidePlot: 'set `"clip": true` on the mark, or widen the domain',
  vegaWarning: (text: string) => `Vega warns: ${text}`,
  namedDatasetMissing: (name: string, looked: string) => `chart reads dataset \`${name}\`, and ${looked} does not exist`,
  hintNamedDataset: 'give the brief\'s folder as --data-root: named datasets are read from its data/NAME.yaml (or use `"data": {"url": "data/file.csv"}`)',
  hintDataRoot: (dataRoot: string) => `Chart data URLs are read from inside ${dataRoot} (or pkg:PACKAGE/path for installed npm packages).`,
};
