import { runChartCommand } from '../chart/command.js';
import { runBuild } from './build.js';
import { runPreview } from './preview.js';
import { runNew } from './new.js';
import { runWatch } from './watch.js';
import { EXIT, UsageError, type CliIo } from './io.js';

export const HELP = `brief: YAML content, data, templates and Vega-Lite charts in; print-ready PDFs out.

Usage: brief <command> [options]

Commands:
  build [BRIEF...]   build briefs into output/ (all under content/ when none is named)
  check [BRIEF...]   validate everything without writing
  watch [BRIEF...]   build, then rebuild what each saved change affects
  preview [BRIEF]    watch one brief and show its PDF live in the browser (--port N)
  chart SPEC...      render Vega-Lite specs, one PDF each (--data-root DIR --out-dir DIR)
  new NAME           start a brief in content/NAME/ from a small working example

Run \`brief <command> --help\` (or \`brief help <command>\`) for a command's options.
Exit codes: 0 success, 1 invalid input or failed build, 2 usage error.
`;

/**
 * The CLI, in-process: parses the command and returns an exit code. Only `bin/brief.ts`
 * calls process.exit. User errors print located messages; anything else is a bug and
 * prints its stack.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'help':
        // `brief help build` is `brief build --help`
        if (rest.length > 0) return await run([rest[0]!, '--help'], io);
        io.stdout.write(HELP);
        return EXIT.ok;
      case undefined:
      case '--help':
      case '-h':
        io.stdout.write(HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case 'build':
        return await runBuild(rest, io, 'build');
      case 'check':
        return await runBuild(rest, io, 'check');
      case 'watch':
        return await runWatch(rest, io);
      case 'preview':
        return await runPreview(rest, io);
      case 'chart':
        return await runChartCommand(rest, io);
      case 'new':
        return await runNew(rest, io);
      default:
        throw new UsageError(`unknown command \`${command}\``);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`brief: ${error.message}\nRun \`brief --help\` for usage.\n`);
      return EXIT.usage;
    }
    io.stderr.write(`brief: internal error (this is a bug):\n${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.failed;
  }
}
