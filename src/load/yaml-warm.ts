import fs from 'node:fs';
import path from 'node:path';
import { YAML_OPTIONS } from './yaml.js';

/**
 * The YAML files of a project parsed as brief parses them (load/yaml.ts), when brief is
 * built and before the code cache of the YAML bundle is written: the functions a parse
 * compiles are then in the cache. Content, data descriptors, translations, themes and
 * templates' files, as many as there are.
 */
export function warmYaml(lib: typeof import('yaml'), projectRoot: string): void {
  for (const file of yamlFiles(['content', 'templates', 'starter'].map((dir) => path.join(projectRoot, dir)))) {
    const lineCounter = new lib.LineCounter();
    const doc = lib.parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter, ...YAML_OPTIONS });
    if (doc.errors.length > 0) continue;
    doc.toJS({ maxAliasCount: 100 });
    lineCounter.linePos(0);
  }
}

function yamlFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.ya?ml$/.test(entry.name)) out.push(full);
    }
  };
  dirs.forEach(walk);
  return out.sort();
}
