import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../write/atomic.js';

/**
 * Cache files of raw bytes that say whether they are whole: the bytes, then 16 bytes of
 * their SHA-256. Writes are atomic but not flushed (see writeFileAtomic), so a crash can
 * leave a file cut short; a reader takes such a file, or any other damage, as a miss.
 */

const CHECK_BYTES = 16;

/** The bytes kept in `file`; undefined when there is none or it fails its check. */
export function readCheckedFile(file: string): Buffer | undefined {
  let kept: Buffer;
  try {
    kept = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  if (kept.length <= CHECK_BYTES) return undefined;
  const bytes = kept.subarray(0, kept.length - CHECK_BYTES);
  return check(bytes).equals(kept.subarray(kept.length - CHECK_BYTES)) ? bytes : undefined;
}

/** Keep `bytes` in `file`; a cache that cannot be written is left as it is. */
export function writeCheckedFile(file: string, bytes: Buffer): void {
  try {
    writeFileAtomic(file, Buffer.concat([bytes, check(bytes)]), { durable: false });
  } catch {
    // a read-only cache: the next process makes these bytes again
  }
}

function check(bytes: Buffer): Buffer {
  return createHash('sha256').update(bytes).digest().subarray(0, CHECK_BYTES);
}
