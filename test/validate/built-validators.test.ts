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
