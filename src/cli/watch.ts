import fs from 'node:fs';
import path from 'node:path';
import type { TargetReport } from '../pipeline/batch.js';
import { createSession } from '../pipeline/session.js';
import { buildAndReport, createBuilders, readBatchArgs } from './build.js';
import { EXIT, type CliIo } from './io.js';

export const WATCH_HELP = `Usage: brief watch [BRIEF...] [--out DIR] [--jobs N] [--force]

Builds what is out of date, then watches content/ and templates/ and rebuilds what each
saved change affects. Themes, templates and chart engines stay loaded between builds.
Errors are shown and watching goes on; stop with Ctrl-C.
`;

export interface WatchHooks {
  /** Stops watching; `brief watch` ends with exit code 0. */
  signal?: AbortSignal;
  /** Called after each build with its reports (tests wait on this). */
  onBuild?(reports: TargetReport[], ok: boolean): void;
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
    try {
      const { ok, reports } = await buildAndReport({ ...setup, force }, session, builders, io, 'build');
      force = false; // --force applies to the first build only
      hooks.onBuild?.(reports, ok);
    } catch (error) {
      io.stderr.write(`brief: internal error (this is a bug):\n${(error as Error)?.stack ?? String(error)}\n`);
      hooks.onBuild?.([], false);
    } finally {
      building = false;
    }
    watchers.rescan(); // folders added since
    if (pending) schedule();
    else if (!signal?.aborted) io.stderr.write('watching for changes…\n');
  };
  const schedule = () => {
    pending = true;
    if (building || signal?.aborted) return;
    clearTimeout(timer);
    timer = setTimeout(() => void build(), debounceMs);
  };
  const onChange = (root: Root, file: string) => {
    if (ignored(file) || file.startsWith(outDir + path.sep)) return;
    if (root === 'templates') templatesChanged = true;
    schedule();
  };

  const watchers = createFolderWatchers(setup.projectRoot, onChange);
  try {
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
    watchers.close();
    await builders.close();
  }
}

type Root = 'content' | 'templates';

/**
 * One non-recursive watcher per folder under content/ and templates/. Node 20's recursive
 * watcher on Linux loses a file that an editor replaces by renaming a new one over it
 * (as most do on save); a folder's own watcher sees every such rename.
 */
function createFolderWatchers(projectRoot: string, onChange: (root: Root, file: string) => void) {
  const watchers = new Map<string, fs.FSWatcher>();
  const rescan = () => {
    for (const root of ['content', 'templates'] as const) {
      for (const dir of foldersUnder(path.join(projectRoot, root))) {
        if (watchers.has(dir)) continue;
        try {
          const w = fs.watch(dir, (_event, name) => {
            const file = path.join(dir, String(name ?? ''));
            if (name !== null && fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) rescan();
            onChange(root, file);
          });
          w.on('error', () => {
            w.close();
            watchers.delete(dir); // the folder went away
          });
          watchers.set(dir, w);
        } catch {
          // vanished between listing and watching
        }
      }
    }
  };
  rescan();
  return {
    rescan,
    close() {
      for (const w of watchers.values()) w.close();
      watchers.clear();
    },
  };
}

function foldersUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out = [root];
  for (const e of fs.readdirSync(root, { withFileTypes: true })) {
    if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') out.push(...foldersUnder(path.join(root, e.name)));
  }
  return out;
}

/** Editor swap and backup files, our own temporary files, dot files. */
function ignored(file: string): boolean {
  const base = path.basename(file);
  return base === '' || base.startsWith('.') || base.endsWith('~') || /\.(swp|swx|tmp)$/.test(base) || /^#.*#$/.test(base);
}
