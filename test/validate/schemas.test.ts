import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { publishedSchemas } from '../../src/validate/schemas.js';

const root = path.resolve(import.meta.dirname, '../..');

describe('published JSON Schemas', () => {
  test.each(Object.entries(publishedSchemas()))('schemas/%s is what src/validate/schemas.ts generates', (file, text) => {
    // regenerate with: node scripts/schemas.mjs
    expect(fs.readFileSync(path.join(root, 'schemas', file), 'utf8')).toBe(text);
  });

  test('every YAML file users write points its editor at the right schema', () => {
    const files: [string, string][] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ya?ml$/.test(e.name)) files.push([p, fs.readFileSync(p, 'utf8')]);
      }
    };
    walk(path.join(root, 'content'));
    walk(path.join(root, 'templates', 'themes'));
    expect(files.length).toBeGreaterThan(2);
    for (const [file, text] of files) {
      const m = /^# yaml-language-server: \$schema=(\S+)/.exec(text);
      expect(m, `${file} names no schema`).not.toBeNull();
      const target = path.resolve(path.dirname(file), m![1]!);
      expect(fs.existsSync(target), `${file} → ${m![1]} does not exist`).toBe(true);
      const kind = file.includes(`${path.sep}themes${path.sep}`)
        ? 'theme'
        : file.includes(`${path.sep}data${path.sep}`)
          ? 'data'
          : file.includes(`${path.sep}lang${path.sep}`)
            ? 'translation'
            : path.basename(file) === 'leaflets.yaml'
              ? 'leaflets'
              : 'brief';
      expect(path.basename(target)).toBe(`${kind}.schema.json`);
    }
  });
});
