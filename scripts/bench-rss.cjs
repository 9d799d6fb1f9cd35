// Preloaded (node --require) into a process the benchmark runs: at exit, appends the
// process's peak resident memory and CPU time, as one JSON line, to $BENCH_RSS_FILE.
// Worker threads share the process, so their memory is counted too.
'use strict';
const fs = require('node:fs');

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', (code) => {
    const usage = process.resourceUsage();
    const line = JSON.stringify({ code, maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 });
    fs.appendFileSync(file, line + '\n');
  });
}
