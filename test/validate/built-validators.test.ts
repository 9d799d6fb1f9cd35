import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtValidatorFile, cachedValidator } from '../../src/validate/ajv-cache.js';
import { schemaValidatorSource } from '../../src/validate/validate.js';
import { vegaLiteValidatorSource } from '../../src/validate/vega-lite.js';

describe('validators compiled when brief is built', () => {
  it('are there for every schema, named by what they were compiled from', () => {
    for (const source of [schemaValidatorSource('brief'), schemaValidatorSource('data'), schemaValidatorSource('theme'), schemaValidatorSource('leaflets'), vegaLiteValidatorSource()]) {
      expect(fs.existsSync(builtValidatorFile(source.name, source.identity())), source.name).toBe(true);
    }
  });

  it("are written small: Vega-Lite's is ASCII, minified, without the copy of its schema Ajv writes and its code never reads", () => {
    const source = vegaLiteValidatorSource();
    const code = fs.readFileSync(builtValidatorFile(source.name, source.identity()), 'latin1');
    expect(code).not.toMatch(/[^\x00-\x7f]/);
    // the schema's root, with every definition under it
    expect(code).not.toContain('#/definitions/TopLevelSpec');
    expect(code.length).toBeLessThan(4_500_000);
    const validate = cachedValidator(source);
    expect(validate({ mark: 'bar', data: { values: [] } })).toBe(true);
    expect(validate({ mark: 'bars', data: { values: [] } })).toBe(false);
  });

  it('find the errors, word for word, that the validator compiled now finds: minifying changes no verdict', () => {
    for (const kind of ['data', 'theme'] as const) {
      const source = schemaValidatorSource(kind);
      const built = cachedValidator(source);
      const { validate: compiled } = source.compile();
      const verdicts: boolean[] = [];
      for (const value of [{}, { title: 7 }, { title: 'x', columns: [{ name: 3 }] }, { name: 'x', fonts: { a: { normal: 1 } }, page: { size: 'B5' } }, []]) {
        const [a, b] = [built(value), compiled(value)];
        expect(a, `${kind} ${JSON.stringify(value)}`).toBe(b);
        expect(built.errors ?? null).toEqual(compiled.errors ?? null);
        verdicts.push(a as boolean);
      }
      expect(verdicts, kind).toContain(false);
    }
  });

  it('answer only for the schema they were compiled from: another is compiled', () => {
    const data = schemaValidatorSource('data');
    let compiled = 0;
    const built = cachedValidator({ ...data, compile: () => (compiled++, data.compile()) });
    expect(compiled).toBe(0);
    expect(built({ title: 'x' })).toBe(false);
    const changed = cachedValidator({ ...data, identity: () => `${data.identity()} changed ${process.pid} ${Date.now()}`, compile: () => (compiled++, data.compile()) });
    expect(compiled).toBe(1);
    expect(changed({ title: 'x' })).toBe(false);
  });
});
