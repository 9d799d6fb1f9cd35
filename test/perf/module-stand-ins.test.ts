import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { inflateInto, loadedOnFirstUse } from '../../src/perf/module-stand-ins.js';

const require = createRequire(import.meta.url);
const tinyInflate = require(createRequire(require.resolve('unicode-trie')).resolve('tiny-inflate')) as (source: Uint8Array, dest: Uint8Array) => Uint8Array;
const trieFiles = ['use.trie', 'data.trie', 'indic.trie'].map((f) => path.join(path.dirname(require.resolve('fontkit')), '..', 'src/opentype/shapers', f));

describe('module stand-ins', () => {
  it.each(trieFiles)('inflate the Unicode table %s to the bytes tiny-inflate gives', (file) => {
    const data = fs.readFileSync(file);
    const length = data.readUInt32LE(8); // unicode-trie: high start, error value, inflated length, then raw deflate
    const expected = tinyInflate(data.subarray(12), new Uint8Array(length));
    const actual = inflateInto(data.subarray(12), new Uint8Array(length));
    expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
  });

  it('inflate short and overlong data as tiny-inflate does', () => {
    const raw = zlib.deflateRawSync(Buffer.from('a tree of Unicode properties '.repeat(40)));
    for (const size of [10, 1160, 2000]) {
      const expected = tinyInflate(raw, new Uint8Array(size));
      const dest = new Uint8Array(size);
      const actual = inflateInto(raw, dest);
      expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
      expect(actual === dest).toBe(expected.length === size);
    }
  });

  it('load a module only when it is first used, then pass everything on', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-stand-in-'));
    const counter = `__standInLoads${Date.now()}`;
    const g = globalThis as unknown as Record<string, number>;
    g[counter] = 0;
    const fnFile = path.join(dir, 'fn.cjs');
    fs.writeFileSync(fnFile, `globalThis.${counter}++; module.exports = function (a, b) { return [this && this.tag, a + b]; };`);
    const objFile = path.join(dir, 'obj.cjs');
    fs.writeFileSync(objFile, `globalThis.${counter}++; exports.cbc = (k) => 'cbc:' + k; exports.n = 7;`);

    const fn = loadedOnFirstUse(fnFile, 'function') as (this: unknown, a: number, b: number) => unknown;
    const obj = loadedOnFirstUse(objFile, 'object') as { cbc(k: string): string; n: number };
    expect(g[counter]).toBe(0);
    expect(fn.call({ tag: 't' }, 2, 3)).toEqual(['t', 5]);
    expect(g[counter]).toBe(1);
    expect(obj.cbc('key')).toBe('cbc:key');
    expect(obj.n).toBe(7);
    expect('n' in obj).toBe(true);
    fn(1, 1);
    expect(g[counter]).toBe(2);
  });
});
