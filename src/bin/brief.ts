#!/usr/bin/env node
// The launcher: sets V8's flags for a build (./v8-flags.ts), then runs the CLI, a bundle
// of its own (dist/cli.js) so that starting it links one module graph.
import { setV8Flags } from './v8-flags.js';

setV8Flags();
const cli = (await import(new URL('./cli.js', import.meta.url).href)) as { main(): Promise<number> };
process.exitCode = await cli.main();
