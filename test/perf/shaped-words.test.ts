import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { createWordShaper, saveShapedWords, type ShapingFont } from '../../src/perf/shaped-words.js';
import { repoRoot } from '../leaflets/project.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { openSync(file: string): ShapingFont };
const interFile = require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf');

/** Words that exercise kerning, ligatures, contextual forms, figures and non-ASCII. */
const WORDS = ['Office', 'efficiency', 'AVATAR', '2024–2025', '→', 'Türkiye', 'CNY\u00a03.2', 'x', '', 'f‑i'];

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'brief-shaped-'));

describe('shaped words', () => {
  it('gives from the disk cache exactly what shaping gives, without shaping', () => {
    const dir = tempDir();
    const bytes = fs.readFileSync(interFile);
    const first = createWordShaper(fontkit.openSync(interFile), bytes, dir);
    const shaped = WORDS.map((w) => first.shape(w, 0.5));
    saveShapedWords();
    expect(fs.readdirSync(dir).filter((f) => /^shaped-[0-9a-f]{16}\.json$/.test(f))).toHaveLength(1);

    const font = fontkit.openSync(interFile);
    const layout = vi.spyOn(font, 'layout');
    const second = createWordShaper(font, bytes, dir);
    expect(WORDS.map((w) => second.shape(w, 0.5))).toEqual(shaped);
    expect(layout).not.toHaveBeenCalled();
  });

  it('shapes a word as fontkit does, positions scaled, lookups logged in order', () => {
    const font = fontkit.openSync(interFile);
    const shaper = createWordShaper(font, undefined, undefined);
    const word = shaper.shape('Office', 0.5);
    const run = fontkit.openSync(interFile).layout('Office');
    expect(word.ids).toEqual(run.glyphs.map((g) => g.id));
    expect(word.positions.map((p) => p.xAdvance)).toEqual(run.positions.map((p) => p.xAdvance! * 0.5));
    expect(word.advanceWidth).toBeCloseTo(run.positions.reduce((s, p) => s + p.xAdvance! * 0.5, 0), 9);
    // every glyph of the run was looked up while shaping, each with code points
    for (const id of word.ids) expect(word.lookups.some(([i]) => i === id)).toBe(true);
    expect(word.lookups[0]).toEqual([expect.any(Number), ['O'.codePointAt(0)]]);
  });

  it('ignores a cache file that is not its own', () => {
    const dir = tempDir();
    const bytes = fs.readFileSync(interFile);
    createWordShaper(fontkit.openSync(interFile), bytes, dir).shape('Office', 1);
    saveShapedWords();
    const file = path.join(dir, fs.readdirSync(dir)[0]!);
    fs.writeFileSync(file, '{"format":1,"words":{"Office":[[1],[2],[3],"x"]}}');
    const word = createWordShaper(fontkit.openSync(interFile), bytes, dir).shape('Office', 1);
    expect(word.ids.length).toBeGreaterThan(1);
  });

  it('a cold build gives the same PDF with an empty cache, a filled one and none', { timeout: 120_000 }, () => {
    const cache = tempDir();
    const build = (out: string, cacheDir: string) => {
      execFileSync(process.execPath, [path.join(repoRoot, 'dist/brief.js'), 'build', 'china', '--force', '--out', out], {
        cwd: repoRoot,
        env: { ...process.env, BRIEF_CHART_CACHE: cacheDir, SOURCE_DATE_EPOCH: '1600000000' },
        stdio: 'pipe',
      });
      return fs.readFileSync(path.join(out, 'china.pdf'));
    };
    const filling = build(tempDir(), cache);
    expect(fs.readdirSync(cache).some((f) => f.startsWith('shaped-'))).toBe(true);
    // every font's subset and every YAML file's value is kept too
    expect(fs.readdirSync(path.join(cache, 'subsets')).length).toBeGreaterThan(0);
    expect(fs.readdirSync(path.join(cache, 'yaml')).length).toBeGreaterThan(0);
    const reading = build(tempDir(), cache);
    const none = build(tempDir(), 'off');
    expect(reading.equals(filling)).toBe(true);
    expect(none.equals(filling)).toBe(true);
  });
});
