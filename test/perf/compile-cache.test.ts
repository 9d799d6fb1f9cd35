import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../leaflets/project.js';

/** A script that loads `yaml` (CommonJS, ~70 files) with the code cache on in DIR and prints the counts. */
async function probe(dir: string): Promise<string> {
  const outfile = path.join(dir, 'probe.mjs');
  await build({
    stdin: {
      contents: `
        import { createRequire } from 'node:module';
        import { enableCompileCache, compileCacheStats, saveCompileCache } from './src/perf/compile-cache.ts';
        enableCompileCache(process.argv[2]);
        const yaml = createRequire(${JSON.stringify(path.join(repoRoot, 'package.json'))})('yaml');
        const ok = yaml.stringify(yaml.parse('a: [1, 2]')) === 'a:\\n  - 1\\n  - 2\\n';
        saveCompileCache();
        console.log(JSON.stringify({ ok, ...compileCacheStats() }));`,
      resolveDir: repoRoot,
      sourcefile: 'probe.ts',
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

const run = (script: string, cache: string, env: Record<string, string> = {}) =>
  JSON.parse(execFileSync(process.execPath, [script, cache], { env: { ...process.env, ...env }, encoding: 'utf8' })) as { ok: boolean; fromCache: number; compiled: number };

describe.skipIf(typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function')('code cache (Node 20)', () => {
  it('compiles packages once, then runs them from the cache with the same results', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-code-'));
    const script = await probe(dir);
    const cache = path.join(dir, 'cache');
    const first = run(script, cache);
    expect(first.ok).toBe(true);
    expect(first.compiled).toBeGreaterThan(10);
    expect(first.fromCache).toBe(0);
    expect(fs.readdirSync(cache).length).toBe(first.compiled);
    const second = run(script, cache);
    expect(second).toEqual({ ok: true, fromCache: first.compiled, compiled: 0 });
  });

  it('compiles as usual when a cached entry is not V8\'s, or when turned off', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-code-'));
    const script = await probe(dir);
    const cache = path.join(dir, 'cache');
    const first = run(script, cache);
    for (const f of fs.readdirSync(cache)) fs.writeFileSync(path.join(cache, f), 'not a code cache');
    const damaged = run(script, cache);
    expect(damaged).toEqual({ ok: true, fromCache: 0, compiled: first.compiled });
    expect(run(script, path.join(dir, 'unused'), { BRIEF_COMPILE_CACHE: 'off' })).toEqual({ ok: true, fromCache: 0, compiled: 0 });
    expect(fs.existsSync(path.join(dir, 'unused'))).toBe(false);
  });
});
