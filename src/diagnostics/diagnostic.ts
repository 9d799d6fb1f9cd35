/**
 * Diagnostics are values. Every stage reports problems as `Diagnostic`s so a run can
 * collect all of them and print them together, grouped by file.
 */
export interface SourcePlace {
  /** Path of the file, relative to the project root where possible. */
  file: string;
  /** 1-based line; 0 when the problem concerns the file as a whole. */
  line: number;
  /** 1-based column; 0 when unknown. */
  column: number;
}

export interface Diagnostic extends SourcePlace {
  /** Stable identifier of the kind of problem, e.g. `yaml-syntax`, `unknown-key`. */
  rule: string;
  message: string;
  /**
   * `warning`: the input builds, but what it makes looks wrong (a chart squeezed, marks
   * over its axes). Printed and counted; never fails a build. Absent: an error.
   */
  severity?: 'warning';
  hint?: string;
  /** The offending source line, for an excerpt under the message. */
  excerpt?: string;
  /** Column of the caret within `excerpt`, when the excerpt is a window of a long line. */
  excerptColumn?: number;
  cause?: unknown;
}

/** A problem in the user's input: printed with its location, never with a stack. */
export class UserError extends Error {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[] | Diagnostic, options?: { cause?: unknown }) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'), options);
    this.name = 'UserError';
    this.diagnostics = list;
  }
}

export function isWarning(d: Diagnostic): boolean {
  return d.severity === 'warning';
}

/** Diagnostics to send to another thread: a cause may hold what cannot cross, and the message says it already. */
export function withoutCauses(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.map(({ cause: _cause, ...d }) => d);
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError;
}

/** Build a diagnostic, filling the excerpt from the source text when given. */
export function diagnostic(
  place: SourcePlace,
  rule: string,
  message: string,
  extra: { hint?: string; source?: string; cause?: unknown } = {},
): Diagnostic {
  const d: Diagnostic = { ...place, rule, message };
  if (extra.hint) d.hint = extra.hint;
  if (extra.cause !== undefined) d.cause = extra.cause;
  if (extra.source !== undefined && place.line > 0) {
    const text = lineOf(extra.source, place.line);
    if (text !== undefined) {
      if (text.length <= 160) d.excerpt = text;
      else if (place.column <= 120) d.excerpt = text.slice(0, 157) + '…';
      else {
        // a window of a long line around the column
        const from = place.column - 61;
        d.excerpt = '…' + text.slice(from, from + 120) + (from + 120 < text.length ? '…' : '');
        d.excerptColumn = 62;
      }
    }
  }
  return d;
}

/** Line and column (both 1-based) of a character offset in a text. */
export function placeOfOffset(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(Math.max(offset, 0), source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Line `n` (1-based) of a text, without splitting all of a large file. */
function lineOf(source: string, n: number): string | undefined {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const next = source.indexOf('\n', start);
    if (next < 0) return undefined;
    start = next + 1;
  }
  const end = source.indexOf('\n', start);
  return source.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}
