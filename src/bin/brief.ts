#!/usr/bin/env node
// The launcher: runs the CLI, a bundle of its own (dist/cli.js) so that starting it links
// one module graph, with V8's flags for a build (./v8-flags.ts) set once it is loaded.
import { setV8Flags } from './v8-flags.js';

const cli = (await import(new URL('./cli.js', import.meta.url).href)) as { main(): Promise<number> };
setV8Flags();
process.exitCode = await cli.main();
