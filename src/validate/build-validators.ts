import fs from 'node:fs';
import path from 'node:path';
import { builtValidatorFile, builtValidatorsDir, standaloneCode } from './ajv-cache.js';
import { codeCacheFile, writeCodeCache } from './code-cache.js';
import { SCHEMAS } from './schemas.js';
import { schemaValidatorSource, type SchemaKind } from './validate.js';
import { vegaLiteValidatorSource } from './vega-lite.js';

/**
 * Compile every validator brief uses into `dist/validators/` (run by scripts/build.mjs):
 * a build then never compiles a schema, which took Vega-Lite's most of a cold build and,
 * in a batch, every worker at once. Files of schemas that changed are removed.
 */
export async function writeBuiltValidators(): Promise<string[]> {
  const sources = [...(Object.keys(SCHEMAS) as SchemaKind[]).map(schemaValidatorSource), vegaLiteValidatorSource()];
  const written: string[] = [];
  for (const source of sources) {
    const file = builtValidatorFile(source.name, source.identity());
    if (!fs.existsSync(file)) {
      const { ajv, validate } = source.compile();
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, standaloneCode(ajv, validate));
      fs.renameSync(temp, file);
    }
    written.push(path.basename(file));
    const cache = codeCacheFile(file);
    if (!fs.existsSync(cache)) await writeCodeCache(file, (validate) => warmValidator(source.name, validate));
    written.push(path.basename(cache));
  }
  const dir = path.dirname(builtValidatorFile('x', ''));
  for (const stale of fs.readdirSync(dir)) if (!written.includes(stale)) fs.rmSync(path.join(dir, stale), { force: true });
  return written;
}

/**
 * Validate sample input with a validator before its code cache is written, so that the
 * functions a validation compiles are in it: for Vega-Lite's, the chart specs of the
 * briefs under content/ and of the starter brief, when there are any.
 */
function warmValidator(name: string, validate: unknown): void {
  if (name !== vegaLiteValidatorSource().name || typeof validate !== 'function') return;
  const root = path.resolve(builtValidatorsDir(), '..', '..');
  const folders = [path.join(root, 'starter', 'charts'), ...listDirs(path.join(root, 'content')).map((brief) => path.join(brief, 'charts'))];
  for (const folder of folders) {
    for (const file of listFiles(folder).filter((f) => f.endsWith('.vl.json'))) {
      try {
        (validate as (spec: unknown) => boolean)(JSON.parse(fs.readFileSync(file, 'utf8')));
      } catch {
        // a spec that does not parse warms nothing
      }
    }
  }
}

function listDirs(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(dir, e.name)) : [];
}

function listFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : [];
}
