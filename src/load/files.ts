import fs from 'node:fs';
import path from 'node:path';

/** No file a brief names is read past this size: YAML, CSV and JSON have tighter limits of their own. */
export const FILE_LIMITS = { maxBytes: 32 * 1024 * 1024 };

/**
 * Why a file of a brief may not be read, if it may not: it resolves (through symlinks)
 * outside the project root, or it is too large to hold in memory. Missing or unreadable
 * files are left to the read itself.
 */
export function refuseFile(file: string, projectRoot: string): { rule: string; message: string; hint?: string } | undefined {
  let real: string;
  let root: string;
  try {
    real = fs.realpathSync(file);
    root = fs.realpathSync(projectRoot);
  } catch {
    return undefined;
  }
  if (real !== root && !real.startsWith(root + path.sep)) {
    return { rule: 'outside-project', message: `the file leads outside the project (to ${real})`, hint: 'copy the file into the brief\'s folder instead of linking to it' };
  }
  const stat = fs.statSync(real);
  if (stat.isFile() && stat.size > FILE_LIMITS.maxBytes) {
    return { rule: 'file-too-large', message: `file is ${stat.size} bytes; at most ${FILE_LIMITS.maxBytes} are read`, hint: 'aggregate the data before it goes into a brief' };
  }
  return undefined;
}
