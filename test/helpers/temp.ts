import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A maker of temporary folders, all removed when the test file's tests are done;
 * `adopt` hands it a folder made elsewhere (a test project) to remove too.
 */
export function tempFolders(): ((prefix: string) => string) & { adopt(dir: string): string } {
  const made: string[] = [];
  afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  const make = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  return Object.assign(make, { adopt: (dir: string) => (made.push(dir), dir) });
}
