// Bundles the CLI into one ESM file: one module graph to load at start-up instead of
// hundreds of small files, which is most of a cold build's start-up time. The build
// worker (one per thread of `--jobs N`) is a second bundle beside it.
import { build } from 'esbuild';

await build({
  entryPoints: { brief: 'src/bin/brief.ts', worker: 'src/bin/worker.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
