import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeProject, runCli } from '../errors/project.js';

/** Every option each command accepts: its help must name them all. */
const OPTIONS: Record<string, string[]> = {
  build: ['--out', '--force', '--jobs', '--shard', '--shard-count', '--pdf-standard', '--help'],
  check: ['--jobs', '--pdf-standard', '--help'],
  watch: ['--out', '--force', '--jobs', '--pdf-standard', '--help'],
  chart: ['--data-root', '--out-dir', '--theme', '--font-file', '--cache-dir', '--help'],
  new: ['--help'],
};

describe('--help', () => {
  const root = makeProject();
  for (const [command, options] of Object.entries(OPTIONS)) {
    test(`brief ${command} --help prints its own usage and every option, does nothing else, and exits 0`, async () => {
      const run = await runCli([command, '--help'], root);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^usage: brief ${command}\\b`, 'i'));
      for (const option of options) expect(run.stdout).toContain(option);
      expect(fs.existsSync(path.join(root, 'output'))).toBe(false);
      expect((await runCli([command, '-h'], root)).stdout).toBe(run.stdout);
      expect((await runCli(['help', command], root)).stdout).toBe(run.stdout);
    });
  }

  test('brief --help lists every command', async () => {
    const run = await runCli(['--help'], root);
    expect(run.code).toBe(0);
    for (const command of Object.keys(OPTIONS)) expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  test('brief help of an unknown command is a usage error', async () => {
    const run = await runCli(['help', 'bild'], root);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown command `bild`');
  });
});
