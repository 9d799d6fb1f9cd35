// Builds dist/: the CLI, its build worker and its chart worker as ESM bundles (one module
// graph to load at start-up instead of hundreds of small files); the packages loaded only
// when needed as CommonJS bundles (Vega with Vega-Lite, the YAML parser, Handlebars, and
// pdfmake's layout with pdfkit, fontkit and linebreak: as some fifty packages of ES
// modules, Vega alone took Node 170-240 ms to resolve and link, as one file 60-90 ms); the
// schema validators, compiled (dist/validators/); and, by one build of a brief of content/
// in a process of its own, the V8 code cache of each CommonJS file
// (src/validate/code-cache.ts). A stamp of the inputs and outputs skips all of it when
// nothing changed.
import { build, transformSync } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** esbuild options shared by the CLI bundles and the benchmark's library bundle. */
export const bundleOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

export async function buildCli() {
  await build({
    ...bundleOptions,
    entryPoints: { brief: 'src/bin/brief.ts', cli: 'src/bin/cli.ts', worker: 'src/bin/worker.ts', 'chart-worker': 'src/bin/chart-worker.ts' },
    outdir: 'dist',
  });
  // what src/chart/render.ts loads from beside its bundle (the packages themselves when run
  // from src/): CommonJS, so that it runs with a code cache (src/validate/code-cache.ts)
  await buildCjsBundle('vega', "export * as vega from 'vega';\nexport * as vl from 'vega-lite';\n", {
    // vega-canvas's Node build looks for node-canvas with a top-level await, which CommonJS
    // cannot hold; brief does not install node-canvas, and draws without a canvas either way
    alias: { 'vega-canvas': './node_modules/vega-canvas/build/vega-canvas.browser.js' },
  });
  // the ES module bundle of earlier builds
  fs.rmSync(path.join(root, 'dist', 'vega.js'), { force: true });
  // the printing libraries (src/print/libraries.ts), the same way: pdfmake's layout, the
  // svg-to-pdfkit it ships, and pdfkit, fontkit and linebreak, which they share, once
  await buildCjsBundle(
    'pdfmake',
    [
      'module.exports = {',
      "  LayoutBuilder: require('pdfmake/js/LayoutBuilder.js').default,",
      "  svgToPdfkit: require('pdfmake/js/3rd-party/svg-to-pdfkit.js').default,",
      "  PDFDocument: require('pdfkit'),",
      "  fontkit: require('fontkit'),",
      '};',
      '',
    ].join('\n'),
    {
      plugins: [packageDirname('pdfkit'), lazyModules(LAZY_PRINT_MODULES)],
      // the package is resolved at run time on purpose (packageDirname)
      logOverride: { 'require-resolve-not-external': 'silent' },
    },
  );
  // Handlebars' runtime and compiler, the same way (src/template/handlebars.ts)
  await buildCjsBundle('handlebars', "module.exports = { runtime: require('handlebars/runtime').default, compiler: require('handlebars') };\n");
  // the YAML parser, the same way (src/load/yaml.ts)
  await buildCjsBundle('yaml', "module.exports = require('yaml');\n");
  // TeX's hyphenation patterns, a bundle per language (src/layout/hyphenate.ts): German's
  // took a process 60 ms to compile and run, 26 with a code cache; English's 9, and 5
  for (const patterns of HYPHENATION_PATTERNS) await buildCjsBundle(`hyphen-${patterns}`, `module.exports = require('hyphen/${patterns}');\n`);
}

/** The `hyphen` package's patterns brief hyphenates with (src/layout/hyphenate.ts names them). */
export const HYPHENATION_PATTERNS = ['en-us', 'en-gb', 'fr', 'de-1996'];

/** `dist/NAME.cjs`: `contents` bundled with the packages it requires, as CommonJS, without a source map. */
function buildCjsBundle(name, contents, options = {}) {
  return build({
    ...bundleOptions,
    packages: undefined,
    format: 'cjs',
    sourcemap: false,
    // without comments and indentation: a file half the size to read, hash and hand to V8,
    // and of ASCII only (a comment of fontkit's held a typographic apostrophe, which made V8
    // hold the whole source in two bytes a character)
    minifyWhitespace: true,
    stdin: { contents, resolveDir: root, sourcefile: `${name}-bundle.js`, loader: 'js' },
    outfile: `dist/${name}.cjs`,
    ...options,
  });
}

