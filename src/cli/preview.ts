import fs from 'node:fs';
import path from 'node:path';
import { hashFileBytes } from '../store/hash-file.js';
import { problemsHtml } from '../preview/problems-html.js';
import { PortInUseError, startPreviewServer, type PreviewDocument, type PreviewServer } from '../preview/server.js';
import { readBatchArgs, type BatchResult } from './build.js';
import { EXIT, UsageError, type CliIo } from './io.js';
import { watchAndBuild, type WatchHooks } from './watch.js';

/** The first port tried when none is given; the next ones up are tried when it is taken. */
const DEFAULT_PORT = 7320;
const DEFAULT_PORTS = 10;

export const PREVIEW_HELP = `Usage: brief preview [BRIEF] [--port N] [--out DIR] [--jobs N] [--force]

Builds a brief (the first under content/ when none is named) and serves a page on
127.0.0.1 that shows its PDF, then rebuilds on each saved change as \`brief watch\` does.
A brief with translations shows its own language; pick another on the page, or with
?leaflet=LANGUAGE in the address.
The page redraws in place, keeping its scroll position, and shows build errors as the
command line prints them until they are fixed, over the last good PDF. For a leaflet set
it shows the first leaflet; pick another on the page, or with ?leaflet=KEY in the address.
PDFs are written to output/ (or --out DIR) as by \`brief build\`. Stop with Ctrl-C.

Options:
  --port N, -p N      serve on port N (default: ${DEFAULT_PORT}, or the next free one; 0: any free port)
  --out DIR, -o DIR   write PDFs into DIR (default: output/)
  --jobs N, -j N      build N leaflets at once (default: number of cores): up to 2 in this
                      thread with charts drawn beside it, more on worker threads
  --force, -f         rebuild on start even what is up to date
  --help, -h          show this help
`;

export interface PreviewHooks extends WatchHooks {
  /** Called once the page is served, with its address. */
  onListening?(url: string): void;
}

/** `brief preview`: `brief watch` for one brief, with its PDF on a local page that follows each build. */
export async function runPreview(argv: string[], io: CliIo, hooks: PreviewHooks = {}): Promise<number> {
  const setup = readBatchArgs(argv, io, 'preview');
  if (!setup) {
    io.stdout.write(PREVIEW_HELP);
    return EXIT.ok;
  }
  const outDir = setup.outDir!;
  const server = await listen(setup.port, outDir, io);
  const source = path.relative(setup.projectRoot, setup.dirs[0]!) || '.';
  io.stdout.write(`previewing ${source} at ${server.url}  (Ctrl-C to stop)\n`);
  hooks.onListening?.(server.url);
  let documents: PreviewDocument[] = [];
  try {
    return await watchAndBuild(setup, io, {
      ...hooks,
      onBuildStart() {
        server.publish({ type: 'building' });
        hooks.onBuildStart?.();
      },
      onBuild(result) {
        // a folder that could not be planned (its leaflet table broken) names no documents: keep the last ones
        if (result.reports.length > 0) documents = documentsOf(result, outDir);
        server.publish(result.ok ? { type: 'built', documents } : { type: 'failed', documents, html: problemsHtml(result.diagnostics, result.internal) });
        hooks.onBuild?.(result);
      },
    });
  } finally {
    await server.close();
  }
}

/** Each document with the hash of its PDF in the output folder: the last good one, as a failed build leaves it. */
export function documentsOf(result: Pick<BatchResult, 'reports'>, outDir: string): PreviewDocument[] {
  const documents = result.reports.map(({ target }) => {
    const file = path.join(outDir, target.output);
    // a leaflet by its key; a brief's translation by its language, the brief's own edition ''
    const key = target.leaflet ?? target.language ?? '';
    return { key, output: target.output, ...(fs.existsSync(file) ? { version: hashFileBytes(file).slice(0, 16) } : {}) };
  });
  // the brief in its own language first: the page shows it unless another is asked for
  return [...documents.filter((d) => d.key === ''), ...documents.filter((d) => d.key !== '')];
}

/** A port given is used or is a usage error; with none, the first free one from the default, said when not the default. */
async function listen(port: number | undefined, outDir: string, io: CliIo): Promise<PreviewServer> {
  const ports = port !== undefined ? [port] : Array.from({ length: DEFAULT_PORTS }, (_, i) => DEFAULT_PORT + i);
  for (const p of ports) {
    try {
      const server = await startPreviewServer({ port: p, outDir });
      if (port === undefined && p !== ports[0]) io.stderr.write(`port ${ports[0]} is in use: serving on ${p}\n`);
      return server;
    } catch (error) {
      if (!(error instanceof PortInUseError)) throw error;
    }
  }
  const which = port !== undefined ? `port ${port} is` : `ports ${ports[0]} to ${ports.at(-1)} are`;
  throw new UsageError(`${which} in use on 127.0.0.1: stop what serves there, or pick another port with --port N (--port 0 takes any free one)`);
}
