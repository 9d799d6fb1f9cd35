import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What every store key hashes besides its own inputs: all that could make the same inputs
 * give other bytes. A store folder outlives upgrades of brief, of its packages and of
 * Node, and may be shared by runs in other time zones or locales (dates in a brief); an
 * entry made under any other fingerprint must never match.
 *
 * Brief's code is hashed by its bytes rather than its version number, which does not
 * change between two builds of a working copy.
 */

/** The packages whose versions change what brief draws, lays out or accepts. */
export const OUTPUT_PACKAGES = [
  'pdfmake',
  'pdfkit',
  'fontkit',
  'harfbuzzjs',
  'vega',
  'vega-lite',
  'handlebars',
  'yaml',
  'ajv',
  'xmldoc',
  'linebreak',
  'chokidar',
  '@expo-google-fonts/inter',
  '@mdi/js',
  'datamaps',
  'hyphen',
  'd3-format',
  'd3-time-format',
] as const;

/**
 * Packages brief reaches through another package: the copy that counts is the one their
 * loader resolves, which may be nested under it and differ from one hoisted to the root.
 */
const LOADED_BY: Partial<Record<string, string>> = { pdfkit: 'pdfmake', fontkit: 'pdfkit', linebreak: 'pdfkit' };

let memo: string | undefined;

/** The fingerprint of the running process; it cannot change while the process runs. */
export function fingerprint(): string {
  memo ??= hashParts(fingerprintParts());
  return memo;
}

/**
 * What the fingerprint hashes, by name, so tests can see each part move. By default the
 * code is that of the running module: the `*.js` bundles beside it when it runs from
 * `dist/`, else every file under the project's `src/` (tests run the sources).
 */
export function fingerprintParts(options: { projectRoot?: string; codeDir?: string } = {}): Record<string, string> {
  const moduleDir = path.dirname(fileURLToPath(import.meta.url));
  const projectRoot = options.projectRoot ?? findBriefRoot(moduleDir);
  const codeDir =
    options.codeDir ??
    (path.basename(moduleDir) === 'dist' ? moduleDir : projectRoot !== undefined ? path.join(projectRoot, 'src') : undefined);

  const parts: Record<string, string> = { code: codeHash(codeDir) };
  const versions = packageVersions(projectRoot ?? moduleDir);
  for (const name of OUTPUT_PACKAGES) parts[`package ${name}`] = versions.get(name) ?? 'missing';
  parts.node = process.version;
  // a Node built on the system's ICU (as Debian's is) takes time zone rules from it
  parts.icu = `${process.versions.icu ?? 'none'} tz ${process.versions.tz ?? 'none'}`;
  // a Node built on the system's zlib (as Debian's is): drawings are kept deflated (print/svg-form.ts)
  parts.zlib = process.versions.zlib ?? 'none';
  parts.timeZone = localTimeRule();
  parts.TZ = process.env.TZ ?? '';
  return parts;
}

/**
 * The process's local time, as charts see it: Vega formats dates with Date's local-time
 * methods (not Intl, whose first use costs 10 ms of every start), so the zone's offsets
 * at the dates briefs show are what an entry depends on.
 */
function localTimeRule(): string {
  const offsets: number[] = [];
  for (let year = 1970; year <= 2040; year += 2) offsets.push(new Date(Date.UTC(year, 0, 15)).getTimezoneOffset(), new Date(Date.UTC(year, 6, 15)).getTimezoneOffset());
  return offsets.join(' ');
}

function hashParts(parts: Record<string, string>): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/**
 * The hash of the code in `codeDir`. Code that cannot be read gets a value of its own,
 * never a fixed one: a fingerprint blind to the code would match entries of other builds,
 * so such a process shares its store with nobody.
 */
function codeHash(codeDir: string | undefined): string {
  try {
    if (codeDir === undefined) throw new Error('no code folder');
    const hash = createHash('sha256');
    const files =
      path.basename(codeDir) === 'dist'
        ? fs
            .readdirSync(codeDir, { withFileTypes: true })
            .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
            .map((entry) => entry.name)
        : filesUnder(codeDir, '');
    // code-unit order, not localeCompare: the order must not depend on the locale
    for (const name of files.sort()) {
      const bytes = fs.readFileSync(path.join(codeDir, name));
      hash.update(`${JSON.stringify(name)} ${bytes.length}\n`);
      hash.update(bytes);
    }
    return hash.digest('hex');
  } catch {
    return `unreadable ${randomUUID()}`;
  }
}

/** Paths of the files under `dir`, relative to it, with `/` on every system. */
function filesUnder(dir: string, prefix: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...filesUnder(dir, name));
    else if (entry.isFile()) files.push(name);
  }
  return files;
}

/** The installed version of each output package, as brief (or the package that loads it) would resolve it. */
function packageVersions(projectRoot: string): Map<string, string> {
  const manifests = new Map<string, string>();
  const manifestOf = (name: string): string | undefined => {
    if (!manifests.has(name)) {
      const loader = LOADED_BY[name];
      const loaderManifest = loader === undefined ? undefined : manifestOf(loader);
      const found =
        (loaderManifest !== undefined ? findManifest(realFolder(loaderManifest), name) : undefined) ??
        findManifest(projectRoot, name);
      if (found !== undefined) manifests.set(name, found);
    }
    return manifests.get(name);
  };
  const versions = new Map<string, string>();
  for (const name of OUTPUT_PACKAGES) {
    const manifest = manifestOf(name);
    const version = manifest === undefined ? undefined : readManifest(manifest)?.version;
    if (typeof version === 'string') versions.set(name, version);
  }
  return versions;
}

/**
 * The package.json of package `name` as code in folder `from` would load it. First the
 * lookup Node makes for a package folder, `node_modules/NAME` in `from` and each folder
 * above: reading 14 manifests so costs under a millisecond, where `require.resolve` took
 * 5-10 ms at start-up. Then, for installs that lookup misses (NODE_PATH, global
 * folders), Node's own resolver.
 */
function findManifest(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    // Node never looks in node_modules/node_modules
    if (path.basename(dir) !== 'node_modules') {
      const file = path.join(dir, 'node_modules', name, 'package.json');
      if (readManifest(file)?.name === name) return file;
    }
    if (path.dirname(dir) === dir) break;
  }
  return resolveManifest(createRequire(path.join(from, 'package.json')), name);
}

/**
 * The path of package `name`'s package.json by Node's resolver. Many packages do not
 * export it, so then walk up from the entry file to the package.json that names the package.
 */
function resolveManifest(require: NodeRequire, name: string): string | undefined {
  try {
    return require.resolve(`${name}/package.json`);
  } catch {
    // not exported (or not installed): try the entry file
  }
  try {
    let dir = path.dirname(require.resolve(name));
    for (;;) {
      const file = path.join(dir, 'package.json');
      if (readManifest(file)?.name === name) return file;
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}

/** The folder of a package.json with links resolved: Node resolves a package's own imports from there. */
function realFolder(manifest: string): string {
  try {
    return fs.realpathSync(path.dirname(manifest));
  } catch {
    return path.dirname(manifest);
  }
}

/** The folder holding brief's own package.json, walking up from `dir`. */
function findBriefRoot(dir: string): string | undefined {
  for (;;) {
    if (readManifest(path.join(dir, 'package.json'))?.name === 'brief') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined; // absent or unreadable: not the manifest looked for
  }
}
