import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as fontkit from 'fontkit';
import { fontkitFaceFacts, readFaceFacts } from '../../src/print/font-facts.js';

const require = createRequire(import.meta.url);
const openFont = (bytes: Buffer) => (require('fontkit') as typeof fontkit).create(bytes) as fontkit.Font;
const root = path.resolve(import.meta.dirname, '../..');

/** Every face of the installed font packages: the theme's own, its fallbacks, and others of other makers. */
function installedFonts(): string[] {
  const dirs = ['node_modules/@expo-google-fonts', 'node_modules/dejavu-fonts-ttf/ttf', 'node_modules/pdfmake/fonts'];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ttf|otf)$/i.test(entry.name)) out.push(full);
    }
  };
  for (const dir of dirs) walk(path.join(root, dir));
  return out.sort();
}

describe('readFaceFacts', () => {
  const fonts = installedFonts();

  it('finds the installed fonts', () => {
    expect(fonts.length).toBeGreaterThan(50);
  });

  it('reads what fontkit reads, for every installed face', () => {
    for (const file of fonts) {
      const bytes = fs.readFileSync(file);
      const copy = Buffer.from(bytes);
      expect({ file, facts: readFaceFacts(bytes) }).toEqual({ file, facts: fontkitFaceFacts(openFont(bytes)) });
      // the file's bytes are read, never changed (they are hashed and subset after)
      expect(bytes.equals(copy)).toBe(true);
    }
  });

  it('leaves a collection, a WOFF or a cut file to fontkit', () => {
    const inter = fs.readFileSync(fonts.find((f) => f.includes('Inter_400Regular'))!);
    const collection = Buffer.concat([Buffer.from('ttcf'), Buffer.alloc(8)]);
    const woff = Buffer.concat([Buffer.from('wOFF'), inter.subarray(4)]);
    expect(readFaceFacts(collection)).toBeUndefined();
    expect(readFaceFacts(woff)).toBeUndefined();
    expect(readFaceFacts(inter.subarray(0, 200))).toBeUndefined();
    expect(readFaceFacts(Buffer.alloc(4))).toBeUndefined();
  });
});
