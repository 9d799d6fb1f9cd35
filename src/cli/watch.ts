import path from 'node:path';
import { createSession } from '../pipeline/session.js';
import { buildAndReport, createBuilders, readBatchArgs, type BatchResult, type BatchSetup } from './build.js';
import { EXIT, type CliIo } from './io.js';

export const WATCH_HELP = `Usage: brief watch [BRIEF...] [--out DIR] [--jobs N] [--force]

Builds what is out of date, then watches content/ and templates/ and rebuilds what each
saved change affects. Themes, templates and chart engines stay loaded between builds.
Errors are shown and watching goes on; stop with Ctrl-C.

Options:
  --out DIR, -o DIR   write PDFs into DIR (default: output/)
  --force, -f         rebuild every PDF on the first build, up to date or not
  --jobs N, -j N      build N documents at once (default: number of cores): up to 2 in this
                      thread with charts drawn beside it, more on worker threads
  --pdf-standard LIST standards every PDF conforms to (see brief build --help)
  --help, -h          show this help
`;

export interface WatchHooks {
  /** Stops watching; `brief watch` ends with exit code 0. */
  signal?: AbortSignal;
  /** Called as each build starts. */
  onBuildStart?(): void;
  /** Called after each build with its reports and problems (tests wait on this). */
  onBuild?(result: BatchResult): void;
  /** Quiet time after the last change before a build starts, ms. */
  debounceMs?: number;
}

/**
 * `brief watch`: one build at a time. Changes that arrive during a build are queued and
 * start one more build when it ends, after the debounce; a change under templates/ also
 * drops the cached templates and themes (in every worker).
 */
export async function runWatch(argv: string[], io: CliIo, hooks: WatchHooks = {}): Promise<number> {
  const setup = readBatchArgs(argv, io, 'watch');
  if (!setup) {
    io.stdout.write(WATCH_HELP);
    return EXIT.ok;
  }
  return watchAndBuild(setup, io, hooks);
}

/** Build `setup`'s documents, then again on each change until the signal ends it (`brief watch`, `brief preview`). */
export async function watchAndBuild(setup: BatchSetup, io: CliIo, hooks: WatchHooks = {}): Promise<number> {
  // loaded here: a build that does not watch does not load it
  const { default: chokidar } = await import('chokidar');
  const session = createSession(setup.projectRoot);
  const builders = createBuilders(session, setup.jobs, io.env);
  const signal = hooks.signal ?? io.signal;
  const debounceMs = hooks.debounceMs ?? 80;
  const outDir = setup.outDir!;

  let building = false;
  let pending = false;
  let templatesChanged = false;
  let timer: NodeJS.Timeout | undefined;
  let force = setup.force;

  const build = async () => {
    building = true;
    pending = false;
    if (templatesChanged) {
      builders.forget();
      templatesChanged = false;
    }
    hooks.onBuildStart?.();
    try {
      const result = await buildAndReport({ ...setup, force }, session, builders, io, 'build');
      force = false; // --force applies to the first build only
      hooks.onBuild?.(result);
    } catch (error) {
      const text = `internal error (this is a bug):\n${(error as Error)?.stack ?? String(error)}\n`;
      io.stderr.write(`brief: ${text}`);
      hooks.onBuild?.({ ok: false, reports: [], diagnostics: [], internal: [text] });
    } finally {
      building = false;
    }
    if (pending) schedule();
    else if (!signal?.aborted) io.stderr.write('watching for changes…\n');
  };
  const schedule = () => {
    pending = true;
    if (building || signal?.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void build(), debounceMs);
  };

  // chokidar rather than fs.watch: Node 20's recursive watcher on Linux loses a file that an
  // editor renames over on save, and a folder's own watcher goes deaf when the folder is
  // deleted and restored (as `git checkout` does); chokidar watches such folders again.
  const templatesDir = path.join(setup.projectRoot, 'templates');
  const watcher = chokidar.watch([path.join(setup.projectRoot, 'content'), templatesDir], {
    ignoreInitial: true,
    ignored: (file) => ignored(file) || file === outDir || file.startsWith(outDir + path.sep),
  });
  watcher.on('all', (_event, file) => {
    if (file === templatesDir || file.startsWith(templatesDir + path.sep)) templatesChanged = true;
    schedule();
  });
  watcher.on('error', (error) => io.stderr.write(`brief: watching: ${(error as Error)?.message ?? String(error)}\n`));
  try {
    // a change saved while the folders are still being listed could go unseen
    await new Promise<void>((resolve) => watcher.once('ready', resolve));
    clearTimeout(timer); // the first build sees any change made meanwhile
    await build();
    await new Promise<void>((resolve) => {
      if (!signal) return; // runs until the process is stopped
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    clearTimeout(timer);
    while (building) await new Promise((r) => setTimeout(r, 20));
    return EXIT.ok;
  } finally {
    await watcher.close();
    await builders.close();
  }
}

/**
 * Editor swap and backup files, our own temporary files, dot files and folders,
 * node_modules (a folder's contents are never listed once it is ignored).
 */
function ignored(file: string): boolean {
  const base = path.basename(file);
  return (
    base.startsWith('.') ||
    base === 'node_modules' ||
    base.endsWith('~') ||
    /\.(swp|swx|tmp)$/.test(base) ||
    /^#.*#$/.test(base)
  );
}
