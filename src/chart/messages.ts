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
  hintDataRoot: (dataRoot: string) => `Chart data URLs are read from inside ${dataRoot} (or pkg:PACKAGE/path for installed npm packages).`,
};
