import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/store/fingerprint.js';
import { keyWith, openStore, storeDirFromEnv, storeKey } from '../../src/store/store.js';

const HOUR_MS = 3600 * 1000;
const key = (name: string): string => keyWith('test fingerprint', name);
const entryFile = (dir: string, kind: string, entryKey: string): string =>
  path.join(dir, kind, entryKey);
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-store-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('gives back the string or bytes put under a key', () => {
    const store = openStore({ dir });
    const bytes = Buffer.from([0, 10, 255, 32, 10, 98]); // newlines and NULs in the payload too
    store.put('chart', key('a'), '<svg>é</svg>');
    store.put('font-subset', key('b'), bytes);
    expect(store.get('chart', key('a'))?.toString()).toBe('<svg>é</svg>');
    expect(store.get('font-subset', key('b'))).toEqual(bytes);
    // a hit is read from disk each time, and can be read again
    expect(store.get('font-subset', key('b'))).toEqual(bytes);
  });

  it('writing behind, answers what was put at once, and has it on disk, the last put of a key, once flushed', async () => {
    const store = openStore({ dir, writeBehind: true });
    store.put('chart', key('a'), 'first');
    store.put('chart', key('a'), 'second');
    store.put('texts', key('b'), 'other');
    expect(store.get('chart', key('a'))?.toString()).toBe('second');
    expect(store.holds('texts')).toBe(true);
    await store.flush();
    expect(fs.readdirSync(path.join(dir, 'chart'))).toEqual([key('a')]);
    const reader = openStore({ dir });
    expect(reader.get('chart', key('a'))?.toString()).toBe('second');
    expect(reader.get('texts', key('b'))?.toString()).toBe('other');
  });

  it('writing behind, writes what was put once the thread has nothing else to do, and nothing while it is busy', async () => {
    const store = openStore({ dir, writeBehind: true });
    store.put('chart', key('a'), 'drawn');
    // still in the same task: nothing written yet
    expect(fs.existsSync(entryFile(dir, 'chart', key('a')))).toBe(false);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(fs.readFileSync(entryFile(dir, 'chart', key('a')), 'utf8')).toMatch(/\ndrawn$/);
    // flushing with nothing left to write is nothing
    await store.flush();
    expect(fs.readdirSync(path.join(dir, 'chart'))).toEqual([key('a')]);
  });

  it('writing behind into a folder it cannot write, keeps nothing and says nothing', async () => {
    const file = path.join(dir, 'a-file');
    fs.writeFileSync(file, '');
    const store = openStore({ dir: file, writeBehind: true });
    store.put('chart', key('a'), 'x');
    await store.flush();
    expect(openStore({ dir: file }).get('chart', key('a'))).toBeUndefined();
    expect(store.get('chart', key('a'))).toBeUndefined();
  });

  it('files an entry under its kind and key, headed by its kind, key, hash and length', () => {
    const store = openStore({ dir });
    const payload = Buffer.from('payload\nwith lines');
    store.put('validator', key('a'), payload);
    const kept = fs.readFileSync(entryFile(dir, 'validator', key('a')));
    const header = `brief-store 1 validator ${key('a')} ${sha256(payload)} ${payload.length}\n`;
    expect(kept.toString()).toBe(header + payload.toString());
  });

  it('misses keys never put, and keys put under another kind', () => {
    const store = openStore({ dir });
    expect(store.get('chart', key('absent'))).toBeUndefined();
    store.put('chart', key('a'), 'x');
    expect(store.get('validator', key('a'))).toBeUndefined();
  });

  it('replaces an entry put again', () => {
    const store = openStore({ dir });
    store.put('chart', key('a'), 'first');
    store.put('chart', key('a'), 'second');
    expect(store.get('chart', key('a'))?.toString()).toBe('second');
    expect(fs.readdirSync(path.dirname(entryFile(dir, 'chart', key('a'))))).toEqual([key('a')]); // no temp files left
  });

  it('refuses kinds and keys that are not names it can file', () => {
    const store = openStore({ dir });
    expect(() => store.put('Chart', key('a'), 'x')).toThrow(/kind/);
    expect(() => store.get('../chart', key('a'))).toThrow(/kind/);
    expect(() => store.get('chart', '../../etc/passwd')).toThrow(/key/);
    expect(() => store.put('chart', key('a').toUpperCase(), 'x')).toThrow(/key/);
    expect(() => openStore({ dir: undefined }).get('Chart', key('a'))).toThrow(/kind/);
  });
});

