import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** SHA-256 (hex) of a file's bytes: what a kept result depends on, never its path or time. */
export function hashFileBytes(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
