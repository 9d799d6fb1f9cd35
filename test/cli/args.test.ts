import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/cli/io.js';

const OPTIONS = {
  out: { type: 'string', short: 'o' },
  jobs: { type: 'string', short: 'j' },
  force: { type: 'boolean', short: 'f' },
  help: { type: 'boolean', short: 'h' },
  'font-file': { type: 'string', multiple: true },
} as const;

const parse = (...argv: string[]) => parseArgs(argv, OPTIONS);

/** The UsageError `argv` is refused with. */
function refusal(...argv: string[]): UsageError {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error(`accepted ${JSON.stringify(argv)}`);
}

describe('parseArgs', () => {
  it('keeps positionals in order, around options, with a lone - as a positional', () => {
    expect(parse('a', '--force', 'b', '-', 'c')).toEqual({ positional: ['a', 'b', '-', 'c'], values: { force: true } });
    expect(parse()).toEqual({ positional: [], values: {} });
  });

  it('reads --name value and --name=value, a later value replacing an earlier one', () => {
    expect(parse('--out', 'dist', 'a').values).toEqual({ out: 'dist' });
    expect(parse('--out=dist', 'a')).toEqual({ positional: ['a'], values: { out: 'dist' } });
    expect(parse('--out=a=b').values).toEqual({ out: 'a=b' });
    expect(parse('--out', 'one', '--out=two').values).toEqual({ out: 'two' });
    expect(parse('--out', '-').values).toEqual({ out: '-' });
  });

  it('reads declared short aliases, alone, with the value attached, and grouped', () => {
    expect(parse('-o', 'dist', '-j', '4', '-f', '-h').values).toEqual({ out: 'dist', jobs: '4', force: true, help: true });
    expect(parse('-odist').values).toEqual({ out: 'dist' });
    expect(parse('-fj4').values).toEqual({ force: true, jobs: '4' });
  });

  it('takes everything after -- as positionals', () => {
    expect(parse('a', '--', '--force', '-o', 'x', '--')).toEqual({ positional: ['a', '--force', '-o', 'x', '--'], values: {} });
    expect(refusal('--out', '--', 'a').message).toBe('--out needs a value before -- (if -- is the value, write --out=--)');
  });

  it('collects a multiple option in the order given', () => {
    const { values } = parse('--font-file', 'Inter=a.ttf', 'x', '--font-file=Inter:Bold=b.ttf');
    expect(values['font-file']).toEqual(['Inter=a.ttf', 'Inter:Bold=b.ttf']);
    expect(parse('x').values['font-file']).toBeUndefined();
  });

  it('types each value from its declaration', () => {
    const { values } = parse();
    expectTypeOf(values.out).toEqualTypeOf<string | undefined>();
    expectTypeOf(values.force).toEqualTypeOf<true | undefined>();
    expectTypeOf(values['font-file']).toEqualTypeOf<string[] | undefined>();
  });

  it('refuses an unknown option, long or short, naming it without its value', () => {
    expect(refusal('--x').message).toBe('unknown option --x');
    expect(refusal('a', '--bogus=1').message).toBe('unknown option --bogus');
    expect(refusal('-x').message).toBe('unknown option -x');
    expect(refusal('-fx').message).toBe('unknown option -x');
    expect(refusal('--Force').message).toBe('unknown option --Force');
  });

  it('refuses a value option without its value', () => {
    expect(refusal('--out').message).toBe('--out needs a value');
    expect(refusal('a', '-o').message).toBe('--out needs a value');
    expect(refusal('--out=').message).toBe('--out needs a value');
    expect(refusal('--out', '').message).toBe('--out needs a value');
    expect(refusal('--font-file', 'a', '--font-file=').message).toBe('--font-file needs a value');
  });

  it('refuses an option where a value belongs, saying how to give such a value', () => {
    expect(refusal('--out', '--force').message).toBe('--out needs a value before --force (if --force is the value, write --out=--force)');
    expect(refusal('-j', '-1').message).toBe('--jobs needs a value before -1 (if -1 is the value, write --jobs=-1)');
    expect(parse('--out=--force').values).toEqual({ out: '--force' });
  });

  it('refuses a value given to a boolean option', () => {
    expect(refusal('--force=yes').message).toBe('--force takes no value');
    expect(refusal('--help=').message).toBe('--help takes no value');
  });

  it('reports the first fault when there are several', () => {
    expect(refusal('--force=1', '--x', '--out').message).toBe('--force takes no value');
    expect(refusal('--x', '--force=1').message).toBe('unknown option --x');
  });
});
