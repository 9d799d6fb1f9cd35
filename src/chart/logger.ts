import type { LoggerInterface } from 'vega';

/** A Vega / Vega-Lite logger that keeps messages instead of printing them. */
export interface CollectingLogger extends LoggerInterface {
  warnings: string[];
  errors: unknown[];
}

export function createCollectingLogger(): CollectingLogger {
  let level = 2; // Warn
  const text = (args: readonly unknown[]) =>
    args.map((a) => (a instanceof Error ? a.message : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  const logger = {
    warnings: [] as string[],
    errors: [] as unknown[],
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      const error = args.find((a) => a instanceof Error);
      logger.errors.push(error ?? new Error(text(args)));
      return logger;
    },
    warn(...args: readonly unknown[]) {
      logger.warnings.push(text(args));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as CollectingLogger;
}
