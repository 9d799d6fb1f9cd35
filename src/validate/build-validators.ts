import fs from 'node:fs';
import path from 'node:path';
import { BUILT_VALIDATOR_FORM, builtValidatorFile, standaloneCode } from './ajv-cache.js';
import { codeCacheFile } from './code-cache.js';
import { SCHEMAS } from './schemas.js';
import { schemaValidatorSource, type SchemaKind } from './validate.js';
import { vegaLiteValidatorSource } from './vega-lite.js';

/**
 * Compile every validator brief uses into `dist/validators/` (run by scripts/build.mjs):
 * a build then never compiles a schema, which took Vega-Lite's most of a cold build and,
 * in a batch, every worker at once. Files of schemas that changed are removed.
 *
 * `finish` makes Ajv's code into what is written: esbuild's transform with the options
 * BUILT_VALIDATOR_FORM names. Ajv writes Vega-Lite's whole schema, 1.5 MB its code never
 * reads, with its descriptions' typographic quotes: a file V8 then holds at two bytes a
 * character, twice the time to read and compile. Minified, it is half the size and ASCII.
 */
export function writeBuiltValidators(finish: (code: string, options: typeof BUILT_VALIDATOR_FORM) => string): string[] {
  const sources = [...(Object.keys(SCHEMAS) as SchemaKind[]).map(schemaValidatorSource), vegaLiteValidatorSource()];
  const written: string[] = [];
  for (const source of sources) {
    const file = builtValidatorFile(source.name, source.identity());
    if (!fs.existsSync(file)) {
      const { ajv, validate } = source.compile();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, finish(standaloneCode(ajv, validate), BUILT_VALIDATOR_FORM));
      fs.renameSync(temp, file);
    }
    // and its code cache, written by the build that runs it (validate/code-cache.ts)
    written.push(path.basename(file), path.basename(codeCacheFile(file)));
  }
  const dir = path.dirname(builtValidatorFile('x', ''));
  for (const stale of fs.readdirSync(dir)) if (!written.includes(stale)) fs.rmSync(path.join(dir, stale), { force: true });
  return written;
}

