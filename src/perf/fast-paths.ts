/**
 * `BRIEF_FAST_PATHS=off` prints with pdfmake and pdfkit as they are: no module stand-ins,
 * no fonts shared between documents (nor shaped words, subsets or the short post table),
 * no style lookup kept, no drawings replayed, no streams deflated once. Each of those must
 * give the same bytes as the code it stands in for; this is how to check, or to rule one
 * out. Read when pdfmake is first loaded.
 */
export const FAST_PATHS_ENV = 'BRIEF_FAST_PATHS';

export function fastPathsOn(env: Record<string, string | undefined> = process.env): boolean {
  return env[FAST_PATHS_ENV] !== 'off';
}
