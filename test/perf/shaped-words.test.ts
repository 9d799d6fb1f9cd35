import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { createWordShaper, saveShapedWords, STORED_WORDS, type ShapingFont } from '../../src/perf/shaped-words.js';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { openSync(file: string): ShapingFont };
const interFile = require.resolve('@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf');

/** Words that exercise kerning, ligatures, contextual forms, figures and non-ASCII. */
const WORDS = ['Office', 'efficiency', 'AVATAR', '2024–2025', '→', 'Türkiye', 'CNY\u00a03.2', 'x', '', 'f‑i'];

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'brief-shaped-'));

/** A cache folder whose only file holds the word Office, as a process saved it. */
function savedOffice(): { bytes: Buffer; dir: string; file: string } {
  const dir = tempDir();
  const bytes = fs.readFileSync(interFile);
  createWordShaper(fontkit.openSync(interFile), bytes, dir).shape('Office', 1);
  saveShapedWords();
  return { bytes, dir, file: path.join(dir, fs.readdirSync(dir)[0]!) };
}

describe('shaped words', () => {
  it('gives from the disk cache what shaping gives, without shaping', () => {
    const dir = tempDir();
    const bytes = fs.readFileSync(interFile);
    const first = createWordShaper(fontkit.openSync(interFile), bytes, dir);
    const shaped = WORDS.map((w) => first.shape(w, 0.5));
    saveShapedWords();
    expect(fs.readdirSync(dir).filter((f) => /^shaped-[0-9a-f]{16}\.json$/.test(f))).toHaveLength(1);

    const font = fontkit.openSync(interFile);
    const layout = vi.spyOn(font, 'layout');
    const second = createWordShaper(font, bytes, dir);
    // the same glyphs and positions, to the bit; of the lookups, the first of each glyph
    // (a document replays a lookup only for a glyph it has not made yet)
    const firstOfEach = (lookups: [number, number[]][]) => lookups.filter(([id], i) => lookups.findIndex(([other]) => other === id) === i);
    expect(WORDS.map((w) => second.shape(w, 0.5))).toEqual(shaped.map((w) => ({ ...w, lookups: firstOfEach(w.lookups) })));
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
    const { bytes, dir, file } = savedOffice();
    fs.writeFileSync(file, '{"format":2,"words":[["Office",[1],[2],[3,"x"]]]}');
    const word = createWordShaper(fontkit.openSync(interFile), bytes, dir).shape('Office', 1);
    expect(word.ids.length).toBeGreaterThan(1);
  });

  it('keeps on disk the words used last, at most STORED_WORDS of them', () => {
    const { bytes, dir, file } = savedOffice();
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { format: number; words: unknown[][] };
    const [office] = data.words;
    // a full file: the words of other runs, Office the oldest
    data.words = [office!, ...Array.from({ length: STORED_WORDS - 1 }, (_, i) => [`old${i}`, ...office!.slice(1)])];
    fs.writeFileSync(file, JSON.stringify(data));

    const font = fontkit.openSync(interFile);
    const layout = vi.spyOn(font, 'layout');
    const shaper = createWordShaper(font, bytes, dir);
    shaper.shape('Office', 1); // from the file: used again
    expect(layout).not.toHaveBeenCalled();
    shaper.shape('efficiency', 1); // new
    saveShapedWords();
    const words = (JSON.parse(fs.readFileSync(file, 'utf8')) as { words: unknown[][] }).words.map((w) => w[0]);
    expect(words).toHaveLength(STORED_WORDS);
    expect(words.slice(-2)).toEqual(['Office', 'efficiency']);
    expect(words[0]).toBe('old1'); // the oldest, old0, made room
  });
});
