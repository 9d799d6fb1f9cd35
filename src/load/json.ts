import { diagnostic, placeOfOffset, UserError } from '../diagnostics/diagnostic.js';

/** JSON.parse with the error placed at its line and column. */
export function parseJson(file: string, source: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    const message = (error as Error).message;
    const m = /position (\d+)/.exec(message);
    const place = m ? placeOfOffset(source, Number(m[1])) : { line: 1, column: 1 };
    throw new UserError(
      diagnostic({ file, ...place }, 'json-syntax', `JSON syntax: ${message.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, '')}`, { source, cause: error }),
    );
  }
}
