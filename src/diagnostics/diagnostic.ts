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
  hint?: string;
  /** The offending source line, for an excerpt under the message. */
  excerpt?: string;
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
    const text = extra.source.split(/\r?\n/)[place.line - 1];
    if (text !== undefined) d.excerpt = text.length > 160 ? text.slice(0, 157) + '…' : text;
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
