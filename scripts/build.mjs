// Bundles the CLI into ESM files: one module graph to load at start-up instead of
// hundreds of small files, which is most of a cold build's start-up time. The build
// worker (one per thread of `--jobs N`) is a second bundle beside it. Vega and Vega-Lite,
// loaded only when a chart is drawn, are a third: as some fifty packages of ES modules
// they took Node 170-240 ms to resolve and link, as one file 60-90 ms.
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild options shared by the CLI bundles and the benchmark's library bundle. */
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

export async function buildCli() {
  await build({
    ...bundleOptions,
    entryPoints: { brief: 'src/bin/brief.ts', cli: 'src/bin/cli.ts', worker: 'src/bin/worker.ts', 'chart-worker': 'src/bin/chart-worker.ts' },
    outdir: 'dist',
  });
  // what src/chart/render.ts loads from beside its bundle (the packages themselves when run from src/)
  await build({
    ...bundleOptions,
    packages: undefined,
    // vega-canvas tries node-canvas, which brief does not install, and draws without it
    external: ['canvas'],
    sourcemap: false,
    stdin: { contents: "export * as vega from 'vega';\nexport * as vl from 'vega-lite';\n", resolveDir: root, sourcefile: 'vega-bundle.js', loader: 'js' },
    outfile: 'dist/vega.js',
  });
}

/**
 * Every schema validator brief uses, compiled now into dist/validators/ as Ajv's standalone
 * code, so that no build compiles one (see src/validate/build-validators.ts). Each file is
 * named by the hash of what it was compiled from; only missing ones are compiled.
 */
export async function buildValidators() {
  const entry = path.join(root, 'dist', `.build-validators-${process.pid}.mjs`);
  await build({
    ...bundleOptions,
    sourcemap: false,
    stdin: { contents: "export { writeBuiltValidators } from './src/validate/build-validators.ts';\n", resolveDir: root, sourcefile: 'build-validators.ts', loader: 'ts' },
    outfile: entry,
  });
  try {
    const { writeBuiltValidators } = await import(pathToFileURL(entry).href);
    writeBuiltValidators();
  } finally {
    fs.rmSync(entry, { force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
  await buildValidators();
}