describe('a damaged entry', () => {
  const payload = Buffer.from('a payload long enough to flip some bytes in, '.repeat(4));

  /** Each damages the entry of key('a') (and may use the entry of key('b')) in place. */
  const damages: [string, (file: string, other: string) => void][] = [
    ['cut short', (file) => fs.truncateSync(file, fs.statSync(file).size - 1)],
    ['cut to its header', (file) => fs.truncateSync(file, fs.readFileSync(file).indexOf(10) + 1)],
    [
      'with 4 bytes of its payload flipped',
      (file) => {
        const bytes = fs.readFileSync(file);
        for (const at of [-1, -20, -50, -90]) bytes[bytes.length + at]! ^= 0x20;
        fs.writeFileSync(file, bytes);
      },
    ],
    [
      'with a byte of its header flipped',
      (file) => {
        const bytes = fs.readFileSync(file);
        bytes[Math.floor(bytes.indexOf(10) / 2)]! ^= 0x01;
        fs.writeFileSync(file, bytes);
      },
    ],
    [
      'swapped with another entry',
      (file, other) => {
        fs.renameSync(file, `${file}.swap`);
        fs.renameSync(other, file);
        fs.renameSync(`${file}.swap`, other);
      },
    ],
    [
      'written by another version of the store',
      (file) => {
        const text = fs.readFileSync(file, 'latin1');
        fs.writeFileSync(file, text.replace(/^brief-store 1 /, 'brief-store 0 '), 'latin1');
      },
    ],
    ['left empty', (file) => fs.writeFileSync(file, '')],
    ['without a header line', (file) => fs.writeFileSync(file, Buffer.alloc(1000, 'x'))],
  ];

  it.each(damages)('is a miss when %s, and is removed so that it is made again', (_, damage) => {
    const store = openStore({ dir });
    const file = entryFile(dir, 'chart', key('a'));
    const other = entryFile(dir, 'chart', key('b'));
    store.put('chart', key('a'), payload);
    store.put('chart', key('b'), Buffer.concat([payload, Buffer.from('b')]));
    damage(file, other);

    expect(store.get('chart', key('a'))).toBeUndefined();
    expect(fs.existsSync(file)).toBe(false);

    store.put('chart', key('a'), payload);
    expect(store.get('chart', key('a'))).toEqual(payload);
  });

  it('swapped, fails for both keys', () => {
    const store = openStore({ dir });
    store.put('chart', key('a'), 'A');
    store.put('chart', key('b'), 'B');
    const [a, b] = [entryFile(dir, 'chart', key('a')), entryFile(dir, 'chart', key('b'))];
    fs.renameSync(a, `${a}.swap`);
    fs.renameSync(b, a);
    fs.renameSync(`${a}.swap`, b);
    expect(store.get('chart', key('a'))).toBeUndefined();
    expect(store.get('chart', key('b'))).toBeUndefined();
    expect(fs.existsSync(a) || fs.existsSync(b)).toBe(false);
  });
});

describe('a store that keeps nothing', () => {
  it('is what a missing folder gives', () => {
    const store = openStore({ dir: undefined });
    expect(store.dir).toBeUndefined();
    store.put('chart', key('a'), 'x');
    expect(store.get('chart', key('a'))).toBeUndefined();
    expect(() => store.sweep()).not.toThrow();
  });

  it('is what a folder that cannot be written gives, without an error', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'not a folder');
    const store = openStore({ dir: path.join(blocker, 'store') });
    expect(() => store.put('chart', key('a'), 'x')).not.toThrow();
    expect(store.get('chart', key('a'))).toBeUndefined();
    expect(() => store.sweep()).not.toThrow();
    expect(fs.readFileSync(blocker, 'utf8')).toBe('not a folder');
  });
});

