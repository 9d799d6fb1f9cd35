#!/usr/bin/env node
// The launcher: runs the CLI, a bundle of its own (dist/cli.js) so that starting it links
// one module graph, with V8's flags for a build (./v8-flags.ts) set once it is loaded.
import { setV8Flags } from './v8-flags.js';

const cli = (await import(new URL('./cli.js', import.meta.url).href)) as { main(): Promise<number> };
setV8Flags();
const code = await cli.main();
// Everything is written and said (the store flushed, the PDFs renamed into place): the
// process ends at once, rather than taking apart its heap and its threads' page by page
// first (some 8 ms after a build). Not while output is still on its way to a pipe, which
// Node writes behind on some systems.
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
process.exitCode = code;
