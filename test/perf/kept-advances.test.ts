import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import type { ResolvedFonts } from '../../src/theme/types.js';

const require = createRequire(import.meta.url);
const face = (weight: string) => require.resolve(`@expo-google-fonts/inter/${weight}/Inter_${weight}.ttf`);
const fonts = { Inter: { normal: face('400Regular'), bold: face('700Bold'), italics: face('400Regular_Italic'), bolditalics: face('700Bold_Italic') } } as unknown as ResolvedFonts;
const TEXTS = ['European Union', 'China', '44.6', '0', 'Overall AI score (out of 100)', 'office efficiency', 'Türkiye  →  2024–2025'];
const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'brief-advances-'));

/** The measurer and kept advances as a new process has them. */
async function fresh() {
  vi.resetModules();
  const measure = await import('../../src/chart/measure.js');
  const kept = await import('../../src/perf/kept-advances.js');
  return { ...measure, ...kept };
}

const widthsOf = (m: { rawWidth(item: object, text: unknown): number }) =>
  TEXTS.flatMap((text) => [m.rawWidth({ font: 'Inter', fontSize: 9 }, text), m.rawWidth({ font: 'Inter', fontSize: 11.5, fontWeight: 'bold' }, text)]);

describe('kept advances of chart text', () => {
  it('give the widths fontkit gives, and a new process measures kept text without opening the font', async () => {
    const dir = tempDir();
    const plain = await fresh();
    const expected = widthsOf(plain.createTextMeasurer(fonts, 'Inter'));

    const first = await fresh();
    expect(widthsOf(first.createTextMeasurer(fonts, 'Inter', dir))).toEqual(expected);
    first.saveKeptAdvances();
    expect(fs.readdirSync(dir).filter((f) => /^advances-[0-9a-f]{16}\.json$/.test(f))).toHaveLength(2);

    // fontkit as the measurer will load it, counting the fonts it opens
    const entry = require.cache[require.resolve('fontkit')]!;
    const real = entry.exports as { openSync(file: string): unknown };
    let opened = 0;
    entry.exports = { ...real, openSync: (file: string) => (opened++, real.openSync(file)) };
    try {
      const second = await fresh();
      expect(widthsOf(second.createTextMeasurer(fonts, 'Inter', dir))).toEqual(expected);
      expect(opened).toBe(0);
      // new text opens the font
      second.createTextMeasurer(fonts, 'Inter', dir).rawWidth({ font: 'Inter', fontSize: 9 }, 'a new label');
      expect(opened).toBe(1);
    } finally {
      entry.exports = real;
    }
  });

  it('keep the pieces used last, at most KEPT_PIECES, merged with what another process wrote', async () => {
    const dir = tempDir();
    const first = await fresh();
    const store = first.keptAdvances(dir, fonts.Inter!.normal)!;
    store.set('old0', 1, 2048);
    first.saveKeptAdvances();
    const [file] = fs.readdirSync(dir);
    const full = { format: 1, unitsPerEm: 2048, advances: Array.from({ length: first.KEPT_PIECES }, (_, i) => [`old${i}`, i]) };
    fs.writeFileSync(path.join(dir, file!), JSON.stringify(full));

    const second = await fresh();
    const again = second.keptAdvances(dir, fonts.Inter!.normal)!;
    expect(again.get('old0')).toBe(0); // used again
    again.set('new', 7, 2048);
    // meanwhile another process adds a piece
    fs.writeFileSync(path.join(dir, file!), JSON.stringify({ ...full, advances: [...full.advances.slice(1), ['other', 3]] }));
    second.saveKeptAdvances();
    const pieces = (JSON.parse(fs.readFileSync(path.join(dir, file!), 'utf8')) as { advances: [string, number][] }).advances.map(([p]) => p);
    expect(pieces).toHaveLength(second.KEPT_PIECES);
    expect(pieces.slice(-3)).toEqual(['other', 'old0', 'new']);
    expect(pieces).not.toContain('old1'); // the oldest made room
  });
});