describe('recency', () => {
  it('refreshes the mtime of an entry read an hour or more after it was last refreshed', () => {
    const now = Date.now();
    const store = openStore({ dir, now: () => now });
    store.put('chart', key('old'), 'x');
    store.put('chart', key('young'), 'y');
    const old = entryFile(dir, 'chart', key('old'));
    const young = entryFile(dir, 'chart', key('young'));
    const twoHoursAgo = (now - 2 * HOUR_MS) / 1000;
    const halfAnHourAgo = (now - HOUR_MS / 2) / 1000;
    fs.utimesSync(old, twoHoursAgo, twoHoursAgo);
    fs.utimesSync(young, halfAnHourAgo, halfAnHourAgo);

    store.get('chart', key('old'));
    store.get('chart', key('young'));
    expect(Math.abs(fs.statSync(old).mtimeMs - now)).toBeLessThan(1000);
    expect(Math.abs(fs.statSync(young).mtimeMs - halfAnHourAgo * 1000)).toBeLessThan(1000);
  });
});

describe('sweep', () => {
  const payload = Buffer.alloc(1000, 'p');
  const keptKeys = (names: string[]): string[] =>
    names.filter((name) => fs.existsSync(entryFile(dir, 'chart', key(name))));
  const totalSize = (): number => {
    let total = 0;
    for (const kind of fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()))
      for (const name of fs.readdirSync(path.join(dir, kind.name))) total += fs.statSync(path.join(dir, kind.name, name)).size;
    return total;
  };

  it('removes the folders by prefix of the earlier layout, whose entries are never read, and keeps what is in use', () => {
    const writer = openStore({ dir });
    writer.put('chart', key('kept'), payload);
    const legacy = path.join(dir, 'chart', key('old').slice(0, 2));
    fs.mkdirSync(legacy, { recursive: true });
    fs.writeFileSync(path.join(legacy, key('old')), payload);
    openStore({ dir }).sweep();
    expect(fs.existsSync(legacy)).toBe(false);
    expect(writer.get('chart', key('kept'))?.equals(payload)).toBe(true);
  });

  it('touches nothing it did not write, in a folder shared with other files', () => {
    const others = ['pip/http/a', 'content/china/brief.yaml', 'chart/notes/x', 'chart/ab/readme.txt', 'chart/readme.txt', 'Notes/ab/' + key('n')];
    for (const file of others) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), payload);
    }
    const store = openStore({ dir, maxBytes: 1 });
    store.put('chart', key('kept'), payload);
    store.sweep();
    for (const file of others) expect(fs.existsSync(path.join(dir, file)), file).toBe(true);
  });

  it('removes the least recently used entries until the store is at most 80% of its budget', () => {
    const now = Date.now();
    const names = Array.from({ length: 10 }, (_, i) => `entry ${i}`);
    const kindOf = (i: number): string => (i % 2 ? 'chart' : 'texts'); // one budget for all kinds
    const fileOf = (i: number): string => entryFile(dir, kindOf(i), key(names[i]!));
    const writer = openStore({ dir, now: () => now });
    // entry 0 is the oldest, entry 9 the youngest
    names.forEach((name, i) => {
      writer.put(kindOf(i), key(name), payload);
      const when = (now - (10 - i) * 2 * HOUR_MS) / 1000;
      fs.utimesSync(fileOf(i), when, when);
    });
    writer.get('texts', key('entry 0')); // the oldest, but just used
    const size = fs.statSync(fileOf(1)).size;
    expect(totalSize()).toBe(10 * size);
    // a budget that 80% of holds 5 entries, not 6
    const maxBytes = Math.ceil((5 * size) / 0.8);

    openStore({ dir, maxBytes, now: () => now }).sweep();

    expect(totalSize()).toBeLessThanOrEqual(maxBytes * 0.8);
    expect(names.filter((_, i) => fs.existsSync(fileOf(i)))).toEqual(['entry 0', 'entry 6', 'entry 7', 'entry 8', 'entry 9']);
  });

  it('leaves a store under its budget as it is', () => {
    const store = openStore({ dir, maxBytes: 1e6 });
    for (const name of ['a', 'b', 'c']) store.put('chart', key(name), payload);
    store.sweep();
    expect(keptKeys(['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
  });

  it('removes temp files that a crash left an hour ago or more, not those of puts in flight', () => {
    const now = Date.now();
    const store = openStore({ dir, now: () => now });
    store.put('chart', key('a'), payload);
    const folder = path.dirname(entryFile(dir, 'chart', key('a')));
    const stale = path.join(folder, `${key('a')}.123.abcd.tmp`);
    const inFlight = path.join(folder, `${key('a')}.456.ef01.tmp`);
    fs.writeFileSync(stale, 'half');
    fs.writeFileSync(inFlight, 'half');
    const twoHoursAgo = (now - 2 * HOUR_MS) / 1000;
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);

    store.sweep();

    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(inFlight)).toBe(true);
    expect(store.get('chart', key('a'))).toEqual(payload);
  });

  it('runs after puts at most once an hour for all the processes sharing the folder', () => {
    const start = Date.now();
    const maxBytes = 3 * (payload.length + 200);
    const names = ['a', 'b', 'c', 'd', 'e', 'f'];

    openStore({ dir, maxBytes, now: () => start }).put('chart', key('a'), payload); // sweeps: no stamp yet
    expect(Math.abs(fs.statSync(path.join(dir, '.swept')).mtimeMs - start)).toBeLessThan(1000);

    // other processes, half an hour later: the stamp says a sweep ran lately
    for (const name of ['b', 'c', 'd', 'e']) openStore({ dir, maxBytes, now: () => start + HOUR_MS / 2 }).put('chart', key(name), payload);
    expect(keptKeys(names)).toEqual(['a', 'b', 'c', 'd', 'e']);

    // two hours later, the first put sweeps
    openStore({ dir, maxBytes, now: () => start + 2 * HOUR_MS }).put('chart', key('f'), payload);
    expect(keptKeys(names).length).toBe(2);
    expect(totalSize()).toBeLessThanOrEqual(maxBytes * 0.8);
  });
});

