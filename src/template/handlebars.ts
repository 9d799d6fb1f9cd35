import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { bundleExports } from '../validate/code-cache.js';

type Runtime = typeof Handlebars;

/**
 * Handlebars, loaded on first use: its runtime (all a build needs when every template
 * was precompiled before) and its compiler. From the bundle scripts/build.mjs writes
 * beside brief's (dist/handlebars.cjs), run with its code cache (validate/code-cache.ts):
 * as the package's forty CommonJS files, the compiler took a fresh process 20-27 ms to
 * load, as one cached file 4. Run from src/, they are the package's own.
 */
interface HandlebarsLibrary {
  runtime: Runtime;
  compiler: Runtime;
}

const require = createRequire(import.meta.url);
const fromBundle = () => bundleExports<HandlebarsLibrary>('handlebars', import.meta.url);

/** Handlebars' runtime, without its compiler: a tenth of the compiler's load time, from the package. */
export function handlebarsRuntime(): Runtime {
  return fromBundle()?.runtime ?? (require('handlebars/runtime') as { default: Runtime }).default;
}

/** Handlebars with its compiler. */
export function handlebarsCompiler(): Runtime {
  return fromBundle()?.compiler ?? (require('handlebars') as Runtime);
}
