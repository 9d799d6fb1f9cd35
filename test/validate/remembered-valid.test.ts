import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import { rememberedValid } from '../../src/validate/ajv-cache.js';

const require = createRequire(import.meta.url);
const name = `test-${process.pid}-${Date.now()}`;
const markers = path.join(path.dirname(require.resolve('ajv/package.json')), '..', '.cache', 'brief', `${name}-valid`);

afterAll(() => fs.rmSync(markers, { recursive: true, force: true }));

describe('remembered verdicts', () => {
  it('checks a value once it has passed, and a failing value every time', () => {
    let checks = 0;
    const check = (ok: boolean) => () => (checks++, ok);
    expect(rememberedValid(name, 'schema@1', { mark: 'bar' }, check(true))).toBe(true);
    expect(rememberedValid(name, 'schema@1', { mark: 'bar' }, check(true))).toBe(true);
    expect(checks).toBe(1);
    expect(rememberedValid(name, 'schema@1', { mark: 'line' }, check(false))).toBe(false);
    expect(rememberedValid(name, 'schema@1', { mark: 'line' }, check(false))).toBe(false);
    expect(checks).toBe(3);
  });

  it('checks again when the schema or the value changes', () => {
    let checks = 0;
    const check = () => (checks++, true);
    rememberedValid(name, 'schema@1', { mark: 'area' }, check);
    rememberedValid(name, 'schema@2', { mark: 'area' }, check);
    rememberedValid(name, 'schema@2', { mark: 'area', width: 1 }, check);
    expect(checks).toBe(3);
  });
});
