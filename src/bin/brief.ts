#!/usr/bin/env node
import { defaultCompileCacheDir, enableCompileCache, saveCompileCache } from '../perf/compile-cache.js';

// The launcher: turn on the code cache before any package is loaded, then run the CLI,
// a bundle of its own (dist/cli.js) so that nothing it imports is loaded before this.
enableCompileCache(defaultCompileCacheDir(import.meta.url));
const cli = (await import(new URL('./cli.js', import.meta.url).href)) as { main(): Promise<number> };
process.exitCode = await cli.main();
saveCompileCache();
