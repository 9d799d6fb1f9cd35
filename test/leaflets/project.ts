import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { run } from '../../src/cli/index.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * A throwaway project: a fixture's content/, a copy of the repository's templates/ (so
 * tests may edit them) and the repository's node_modules (fonts) linked in.
 */
export function makeProject(fixture: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `brief-${fixture}-`));
  fs.cpSync(path.join(repoRoot, 'test/leaflets/fixtures', fixture), dir, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}


/**
 * The build worker bundled from the current source into a file of its own under dist/
 * (where the worker finds the project's package.json), so that it never rewrites a bundle
 * another test is running. Returns the file, for `createWorkerPool`; remove it after.
 */
export async function bundleWorker(): Promise<string> {
  const outfile = path.join(repoRoot, 'dist', `worker-test-${process.pid}.js`);
  await build({
    entryPoints: [path.join(repoRoot, 'src/bin/worker.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

export async function brief(cwd: string, argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stdout.resume();
  stderr.on('data', (c) => (err += String(c)));
  const code = await run(argv, { cwd, stdout, stderr, env: { SOURCE_DATE_EPOCH: '1600000000', ...env } });
  return { code, stderr: err };
}

/** PDF name → bytes and mtime, for every PDF in a folder. */
export function snapshot(dir: string): Map<string, { bytes: Buffer; mtimeMs: number }> {
  const out = new Map<string, { bytes: Buffer; mtimeMs: number }>();
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort()) {
    out.set(f, { bytes: fs.readFileSync(path.join(dir, f)), mtimeMs: fs.statSync(path.join(dir, f)).mtimeMs });
  }
  return out;
}
