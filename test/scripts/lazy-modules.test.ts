import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../helpers/temp.js';

const temp = tempFolders();

interface BuildScript {
  lazyModules(specifiers: string[]): import('esbuild').Plugin;
}

/** A project with two packages that say when they load, and an entry that requires both. */
function project(): string {
  const dir = temp('brief-lazy-');
  const pkg = (name: string, source: string) => {
    fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, main: 'index.js' }));
    fs.writeFileSync(path.join(dir, 'node_modules', name, 'index.js'), source);
  };
  pkg('tables', "(globalThis.loaded ??= []).push('tables');\nexports.size = 42;\nexports.twice = (n) => n * 2;\nObject.defineProperty(exports, '__esModule', { value: true });\n");
  pkg('inflate', "(globalThis.loaded ??= []).push('inflate');\nmodule.exports = function inflate(a, b) { return a + b; };\n");
  fs.writeFileSync(path.join(dir, 'entry.js'), "const tables = require('tables');\nconst inflate = require('inflate');\nmodule.exports = { tables, inflate };\n");
  return dir;
}

describe('lazyModules (scripts/build.mjs)', () => {
  it('bundles each module behind a stand-in that loads it when an export is first read or called', async () => {
    const { lazyModules } = (await import(pathToFileURL(path.join(import.meta.dirname, '../../scripts/build.mjs')).href)) as BuildScript;
    const dir = project();
    const outfile = path.join(dir, 'out.cjs');
    // the build reads each module's exports, running it once here
    await build({ entryPoints: [path.join(dir, 'entry.js')], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent', plugins: [lazyModules(['tables', 'inflate'])] });
    const loaded: string[] = [];
    (globalThis as { loaded?: string[] }).loaded = loaded;
    try {
      const { tables, inflate } = createRequire(import.meta.url)(outfile) as { tables: { size: number; twice(n: number): number; __esModule?: boolean }; inflate: (a: number, b: number) => unknown };
      expect(loaded).toEqual([]);
      // the interop flag is the stand-in's own: reading it loads nothing
      expect(tables.__esModule).toBe(true);
      expect(loaded).toEqual([]);
      expect(tables.twice(4)).toBe(8);
      expect(tables.size).toBe(42);
      expect(Object.keys(tables).sort()).toEqual(['size', 'twice']);
      expect(loaded).toEqual(['tables']);
      expect(inflate(1, 2)).toBe(3);
      expect(loaded).toEqual(['tables', 'inflate']);
    } finally {
      delete (globalThis as { loaded?: string[] }).loaded;
    }
  });

  it('refuses a module its stand-in cannot pass for: a class, or a hidden export', async () => {
    const { lazyModules } = (await import(pathToFileURL(path.join(import.meta.dirname, '../../scripts/build.mjs')).href)) as BuildScript;
    const dir = project();
    const pkg = (name: string, source: string) => {
      fs.mkdirSync(path.join(dir, 'node_modules', name), { recursive: true });
      fs.writeFileSync(path.join(dir, 'node_modules', name, 'index.js'), source);
    };
    pkg('klass', 'module.exports = class Shape {};\n');
    pkg('hidden', "exports.shown = 1;\nObject.defineProperty(exports, 'hidden', { value: 2, enumerable: false });\n");
    for (const name of ['klass', 'hidden']) {
      fs.writeFileSync(path.join(dir, 'entry.js'), `module.exports = require('${name}');\n`);
      await expect(build({ entryPoints: [path.join(dir, 'entry.js')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent', plugins: [lazyModules([name])] })).rejects.toThrow(/cannot load lazily/);
    }
  });
});
