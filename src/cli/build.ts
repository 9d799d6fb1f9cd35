import path from 'node:path';
import { formatDiagnostics } from '../diagnostics/format.js';
import { isUserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { buildBrief, type BuildResult } from '../pipeline/index.js';
import { createSession } from '../pipeline/session.js';
import { parseArgs } from './args.js';
import { discoverBriefs, findProjectRootFrom, resolveBriefArg } from './discover.js';
import { EXIT, UsageError, type CliIo } from './io.js';

export const BUILD_HELP = `Usage: brief build [BRIEF...] [--out DIR]
       brief check [BRIEF...]

Builds the named briefs (a folder under content/, its brief.yaml, or its name), or every
brief under content/ when none is named, into output/ (or --out DIR).
check validates everything, charts and page fit included, and writes nothing.

Options:
  --out DIR, -o DIR   write PDFs into DIR (default: output/)
  --help, -h          show this help
`;

/** `brief build` and `brief check`: one document after another, all errors reported. */
export async function runBuild(argv: string[], io: CliIo, mode: 'build' | 'check'): Promise<number> {
  const args = parseArgs(argv, { values: ['out'], booleans: ['help'] });
  if (args.flags.has('help')) {
    io.stdout.write(BUILD_HELP);
    return EXIT.ok;
  }
  if (mode === 'check' && args.flags.has('out')) throw new UsageError('check writes nothing: --out does not apply');
  const projectRoot = findProjectRootFrom(io.cwd);
  const dirs = args.positional.length > 0 ? args.positional.map((a) => resolveBriefArg(a, io.cwd, projectRoot)) : discoverBriefs(projectRoot);
  if (dirs.length === 0) throw new UsageError(`no briefs found under ${path.join(projectRoot, 'content')}`);
  const outFlag = args.flags.get('out');
  const outDir = mode === 'build' ? path.resolve(io.cwd, typeof outFlag === 'string' ? outFlag : path.join(projectRoot, 'output')) : undefined;
  const epoch = io.env.SOURCE_DATE_EPOCH !== undefined ? Number(io.env.SOURCE_DATE_EPOCH) : undefined;

  const session = createSession(projectRoot);
  const failures: Diagnostic[] = [];
  const results: BuildResult[] = [];
  for (const dir of dirs) {
    const start = performance.now();
    const name = path.relative(projectRoot, dir);
    try {
      const result = await buildBrief(dir, session, { ...(outDir ? { outDir } : {}), ...(epoch !== undefined ? { sourceDateEpoch: epoch } : {}) });
      results.push(result);
      const ms = Math.round(performance.now() - start);
      const where = result.file ? path.relative(io.cwd, result.file) || result.file : 'ok';
      io.stderr.write(`${mode === 'build' ? 'built' : 'checked'}  ${name} → ${where}  ${result.pages} pages, ${(result.bytes / 1024).toFixed(0)} KiB, ${ms} ms\n`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      failures.push(...error.diagnostics);
      io.stderr.write(`failed  ${name}: ${error.diagnostics.length} error${error.diagnostics.length === 1 ? '' : 's'}\n`);
    }
  }
  if (failures.length > 0) {
    io.stderr.write('\n' + formatDiagnostics(failures));
    return EXIT.failed;
  }
  return EXIT.ok;
}
