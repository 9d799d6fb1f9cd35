import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FontFiles } from '../../src/print/face.js';
import { euTheme } from '../chart/helpers.js';
import { tempFolders } from '../helpers/temp.js';

const temp = tempFolders();
const require = createRequire(import.meta.url);
/** A CJK fallback font of the theme: 10 MB. */
const large = require.resolve('@expo-google-fonts/noto-sans-sc/600SemiBold/NotoSansSC_600SemiBold.ttf');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A copy of `file` of its own, to remove. */
function copy(file: string): string {
  const to = path.join(temp('brief-prefetch-'), path.basename(file));
  fs.copyFileSync(file, to);
  return to;
}

describe('font files read ahead on a thread of their own', () => {
  it('takes the bytes and hash read there, with no need of the file by then', async () => {
    const file = copy(large);
    const expected = sha256(fs.readFileSync(file));
    const fonts = new FontFiles(undefined);
    const read = fonts.prefetch([file]);
    expect(fonts.get(file).unread).toBe(false);
    await read;
    // read there: the file may go, the hash and the facts (which read the bytes) come from what was read
    fs.rmSync(file);
    expect(fonts.get(file).hash).toBe(expected);
    expect(fonts.get(file).factsOf.unitsPerEm).toBeGreaterThan(0);
  });

  it('reads a file here when its bytes have not come, and drops what comes later', async () => {
    const file = copy(large);
    const fonts = new FontFiles(undefined);
    const read = fonts.prefetch([file]);
    // asked at once: nothing has come yet
    expect(fonts.get(file).hash).toBe(sha256(fs.readFileSync(file)));
    await read;
    fs.rmSync(file);
    // what came later is dropped: the hash stays that of the bytes read here
    expect(fonts.get(file).hash).toBe(sha256(fs.readFileSync(large)));
  });

  it('leaves small files to be read where they are needed, and files it cannot read', async () => {
    const small = euTheme.fonts.Inter!.normal;
    const fonts = new FontFiles(undefined);
    await fonts.prefetch([small, path.join(temp('brief-prefetch-'), 'absent.ttf')]);
    expect(fonts.get(small).unread).toBe(true);
    expect(fonts.get(small).hash).toBe(sha256(fs.readFileSync(small)));
  });
});
