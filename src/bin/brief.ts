#!/usr/bin/env node
import { run } from '../cli/index.js';

// Charts draw dates in local time: without a time zone set, use UTC so that the same
// input gives the same PDF on every machine.
process.env.TZ ??= 'UTC';

const code = await run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = code;
