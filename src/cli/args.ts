import { parseArgs as nodeParseArgs } from 'node:util';
import { UsageError } from './io.js';

/** One option a command accepts, as `util.parseArgs` declares it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** single-letter alias: `short: 'o'` accepts `-o DIR` (and `-oDIR`) for `--out DIR` */
  short?: string;
  /** may be given more than once; its value is then every one given, in order */
  multiple?: boolean;
}

export type OptionSpecs = Record<string, OptionSpec>;

type OptionValue<S extends OptionSpec> = S['type'] extends 'string' ? string : true;

/** Each option given: a string option's value, `true` for a boolean, an array for `multiple`. */
export type OptionValues<O extends OptionSpecs> = {
  [K in keyof O]?: O[K]['multiple'] extends true ? OptionValue<O[K]>[] : OptionValue<O[K]>;
};

export interface ParsedArgs<O extends OptionSpecs> {
  positional: string[];
  values: OptionValues<O>;
}

/**
 * `--name value`, `--name=value`, boolean `--name`, declared short aliases (`-o DIR`,
 * `-fj4`), and `--` ending the options: `util.parseArgs` in strict mode. Which options take
 * a value is declared, so a mistyped option is a usage error, not a silently ignored word,
 * and so is an option where a value belongs (`--out --force`: write `--out=--force` if
 * that is the value) or an empty value (`--out=`). A later value of a non-`multiple` option
 * replaces an earlier one.
 */
export function parseArgs<const O extends OptionSpecs>(argv: readonly string[], options: O): ParsedArgs<O> {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = nodeParseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (error) {
    if (isParseArgsError(error)) throw usageError(argv, options, error);
    throw error;
  }
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === '' || (Array.isArray(value) && value.includes(''))) throw new UsageError(`--${name} needs a value`);
  }
  return { positional: parsed.positionals, values: { ...parsed.values } as OptionValues<O> };
}

function isParseArgsError(error: unknown): error is Error & { code: string } {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/**
 * Node's messages name the option but not always the word at fault, and hint in node's
 * terms. Find the first offending option again in the same tokens, parsed leniently, and
 * say what is wrong with it in ours.
 */
function usageError(argv: readonly string[], options: OptionSpecs, error: Error): UsageError {
  const { tokens } = nodeParseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = Object.hasOwn(options, token.name) ? options[token.name] : undefined;
    if (!spec) return new UsageError(`unknown option ${token.rawName}`);
    const name = `--${token.name}`;
    if (spec.type === 'boolean' && token.value !== undefined) return new UsageError(`${name} takes no value`);
    if (spec.type === 'string') {
      if (token.value === undefined) return new UsageError(`${name} needs a value`);
      // node's strict mode takes `--out -x` as a forgotten value, not as the value `-x`
      if (!token.inlineValue && token.value.length > 1 && token.value.startsWith('-')) {
        return new UsageError(`${name} needs a value before ${token.value} (if ${token.value} is the value, write ${name}=${token.value})`);
      }
    }
  }
  return new UsageError(error.message);
}
