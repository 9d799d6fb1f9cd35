import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, fingerprintParts } from '../../src/store/fingerprint.js';

let project: string;
beforeEach(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-fingerprint-'));
  write('package.json', JSON.stringify({ name: 'brief', version: '0.0.0' }));
  write('src/bin/brief.ts', 'export const a = 1;\n');
  write('src/chart/render.ts', 'export const b = 2;\n');
  writePackage('node_modules/pdfmake', 'pdfmake', '1.0.0');
});
afterEach(() => {
  fs.rmSync(project, { recursive: true, force: true });
});

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
  fs.writeFileSync(path.join(project, file), text);
}

function writePackage(folder: string, name: string, version: string, manifest: object = {}): void {
  write(`${folder}/package.json`, JSON.stringify({ name, version, main: 'index.js', ...manifest }));
  write(`${folder}/index.js`, 'module.exports = {};\n');
}

const partsOf = (options: { codeDir?: string } = {}): Record<string, string> =>
  fingerprintParts({ projectRoot: project, ...options });

describe('fingerprintParts', () => {
  it('changes with the version of a package that shapes output', () => {
    const before = partsOf();
    expect(before['package pdfmake']).toBe('1.0.0');
    writePackage('node_modules/pdfmake', 'pdfmake', '1.0.1');
    const after = partsOf();
    expect(after['package pdfmake']).toBe('1.0.1');
    expect(after).not.toEqual(before);
  });

  it('reads the version of a package that does not export its package.json', () => {
    writePackage('node_modules/vega', 'vega', '6.0.0', { exports: { '.': './index.js' } });
    expect(partsOf()['package vega']).toBe('6.0.0');
  });

  it('takes the pdfkit that pdfmake loads, even when another one is at the root', () => {
    writePackage('node_modules/pdfkit', 'pdfkit', '0.1.0');
    writePackage('node_modules/pdfmake/node_modules/pdfkit', 'pdfkit', '0.19.0');
    writePackage('node_modules/fontkit', 'fontkit', '2.0.4');
    expect(partsOf()['package pdfkit']).toBe('0.19.0');
    expect(partsOf()['package fontkit']).toBe('2.0.4'); // hoisted: found from pdfkit's folder too
  });

  it('names a package that is not installed missing', () => {
    expect(partsOf()['package datamaps']).toBe('missing');
    writePackage('node_modules/datamaps', 'datamaps', '0.5.10');
    expect(partsOf()['package datamaps']).toBe('0.5.10');
  });

  it("changes with the bytes of any of brief's source files, their names and their number", () => {
    const before = partsOf().code;
    write('src/chart/render.ts', 'export const b = 3;\n');
    const edited = partsOf().code;
    expect(edited).not.toBe(before);
    fs.renameSync(path.join(project, 'src/chart/render.ts'), path.join(project, 'src/chart/draw.ts'));
    const renamed = partsOf().code;
    expect(renamed).not.toBe(edited);
    write('src/chart/types.ts', '');
    expect(partsOf().code).not.toBe(renamed);
    expect(partsOf().code).toBe(partsOf().code);
  });

  it('hashes only the bundles of a dist folder', () => {
    write('dist/cli.js', 'console.log(1);\n');
    write('dist/cli.js.map', '{}');
    const codeDir = path.join(project, 'dist');
    const before = partsOf({ codeDir }).code;
    write('dist/cli.js.map', '{"mappings":""}');
    expect(partsOf({ codeDir }).code).toBe(before);
    write('dist/cli.js', 'console.log(2);\n');
    expect(partsOf({ codeDir }).code).not.toBe(before);
  });

  it('makes code it cannot read match nothing, not everything', () => {
    const codeDir = path.join(project, 'gone');
    expect(partsOf({ codeDir }).code).not.toBe(partsOf({ codeDir }).code);
  });

  it('changes with the time zone', () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const utc = partsOf();
      process.env.TZ = 'Asia/Tokyo';
      const tokyo = partsOf();
      expect(utc.timeZone).toMatch(/^(0 )+0$/); // no offset, ever
      expect(tokyo.timeZone).toMatch(/^(-540 )+-540$/); // nine hours ahead, no daylight saving
      expect(tokyo.TZ).toBe('Asia/Tokyo');
      expect(tokyo).not.toEqual(utc);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("by default, reads brief's own sources and installed packages", () => {
    const parts = fingerprintParts();
    const root = path.resolve(import.meta.dirname, '../..');
    const installed = (name: string): unknown =>
      (JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: unknown }).version;
    expect(parts['package pdfmake']).toBe(installed('pdfmake'));
    expect(parts['package vega-lite']).toBe(installed('vega-lite'));
    expect(parts['package @expo-google-fonts/inter']).toBe(installed('@expo-google-fonts/inter'));
    expect(parts.node).toBe(process.version);
    expect(parts.code).toMatch(/^[0-9a-f]{64}$/);
    expect(parts.code).toBe(fingerprintParts({ codeDir: path.join(root, 'src') }).code);
  });
});

describe('fingerprint', () => {
  it('is one hash for the whole process', () => {
    expect(fingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint()).toBe(fingerprint());
  });
});
