import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** Code with comments and string contents blanked, so a word in a doc comment is not a use. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '').replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''");
}

describe("brief's code uses other libraries through their public APIs", () => {
  const files = sources(src).map((file) => ({ file: path.relative(src, file), text: code(fs.readFileSync(file, 'utf8')) }));

  it('reads no private member of any object (`._name`, `["_name"]`)', () => {
    const uses = files.flatMap(({ file, text }) => [...text.matchAll(/(\?)?\.\s*_[A-Za-z$]|\[\s*['"`]_[A-Za-z]/g)].map((m) => `${file}: ${m[0]}`));
    expect(uses).toEqual([]);
  });

  it("touches neither Node's module cache nor its loader's internals", () => {
    const uses = files.flatMap(({ file, text }) => [...text.matchAll(/require\.cache|Module\._|_compile|_resolveFilename|_load\b|\.prototype\.[A-Za-z_$]+\s*=/g)].map((m) => `${file}: ${m[0]}`));
    expect(uses).toEqual([]);
  });

  it("reaches into pdfmake's files from one module only, the printing seam", () => {
    const deep = files.filter(({ file }) => /pdfmake\/js\//.test(fs.readFileSync(path.join(src, file), 'utf8'))).map(({ file }) => file);
    expect(deep).toEqual([path.join('print', 'pdfmake.ts')]);
  });
});
