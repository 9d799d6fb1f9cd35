// A child process for tests: prints a pdfmake definition (JSON, from a file) with brief's
// printPdf, writes the PDF and prints what the layout and line shortcuts did.
//
//   node print-child.mjs DEFINITION.json FONTS.json OUT.pdf [CACHE_DIR]
import fs from 'node:fs';
import { printPdf } from '../../src/write/pdf.js';
import { layoutReuseStats } from '../../src/perf/layout-reuse.js';
import { lineReplayStats } from '../../src/perf/line-replay.js';

const [definitionFile, fontsFile, out, cacheDir] = process.argv.slice(2);
const definition = JSON.parse(fs.readFileSync(definitionFile!, 'utf8'));
definition.info = { ...definition.info, creationDate: new Date(0) };
const printed = await printPdf(definition, JSON.parse(fs.readFileSync(fontsFile!, 'utf8')), { cacheDir });
fs.writeFileSync(out!, printed.bytes);
process.stdout.write(JSON.stringify({ ...layoutReuseStats(), ...lineReplayStats() }));
