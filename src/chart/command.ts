import fs from 'node:fs';
import path from 'node:path';
import { parseArgs as parseOptions } from '../cli/args.js';
import { UsageError } from '../cli/io.js';
import { formatDiagnostics } from '../diagnostics/format.js';
import { isUserError, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { projectFiles, type ProjectFiles } from '../load/files.js';
import { parseJsonWithPlaces, type LoadedJson } from '../load/json.js';
import { readDataset } from '../load/read-dataset.js';
import type { Path } from '../load/yaml.js';
import { message } from './messages.js';
import { writeFileAtomic } from '../write/atomic.js';
import { renderChartPdf } from './pdf.js';
import { findProjectRoot } from './project-root.js';
import { createChartEngine } from './render.js';
import { openStore } from '../store/store.js';
import { processStore } from '../store/process-store.js';
import { FontFiles } from '../print/face.js';
import { applyFontFiles, readChartThemeFile } from './theme-file.js';

export interface CommandIo {
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const USAGE = `usage: brief chart SPEC... --data-root DIR --out-dir DIR [--theme FILE] [--font-file FAMILY[:FACE]=PATH.ttf ...] [--cache-dir DIR]
`;

const CHART_HELP = `${USAGE}
Draws each Vega-Lite spec on its own, as a brief would, into a one-page PDF sized to the
chart (bar.vl.json → DIR/bar.pdf). The chart checks run as in a build: errors are
printed and that spec's PDF is not written; warnings are printed and it is. A spec that
can make more rows than it reads is drawn in a worker of at most BRIEF_CHART_HEAP_MB
(512) MB for BRIEF_CHART_SECONDS (20) s, and stopped past them.

Options:
  --data-root DIR     folder that "data": {"url": "data/…"} reads from, and whose
                      data/NAME.yaml gives "data": {"name": "NAME"} (a brief's folder)
  --out-dir DIR       folder to write the PDFs into
  --theme FILE        theme YAML whose fonts and chart section to use
                      (default: templates/themes/eu.yaml)
  --font-file FAMILY[:FACE]=PATH.ttf
                      use this font file for a family (FACE: normal, bold, italics,
                      bolditalics); may be given more than once
  --cache-dir DIR     keep drawn charts in DIR between runs (default: brief's store)
  --help, -h          show this help
`;

interface ChartArgs {
  specs: string[];
  dataRoot: string;
  outDir: string;
  theme?: string;
  fontFiles: string[];
  cacheDir?: string;
}

/**
 * `brief chart`: one PDF per Vega-Lite spec, each page sized to its chart. The engine
 * and fonts are loaded once for the whole batch; a spec that fails is reported and the
 * batch carries on. Exit code 0 when all were drawn, 1 when any failed, 2 on bad usage.
 */
export async function runChartCommand(argv: string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  if (args === undefined) {
    io.stdout.write(CHART_HELP);
    return 0;
  }
  if (typeof args === 'string') {
    io.stderr.write(`brief chart: ${args}\n${USAGE}`);
    return 2;
  }
  const projectRoot = findProjectRoot();
  let engine: ReturnType<typeof createChartEngine>;
  let fonts: ReturnType<typeof readChartThemeFile>['fonts'];
  let chartFont: string;
  const store = args.cacheDir ? openStore({ dir: path.resolve(io.cwd, args.cacheDir) }) : processStore();
  const fontFiles = new FontFiles(store);
  // files named on the command line: read with the size limits and located parsers of a
  // brief's files, though not confined to a project
  const files = projectFiles(io.cwd, { confined: false });
  try {
    const themeFile = path.resolve(io.cwd, args.theme ?? path.join(projectRoot, 'templates/themes/eu.yaml'));
    const theme = readChartThemeFile(projectRoot, files.read(themeFile), files.rel(themeFile));
    fonts = applyFontFiles(theme.fonts, args.fontFiles, io.cwd);
    chartFont = theme.chart.font;
    engine = createChartEngine({
      fonts,
      theme: theme.chart,
      projectRoot,
      store,
      fontFiles,
    });
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(formatDiagnostics(error.diagnostics));
      return 1;
    }
    io.stderr.write(`brief chart: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }

  const dataRoot = path.resolve(io.cwd, args.dataRoot);
  const outDir = path.resolve(io.cwd, args.outDir);
  fs.mkdirSync(outDir, { recursive: true });
  let failed = 0;
  for (const spec of args.specs) {
    const specPath = path.resolve(io.cwd, spec);
    const specFile = files.rel(specPath);
    try {
      const text = files.read(specPath);
      const json = parseJsonWithPlaces(specFile, text);
      const datasets = namedDatasets(json, dataRoot, files);
      const chart = await engine.render({ spec: json.value, specFile, specSource: text, dataRoot, ...(datasets ? { datasets } : {}) });
      if (chart.warnings?.length) io.stderr.write(formatDiagnostics(chart.warnings));
      const pdf = await renderChartPdf(chart, fonts, chartFont, fontFiles);
      writeFileAtomic(path.join(outDir, pdfName(specPath)), pdf);
    } catch (error) {
      failed++;
      if (isUserError(error)) io.stderr.write(formatDiagnostics(error.diagnostics));
      else io.stderr.write(`${specFile}: internal error (this is a bug): ${error instanceof Error ? error.stack : String(error)}\n`);
    }
  }
  io.stdout.write(`brief chart: ${args.specs.length - failed} of ${args.specs.length} charts written to ${path.relative(io.cwd, outDir) || '.'}\n`);
  return failed > 0 ? 1 : 0;
}

/** The arguments, a usage error's message, or undefined for `--help`. */
function parseArgs(argv: string[]): ChartArgs | string | undefined {
  let parsed;
  try {
    parsed = parseOptions(argv, {
      'data-root': { type: 'string' },
      'out-dir': { type: 'string' },
      theme: { type: 'string' },
      'font-file': { type: 'string', multiple: true },
      'cache-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  const { positional: specs, values } = parsed;
  if (values.help) return undefined;
  if (specs.length === 0) return 'no chart spec given';
  if (!values['data-root']) return '--data-root is required';
  if (!values['out-dir']) return '--out-dir is required';
  return {
    specs,
    dataRoot: values['data-root'],
    outDir: values['out-dir'],
    fontFiles: values['font-file'] ?? [],
    ...(values.theme ? { theme: values.theme } : {}),
    ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {}),
  };
}

/**
 * The datasets a spec reads by name (`"data": {"name": "sales"}`), as a brief gives them:
 * `data/sales.yaml` (with its CSV) under the data root, typed. A name with no descriptor
 * there is an error at the spec's `name`, saying where it was looked for.
 */
function namedDatasets(json: LoadedJson, dataRoot: string, files: ProjectFiles): Record<string, Record<string, unknown>[]> | undefined {
  // a name beside a url or values names what the spec reads itself; `datasets` are its own
  const own = Object.keys(((json.value as { datasets?: unknown } | null)?.datasets ?? {}) as object);
  const names = namesOnly(json.value).filter((name) => !own.includes(name));
  if (names.length === 0) return undefined;
  const out: Record<string, Record<string, unknown>[]> = {};
  const missing: Diagnostic[] = [];
  for (const name of names) {
    const file = ['yaml', 'yml'].map((ext) => path.join(dataRoot, 'data', `${name}.${ext}`)).find((f) => fs.existsSync(f));
    if (file) out[name] = readDataset(file, files).rows;
    else missing.push(json.diagnose(pathOfName(json.value, name) ?? [], 'chart-unknown-dataset', message.namedDatasetMissing(name, files.rel(path.join(dataRoot, 'data', `${name}.yaml`))), message.hintNamedDataset));
  }
  if (missing.length > 0) throw new UserError(missing);
  return out;
}

/** Names of `"data": {"name": …}` objects that give nothing else (no url, values or generator). */
function namesOnly(spec: unknown): string[] {
  const names = new Set<string>();
  const visit = (v: unknown) => {
    if (v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      if (k === 'data' && child !== null && typeof child === 'object' && !Array.isArray(child)) {
        const keys = Object.keys(child).filter((key) => key !== 'format');
        const name = (child as { name?: unknown }).name;
        if (typeof name === 'string' && keys.length === 1) names.add(name);
      }
      visit(child);
    }
  };
  visit(spec);
  return [...names].sort();
}

/** The path of the first `data.name` that is `name`. */
function pathOfName(spec: unknown, name: string): Path | undefined {
  if (spec === null || typeof spec !== 'object') return undefined;
  for (const [k, child] of Object.entries(spec)) {
    const key = Array.isArray(spec) ? Number(k) : k;
    if (k === 'data' && (child as { name?: unknown } | null)?.name === name) return [key, 'name'];
    const below = pathOfName(child, name);
    if (below) return [key, ...below];
  }
  return undefined;
}

/** `bar.vl.json` → `bar.pdf`. */
export function pdfName(specPath: string): string {
  return path.basename(specPath).replace(/(\.vl)?\.json$/i, '') + '.pdf';
}