describe('storeKey', () => {
  it('tells the parts apart by where they split and their order', () => {
    expect(keyWith('f', 'ab', 'c')).not.toBe(keyWith('f', 'a', 'bc'));
    expect(keyWith('f', 'a', 'b')).not.toBe(keyWith('f', 'b', 'a'));
    expect(keyWith('f', 'a', '')).not.toBe(keyWith('f', 'a'));
    expect(keyWith('f', 'a')).toBe(keyWith('f', 'a'));
  });

  it('takes a string and its UTF-8 bytes as the same part', () => {
    expect(keyWith('f', 'é', 'x')).toBe(keyWith('f', Buffer.from('é'), new Uint8Array([0x78])));
  });

  it('changes with the fingerprint, so entries of another build never match', () => {
    expect(keyWith('build 1', 'spec')).not.toBe(keyWith('build 2', 'spec'));
    expect(keyWith('fa', 'b')).not.toBe(keyWith('f', 'ab'));
    const store = openStore({ dir });
    store.put('chart', keyWith('build 1', 'spec'), 'drawn by build 1');
    expect(store.get('chart', keyWith('build 2', 'spec'))).toBeUndefined();
  });

  it('is keyWith the fingerprint of the running code', () => {
    expect(storeKey('spec', Buffer.from('data'))).toMatch(/^[0-9a-f]{64}$/);
    expect(storeKey('spec', Buffer.from('data'))).toBe(keyWith(fingerprint(), 'spec', Buffer.from('data')));
    expect(storeKey('spec')).not.toBe(keyWith('test fingerprint', 'spec'));
  });
});

describe('storeDirFromEnv', () => {
  it('takes the folder named by BRIEF_STORE', () => {
    expect(storeDirFromEnv({ BRIEF_STORE: '/tmp/brief-store' }, '/default')).toBe('/tmp/brief-store');
  });

  it('turns the store off with BRIEF_STORE=off, whatever the default', () => {
    expect(storeDirFromEnv({ BRIEF_STORE: 'off' }, '/default')).toBeUndefined();
  });

  it('falls back to the default when BRIEF_STORE is unset or empty', () => {
    expect(storeDirFromEnv({}, '/default')).toBe('/default');
    expect(storeDirFromEnv({ BRIEF_STORE: '' }, '/default')).toBe('/default');
    expect(storeDirFromEnv({ OTHER: '/x' }, undefined)).toBeUndefined();
  });
});