/**
 * Modules of the printing libraries that a build seldom calls and that cost time to load:
 * each is loaded when its exports are first used instead of with the bundle.
 * - `@noble/ciphers/aes`: pdfkit's encryption (14 ms of tables at load); brief never
 *   encrypts a PDF, which PDF/A forbids.
 * - `brotli/decompress.js`: fontkit's reader of WOFF2 fonts (a 1.3 MB dictionary, built
 *   at load).
 * - `unicode-properties`: fontkit's OpenType layout (9 ms of tables at load); brief shapes
 *   text with HarfBuzz.
 */
export const LAZY_PRINT_MODULES = ['@noble/ciphers/aes', 'brotli/decompress.js', 'unicode-properties'];

/**
 * esbuild plugin: each module named in `specifiers` (as its importers write it) bundled
 * behind a stand-in with the same exports, which requires the module the first time one of
 * them is read (a function module: called). What runs is unchanged; only when the module
 * loads. The stand-in's exports are those of the module as installed, read here, and
 * cannot be written. A module the stand-in cannot pass for is refused: one whose exports
 * are a class, or have properties that are symbols or not enumerable (a function module
 * is called through the stand-in, and is not to be constructed or compared by
 * `instanceof`).
 */
export function lazyModules(specifiers) {
  const namespace = 'lazy-module';
  return {
    name: 'lazy-modules',
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${specifiers.map(escapeRegExp).join('|')})$`) }, async (args) => {
        if (args.pluginData?.lazyReal) return undefined;
        const real = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { lazyReal: true } });
        if (real.errors.length > 0) return { errors: real.errors };
        // relative, so that the bundle names no folder of the machine that built it
        return { path: path.relative(root, real.path), namespace };
      });
      build.onLoad({ filter: /.*/, namespace }, (args) => {
        const file = path.join(root, args.path);
        const actual = createRequire(file)(file);
        const refused = (why) => ({ errors: [{ text: `${args.path} cannot load lazily: ${why}` }] });
        if (typeof actual === 'function' && /^class\b/.test(Function.prototype.toString.call(actual))) return refused('it exports a class');
        const plain = new Set(['__esModule', ...Object.keys(actual), ...(typeof actual === 'function' ? ['length', 'name', 'prototype', 'arguments', 'caller'] : [])]);
        const hidden = [...Object.getOwnPropertySymbols(actual), ...Object.getOwnPropertyNames(actual).filter((name) => !plain.has(name))];
        if (hidden.length > 0) return refused(`it exports ${hidden.map(String).join(', ')}, not enumerable or a symbol`);
        const lines = ['let actual;', `const load = () => (actual ??= require(${JSON.stringify(`./${path.basename(file)}`)}));`];
        if (typeof actual === 'function') lines.push('module.exports = function () { return load().apply(this, arguments); };');
        if (actual.__esModule) lines.push("Object.defineProperty(module.exports, '__esModule', { value: true });");
        for (const name of Object.keys(actual)) {
          lines.push(`Object.defineProperty(module.exports, ${JSON.stringify(name)}, { enumerable: true, get: () => load()[${JSON.stringify(name)}] });`);
        }
        return { contents: `${lines.join('\n')}\n`, loader: 'js', resolveDir: path.dirname(file) };
      });
    },
  };
}

/** `text` matched literally in a regular expression (esbuild's filters are ones). */
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A package that reads data files beside its code (pdfkit: the sRGB profile of PDF/A, the
 * metrics of the standard fonts) keeps reading them from its own folder in node_modules
 * once bundled: its `__dirname` is that folder, found as Node resolves the package from
 * the bundle, not dist/.
 */
function packageDirname(name) {
  return {
    name: `dirname-of-${name}`,
    setup(build) {
      const main = fs.realpathSync(createRequire(path.join(root, 'package.json')).resolve(name));
      // the one file, so that esbuild calls here for no other
      build.onLoad({ filter: new RegExp(`^${escapeRegExp(main)}$`) }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        const dirname = `var __dirname = require('path').dirname(require.resolve(${JSON.stringify(name)}));`;
        // after a 'use strict' directive, which must stay first to hold
        const directive = /^(\s*(['"])use strict\2;?)/.exec(source);
        return { contents: directive ? `${directive[1]}\n${dirname}\n${source.slice(directive[1].length)}` : `${dirname}\n${source}`, loader: 'js' };
      });
    },
  };
}

/**
 * Every schema validator brief uses, compiled now into dist/validators/ as Ajv's standalone
 * code, so that no build compiles one (see src/validate/build-validators.ts). Each file is
 * named by the hash of what it was compiled from; only missing ones are compiled.
 */
export async function buildValidators() {
  const entry = path.join(root, 'dist', `.build-validators-${process.pid}.mjs`);
  await build({
    ...bundleOptions,
    sourcemap: false,
    stdin: { contents: "export { writeBuiltValidators } from './src/validate/build-validators.ts';\n", resolveDir: root, sourcefile: 'build-validators.ts', loader: 'ts' },
    outfile: entry,
  });
  try {
    const { writeBuiltValidators } = await import(pathToFileURL(entry).href);
    // in the form src/validate/ajv-cache.ts names (BUILT_VALIDATOR_FORM)
    writeBuiltValidators((code, options) => transformSync(code, options).code);
  } finally {
    fs.rmSync(entry, { force: true });
  }
}

/**
 * What dist/ is built from, and what it holds: a build whose inputs and outputs both hash
 * as the last one left them has nothing to do (`npm start` after `npm install`, which
 * built already). Inputs: src/, this script, the lock file (the bundled packages'
 * versions) and Node's version; outputs: every file of dist/, so one changed or removed
 * by hand is built again.
 */
function stamp() {
  const hash = createHash('sha256');
  const add = (file) => {
    hash.update(`${path.relative(root, file)}\0`);
    hash.update(fs.readFileSync(file));
  };
  const walk = (dir, skip) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (skip?.(entry.name)) continue;
      if (entry.isDirectory()) walk(full, skip);
      else if (entry.isFile()) add(full);
    }
  };
  walk(path.join(root, 'src'));
  for (const file of ['scripts/build.mjs', 'package-lock.json']) if (fs.existsSync(path.join(root, file))) add(path.join(root, file));
  hash.update(process.version);
  hash.update('\0dist\0');
  walk(path.join(root, 'dist'), (name) => name === STAMP || name.startsWith('.build-validators-'));
  return hash.digest('hex');
}

const STAMP = '.build-stamp';

/**
 * The code caches of dist/'s CommonJS files (src/validate/code-cache.ts): written by one
 * build of a brief of content/ (the first by name, with its translations) in a process told to
 * write them as it ends, into a folder and a store of its own, charts drawn in its
 * thread. A project with no brief gets none, and runs as well without.
 */
function writeCodeCaches() {
  const content = path.join(root, 'content');
  const brief = fs.existsSync(content) ? fs.readdirSync(content).sort().find((name) => fs.existsSync(path.join(content, name, 'brief.yaml'))) : undefined;
  if (brief === undefined) return;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-code-cache-'));
  try {
    spawnSync(process.execPath, [path.join(root, 'dist', 'brief.js'), 'build', brief, '--jobs', '1', '--force', '--out', path.join(scratch, 'out')], {
      cwd: root,
      env: { ...process.env, BRIEF_CODE_CACHE: 'write', BRIEF_STORE: path.join(scratch, 'store'), BRIEF_CHART_GUARD: '0' },
      stdio: 'ignore',
    });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const stampFile = path.join(root, 'dist', STAMP);
  const before = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : undefined;
  if (before === undefined || before !== stamp()) {
    await buildCli();
    await buildValidators();
    writeCodeCaches();
    fs.writeFileSync(stampFile, stamp());
  }
}
