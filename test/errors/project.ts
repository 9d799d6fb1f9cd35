/**
 * Test projects for error cases and fuzzing: a temporary copy of `test/errors/base`
 * (one small brief with a tiny chart) with the repository's templates, and the CLI run
 * in-process against it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { run } from '../../src/cli/index.js';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
export const baseDir = path.join(repoRoot, 'test/errors/base');
export const BRIEF = 'content/mini';
export const PDF = 'output/mini.pdf';

/** A fresh project folder: the base brief, the repository's templates, its node_modules. */
export function makeProject(prefix = 'brief-errors-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(baseDir, dir, { recursive: true });
  fs.cpSync(path.join(repoRoot, 'templates'), path.join(dir, 'templates'), { recursive: true });
  // fonts come from npm packages of the project
  fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that hands every chunk written to it to `append`, as text. */
export const sink = (append: (s: string) => void) =>
  new Writable({
    write(chunk, _enc, done) {
      append(String(chunk));
      done();
    },
  });

export async function runCli(argv: string[], cwd: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    cwd,
    stdout: sink((s) => (stdout += s)),
    stderr: sink((s) => (stderr += s)),
    env: { SOURCE_DATE_EPOCH: '1600000000' },
  });
  return { code, stdout, stderr };
}

export interface PrintedDiagnostic {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
  /** The excerpt and hint lines printed under it. */
  detail: string[];
}

/** Read back what `formatDiagnostics` printed: file headers, then `  L:C  error  message (rule)`. */
export function parseDiagnostics(stderr: string): PrintedDiagnostic[] {
  const out: PrintedDiagnostic[] = [];
  let file: string | undefined;
  const lines = stderr.split('\n');
  const start = lines.findIndex((l) => l === '');
  for (const line of lines.slice(start + 1)) {
    const d = /^  (\d+):(\d+)  error  (.*) \(([a-z0-9-]+)\)$/.exec(line);
    if (d && file !== undefined) {
      out.push({ file, line: Number(d[1]), column: Number(d[2]), message: d[3]!, rule: d[4]!, detail: [] });
    } else if (/^     /.test(line) && out.length > 0) {
      out[out.length - 1]!.detail.push(line.trim());
    } else if (/^\S/.test(line) && !/^\d+ errors? in \d+ files?$/.test(line)) {
      file = line;
    }
  }
  return out;
}

/** Files under a folder, relative, sorted; temp files of an interrupted write included. */
export function listTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}
