// Writes the JSON Schemas users' editors read (schemas/*.schema.json) from the one source
// of truth, src/validate/schemas.ts. `--check` fails instead when a published file differs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'node_modules', '.cache', 'brief', 'schemas.mjs');
await build({
  entryPoints: [path.join(root, 'src/validate/schemas.ts')],
  outfile: out,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});
const { publishedSchemas } = await import(pathToFileURL(out).href + `?t=${Date.now()}`);
const check = process.argv.includes('--check');
let stale = 0;
for (const [file, text] of Object.entries(publishedSchemas())) {
  const target = path.join(root, 'schemas', file);
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : undefined;
  if (current === text) continue;
  if (check) {
    console.error(`schemas/${file} is out of date: run node scripts/schemas.mjs`);
    stale++;
  } else {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    console.log(`wrote schemas/${file}`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
