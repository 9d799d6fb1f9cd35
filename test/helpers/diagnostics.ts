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

/** The first diagnostic of the UserError `promise` rejects with; anything else (or no error) fails the test. */
export async function rejectionDiagnostic(promise: Promise<unknown>): Promise<Diagnostic> {
  try {
    await promise;
  } catch (error) {
    if (isUserError(error)) return error.diagnostics[0]!;
    throw error;
  }
  throw new Error('expected a UserError');
}
