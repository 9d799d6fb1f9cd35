import path from 'node:path';
import type { Loader } from 'vega';
import type { Sandbox } from './sandbox.js';

/** A Vega loader that reads through the sandbox and remembers every file it read. */
export interface RecordingLoader {
  loader: Loader;
  /** URL → bytes read, for the cache key. */
  reads: Map<string, Buffer>;
  /** The first refused or missing read: Vega only logs these, the engine rethrows them. */
  failure(): unknown;
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
};

export function createRecordingLoader(sandbox: Sandbox): RecordingLoader {
  const reads = new Map<string, Buffer>();
  let firstFailure: unknown;

  function read(url: string): Buffer {
    try {
      const bytes = sandbox.read(url);
      reads.set(url, bytes);
      return bytes;
    } catch (error) {
      firstFailure ??= error;
      throw error;
    }
  }

  function text(url: string, bytes: Buffer): string {
    try {
      return sandbox.text(url, bytes);
    } catch (error) {
      firstFailure ??= error;
      throw error;
    }
  }

  const loader: Loader = {
    async load(uri, options) {
      const bytes = read(uri);
      const response = (options as { response?: string } | undefined)?.response;
      return (response === 'arraybuffer' ? bytes : text(uri, bytes)) as unknown as string;
    },
    async sanitize(uri, options) {
      const context = (options as { context?: string } | undefined)?.context;
      if (context === 'href') return { href: uri }; // a link target: drawn as a link, never read
      if (context === 'image') {
        // Images are embedded as data URLs so the SVG is self-contained.
        const type = IMAGE_TYPES[path.extname(uri.split(/[?#]/)[0]!).toLowerCase()];
        if (!type) {
          firstFailure ??= new Error(`image "${uri}" is not PNG, JPEG or GIF`);
          throw firstFailure;
        }
        return { href: `data:${type};base64,${read(uri).toString('base64')}` };
      }
      sandbox.resolve(uri);
      return { href: uri };
    },
    async http(uri) {
      throw new Error(`network access refused: ${uri}`);
    },
    async file(filename) {
      return text(filename, read(filename));
    },
  };
  return { loader, reads, failure: () => firstFailure };
}
