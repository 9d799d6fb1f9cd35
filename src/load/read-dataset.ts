import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../diagnostics/diagnostic.js';
import { validateYaml } from '../validate/validate.js';
import { csvPathOf, typeDataset, type Dataset, type DatasetDescriptor } from './dataset.js';
import type { ProjectFiles } from './files.js';
import { parseYaml, type LoadedYaml } from './yaml.js';

/**
 * Parsed data descriptors and typed datasets of this process, by file names and content
 * hashes: a batch of leaflets reads the same tables for every leaflet, and typing a table
 * is most of loading one. Datasets are never changed after typing (charts get a copy).
 */
const typed = (() => {
  const KEEP = 256;
  const remember = <T>(map: Map<string, T>, key: string, make: () => T): T => {
    let value = map.get(key);
    if (value === undefined) {
      value = make(); // a UserError thrown here leaves nothing behind
      if (map.size >= KEEP) map.delete(map.keys().next().value!);
      map.set(key, value);
    }
    return value;
  };
  const yamls = new Map<string, LoadedYaml>();
  const datasets = new Map<string, Dataset>();
  return {
    yaml: (key: string, make: () => LoadedYaml) => remember(yamls, key, make),
    dataset: (key: string, make: () => Dataset) => remember(datasets, key, make),
  };
})();

/**
 * A YAML file of a content folder, read through the safety checks and parsed with places;
 * parsed once per process while its bytes stay the same. The result is shared: callers
 * must not change its value.
 */
export function readYamlFile(file: string, files: ProjectFiles): LoadedYaml {
  const text = files.read(file);
  const rel = files.rel(file);
  return typed.yaml(`${rel}\0${files.hashes.get(rel)}`, () => parseYaml(rel, text));
}

/**
 * Dataset `data/NAME.yaml` (or `.yml`) with the CSV it names, validated and typed: what a
 * brief and a leaflet set both read, so both report a broken table the same way. Every
 * problem is a located `UserError`.
 */
export function readDataset(file: string, files: ProjectFiles): Dataset {
  const name = path.basename(file).replace(/\.ya?ml$/, '');
  const yaml = readYamlFile(file, files);
  const invalid = validateYaml('data', yaml);
  if (invalid.length > 0) throw new UserError(invalid);
  const descriptor = yaml.value as DatasetDescriptor;
  let csv: { file: string; source: string } | undefined;
  if (descriptor.file !== undefined) {
    const csvFile = csvPathOf(file, descriptor.file);
    if (!fs.existsSync(csvFile)) {
      throw new UserError(yaml.diagnose(['file'], 'missing-data-file', `data file \`${descriptor.file}\` does not exist next to ${yaml.file}`));
    }
    csv = { file: files.rel(csvFile), source: files.read(csvFile) };
  }
  const key = [name, yaml.file, files.hashes.get(yaml.file), csv?.file ?? '', csv ? files.hashes.get(csv.file) : ''].join('\0');
  return typed.dataset(key, () => typeDataset(name, descriptor, yaml, csv));
}
