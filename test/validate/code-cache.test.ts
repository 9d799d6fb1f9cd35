import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { PATTERNS } from '../../src/layout/hyphenate.js';
import { describe, expect, it } from 'vitest';
import { setV8Flags } from '../../src/bin/v8-flags.js';
import { builtValidatorFile } from '../../src/validate/ajv-cache.js';
import { CODE_CACHE_ENV, codeCacheFile, requireCached, writeCodeCaches } from '../../src/validate/code-cache.js';
import { vegaLiteValidatorSource } from '../../src/validate/vega-lite.js';
import { tempFolders } from '../helpers/temp.js';

// the flags the CLI runs under, which its caches were made with
setV8Flags();

const temp = tempFolders();
const dist = path.join(import.meta.dirname, '../../dist');

describe('code caches of built files', () => {
  it.each([
    ['vega', ['vega', 'vl']],
    ['yaml', expect.arrayContaining(['parseDocument', 'LineCounter', 'visit'])],
    ['pdfmake', ['LayoutBuilder', 'PDFDocument', 'fontkit', 'svgToPdfkit']],
    ['handlebars', ['compiler', 'runtime']],
  ])('the build bundles %s with a code cache that V8 takes', (name, exported) => {
    const file = path.join(dist, `${name}.cjs`);
    expect(fs.existsSync(codeCacheFile(file)), `scripts/build.mjs writes dist/${name}.cjs.v8`).toBe(true);
    const { exports, rejected } = requireCached(file);
    expect(rejected).toBe(false);
    expect(Object.keys(exports as object).sort()).toEqual(exported);
  });

  it('bundles pdfkit in strict mode, its data files read from its own folder', () => {
    const bundle = fs.readFileSync(path.join(dist, 'pdfmake.cjs'), 'utf8');
    const start = bundle.indexOf('"node_modules/pdfkit/js/pdfkit.js"(');
    expect(start).toBeGreaterThan(0);
    // the module's body, as the build writes it (without whitespace): the directive first
    const body = bundle.slice(bundle.indexOf('{', start) + 1, bundle.indexOf('{', start) + 200);
    expect(body).toMatch(/^"use strict";var __dirname=require\("path"\)\.dirname\(require\.resolve\("pdfkit"\)\);/);
  });

  it('bundles the hyphenation patterns of every language brief hyphenates, which hyphenate as the package does', () => {
    const require = createRequire(import.meta.url);
    type Patterns = { hyphenateSync(text: string, options: { hyphenChar: string }): string };
    for (const patterns of new Set(Object.values(PATTERNS))) {
      const file = path.join(dist, `hyphen-${patterns}.cjs`);
      expect({ patterns, built: fs.existsSync(file) }).toEqual({ patterns, built: true });
      const bundled = requireCached(file).exports as Patterns;
      const words = 'internationalization Wettbewerbsfähigkeit compétitivité';
      expect(bundled.hyphenateSync(words, { hyphenChar: '-' })).toBe((require(`hyphen/${patterns}`) as Patterns).hyphenateSync(words, { hyphenChar: '-' }));
    }
  });

  it('bundles as ASCII, which V8 holds in one byte a character', () => {
    for (const name of ['vega', 'yaml', 'pdfmake', 'handlebars', 'hyphen-de-1996']) {
      const bytes = fs.readFileSync(path.join(dist, `${name}.cjs`));
      expect({ name, ascii: bytes.every((b) => b < 0x80) }).toEqual({ name, ascii: true });
    }
  });

  it('bundles the modules of the printing libraries a build seldom calls behind stand-ins', async () => {
    const { LAZY_PRINT_MODULES } = (await import(pathToFileURL(path.join(import.meta.dirname, '../../scripts/build.mjs')).href)) as { LAZY_PRINT_MODULES: string[] };
    const bundle = fs.readFileSync(path.join(dist, 'pdfmake.cjs'), 'utf8');
    // each found where the libraries require it, and bundled behind its stand-in
    expect(new Set(bundle.match(/"lazy-module:node_modules\/[^"]+"/g)).size).toBe(LAZY_PRINT_MODULES.length);
  });

  it('no file run with a cache has a dynamic import, which Node 20 cannot run from a cache', () => {
    const files = [...fs.readdirSync(dist).filter((f) => f.endsWith('.cjs')).map((f) => path.join(dist, f)), ...fs.readdirSync(path.join(dist, 'validators')).filter((f) => f.endsWith('.cjs')).map((f) => path.join(dist, 'validators', f))];
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) expect({ file, imports: /[^\w.$]import\(/.test(fs.readFileSync(file, 'utf8')) }).toEqual({ file, imports: false });
  });

  it('the build writes one for Vega-Lite’s validator that V8 takes', () => {
    const source = vegaLiteValidatorSource();
    const file = builtValidatorFile(source.name, source.identity());
    expect(fs.existsSync(codeCacheFile(file)), 'scripts/build.mjs writes dist/validators/*.cjs.v8').toBe(true);
    const { exports: validate, rejected } = requireCached(file);
    expect(rejected).toBe(false);
    expect((validate as (spec: unknown) => boolean)({ mark: 'bar', data: { values: [] } })).toBe(true);
    expect((validate as (spec: unknown) => boolean)({ mark: 'bar', data: { values: [] }, encodingg: {} })).toBe(false);
  });

  it('runs a file as require does, with its cache, without one, or with one that is not of its bytes', () => {
    const dir = temp('brief-code-cache-');
    // each source once: V8 keeps what this process compiled, and then looks at no cache
    const module = (name: string, factor: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, `const path = require('node:path');\nmodule.exports = (n) => [n * ${factor}, path.basename(__filename)];\n`);
      return file;
    };
    const call = (loaded: { exports: unknown }, n: number) => (loaded.exports as (n: number) => unknown)(n);

    expect(call(requireCached(module('plain.cjs', 2)), 21)).toEqual([42, 'plain.cjs']);
    expect(requireCached(module('none.cjs', 3)).rejected).toBeUndefined();

    // a process told to write caches writes one for each file it ran, as it ends
    const cachedFile = module('cached.cjs', 4);
    process.env[CODE_CACHE_ENV] = 'write';
    try {
      call(requireCached(cachedFile), 1);
    } finally {
      delete process.env[CODE_CACHE_ENV];
    }
    writeCodeCaches();
    expect(fs.readFileSync(codeCacheFile(cachedFile), 'latin1')).toMatch(/^brief-code-cache 1 [0-9a-f]{64}\n/);
    // the source changed after its cache was made (to one of the same length, which V8 alone would take): the new source runs
    fs.writeFileSync(cachedFile, fs.readFileSync(cachedFile, 'utf8').replace('* 4', '* 5'));
    const stale = requireCached(cachedFile);
    expect(stale.rejected).toBe(true);
    expect(call(stale, 2)).toEqual([10, 'cached.cjs']);

    const damagedFile = module('damaged.cjs', 6);
    fs.writeFileSync(codeCacheFile(damagedFile), Buffer.from('not a code cache'));
    const damaged = requireCached(damagedFile);
    expect(damaged.rejected).toBe(true);
    expect(call(damaged, 2)).toEqual([12, 'damaged.cjs']);
  });
});
