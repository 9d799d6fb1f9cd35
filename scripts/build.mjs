// Bundles the CLI into one ESM file: one module graph to load at start-up instead of
// hundreds of small files, which is most of a cold build's start-up time.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/bin/brief.ts'],
  outfile: 'dist/brief.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
