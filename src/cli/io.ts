export interface CliIo {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** Ends long-running commands (`brief watch`) cleanly, e.g. on Ctrl-C. */
  signal?: AbortSignal;
}

/** Exit codes of the design: 0 success, 1 invalid input or failed build, 2 usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {
  override name = 'UsageError';
}
