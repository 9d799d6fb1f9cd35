#!/usr/bin/env node
// The launcher: runs the CLI, a bundle of its own (dist/cli.js) so that starting it links
// one module graph.
const cli = (await import(new URL('./cli.js', import.meta.url).href)) as { main(): Promise<number> };
process.exitCode = await cli.main();
