import { isUserError, type Diagnostic } from '../../src/diagnostics/diagnostic.js';

/** The diagnostics of the UserError `fn` throws; anything else (or no error) fails the test. */
export function diagnosticsOf(fn: () => unknown): Diagnostic[] {
  try {
    fn();
  } catch (error) {
    if (isUserError(error)) return error.diagnostics;
    throw error;
  }
  throw new Error('no error');
}
