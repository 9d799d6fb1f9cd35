import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Build dist/ (the CLI and worker bundles) from the current source once, before any test
 * file runs: tests that start the CLI or its build workers then all run the same bytes,
 * and none rewrites dist/ while another runs it.
 */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
}
