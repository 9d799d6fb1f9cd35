#!/usr/bin/env node
import { run } from '../cli/index.js';

const code = await run(process.argv.slice(2), { cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, env: process.env });
process.exitCode = code;
