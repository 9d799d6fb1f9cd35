import Module, { createRequire } from 'node:module';
import zlib from 'node:zlib';

/**
 * Stand-ins, in Node's module cache, for modules that pdfkit and fontkit load at start-up
 * and a build uses little or not at all.
 *
 * - `tiny-inflate`, a pure-JavaScript inflater: fontkit, unicode-properties and linebreak
 *   (through `unicode-trie`) inflate their Unicode tables with it as they load, 12–30 ms
 *   of a cold build before the JIT warms up. zlib inflates the same data to the same
 *   bytes in well under a millisecond.
 * - fontkit's Brotli decoder (WOFF2 fonts only) and pdfkit's AES and SHA-2 (encrypted PDFs
 *   only) build their tables as they load, about 10 ms together: they are loaded on first
 *   use instead, and the stand-in passes everything on to them.
 *
 * Node documents `require.cache` as writable. Each stand-in goes under the file the
 * requiring package resolves to, so this must run before fontkit and pdfkit first load;
 * a module that cannot be found, or is already loaded, is left as it is.
 */

/**
 * tiny-inflate's function: inflate raw deflate `source` into `dest` and return `dest`, or
 * a copy of its start when the data is shorter. Like tiny-inflate, what does not fit in
 * `dest` is dropped.
 */
export function inflateInto(source: Uint8Array, dest: Uint8Array): Uint8Array {
  const out = zlib.inflateRawSync(source);
  dest.set(out.length > dest.length ? out.subarray(0, dest.length) : out);
  return out.length < dest.length ? dest.slice(0, out.length) : dest;
}

/** A module's exports, loaded from `file` when first used. */
export function loadedOnFirstUse(file: string, kind: 'function' | 'object'): unknown {
  let real: unknown;
  const load = (): Record<PropertyKey, unknown> => {
    if (real === undefined) {
      const require = createRequire(file);
      if (require.cache[file]?.exports === standIn) delete require.cache[file];
      real = require(file);
    }
    return real as Record<PropertyKey, unknown>;
  };
  const standIn =
    kind === 'function'
      ? function (this: unknown, ...args: unknown[]) {
          return (load() as unknown as (...a: unknown[]) => unknown).apply(this, args);
        }
      : new Proxy({}, { get: (_, key) => load()[key], has: (_, key) => key in load() });
  return standIn;
}

/** Where each stand-in goes: a chain of requests, each resolved from the module before it. */
const STAND_INS: { chains: string[][]; exports: (file: string) => unknown }[] = [
  {
    chains: [
      ['fontkit', 'unicode-trie', 'tiny-inflate'],
      ['fontkit', 'unicode-properties', 'unicode-trie', 'tiny-inflate'],
      ['pdfmake', 'pdfkit', 'fontkit', 'unicode-trie', 'tiny-inflate'],
      ['pdfmake', 'pdfkit', 'linebreak', 'unicode-trie', 'tiny-inflate'],
    ],
    exports: () => inflateInto,
  },
  {
    chains: [
      ['fontkit', 'brotli/decompress.js'],
      ['pdfmake', 'pdfkit', 'fontkit', 'brotli/decompress.js'],
    ],
    exports: (file) => loadedOnFirstUse(file, 'function'),
  },
  { chains: [['pdfmake', 'pdfkit', '@noble/ciphers/aes']], exports: (file) => loadedOnFirstUse(file, 'object') },
  { chains: [['pdfmake', 'pdfkit', '@noble/hashes/sha2']], exports: (file) => loadedOnFirstUse(file, 'object') },
];

let installed = false;

/** Put the stand-ins in the module cache (idempotent). */
export function installModuleStandIns(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  for (const standIn of STAND_INS) {
    for (const chain of standIn.chains) {
      const file = resolveChain(chain);
      if (!file || require.cache[file]) continue;
      const module = new Module(file);
      module.filename = file;
      module.loaded = true;
      module.exports = standIn.exports(file);
      require.cache[file] = module;
    }
  }
}

function resolveChain(chain: string[]): string | undefined {
  let from = import.meta.url;
  try {
    for (const request of chain) from = createRequire(from).resolve(request);
  } catch {
    return undefined;
  }
  return from;
}
