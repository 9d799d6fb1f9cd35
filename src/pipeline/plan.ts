import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { diagnostic, isUserError, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { LEAFLET_SET_FILE, planLeafletSet } from '../leaflet/set.js';
import { BRIEF_FILE } from '../load/brief.js';
import { TRANSLATIONS_DIR, translationLanguages } from '../load/translation.js';
import { contentFiles, isInside, refuseFile } from '../load/files.js';
import { parseYaml } from '../load/yaml.js';
import { checkLookName, type Session } from './session.js';

/** One PDF to make: from a brief folder, or from one row of a leaflet set. */
export interface Target {
  /** PDF file name in the output folder. */
  output: string;
  /** Content folder, absolute. */
  dir: string;
  /** Content folder relative to the project root, for messages and the manifest. */
  source: string;
  /** Row key, for a leaflet. */
  leaflet?: string;
  /** Language of a translation (`lang/LANGUAGE.yaml`), for a brief in another language. */
  language?: string;
  /** Inputs → SHA-256; absent when the inputs could not be read (then it is always built, to report why). */
  inputs?: Record<string, string>;
  inputsHash?: string;
}

export interface Plan {
  /** Sorted by output name: the order of progress lines, shards and the summary. */
  targets: Target[];
  /** Content folders that could not even be planned (e.g. a leaflet table that does not parse). */
  failures: { source: string; diagnostics: Diagnostic[] }[];
}

/**
 * Every PDF the content folders make, with the hashes of what each is made from: the
 * folder's files, the template's files, the theme with its fonts, and the tool's version.
 * A leaflet's table rows (and joined rows) are hashed per leaflet, so editing one row
 * changes one leaflet's hash. Nothing is built: reading and hashing only.
 */
export function planBuild(dirs: string[], session: Session, tool: string, options: { language?: string } = {}): Plan {
  const targets: Target[] = [];
  const failures: Plan['failures'] = [];
  const hashes = createInputHasher(session);
  for (const dir of dirs) {
    const source = path.relative(session.projectRoot, dir) || '.';
    const isSet = fs.existsSync(path.join(dir, LEAFLET_SET_FILE)) && !fs.existsSync(path.join(dir, BRIEF_FILE));
    try {
      if (isSet) {
        const set = planLeafletSet(dir, session.projectRoot);
        const shared = { ...hashes.folder(dir, LEAFLET_SET_FILE, set.splitFiles), ...hashes.look(set.template, set.theme), tool };
        for (const leaflet of set.leaflets) {
          const inputs = { ...shared, [`${source}#${leaflet.key}`]: leaflet.dataHash };
          targets.push({ output: `${leaflet.output}.pdf`, dir, source, leaflet: leaflet.key, inputs, inputsHash: hashInputs(inputs) });
        }
      } else {
        targets.push(...planBrief(dir, source, hashes, tool, options.language));
      }
    } catch (error) {
      if (!isUserError(error)) throw error;
      failures.push({ source, diagnostics: error.diagnostics });
    }
  }
  targets.sort((a, b) => (a.output < b.output ? -1 : a.output > b.output ? 1 : 0));
  return { targets: dropCollisions(targets, failures), failures };
}

/** Two documents that would write the same PDF: neither is built, both are reported. */
function dropCollisions(targets: Target[], failures: Plan['failures']): Target[] {
  const byOutput = new Map<string, Target[]>();
  for (const t of targets) byOutput.set(t.output, [...(byOutput.get(t.output) ?? []), t]);
  return targets.filter((t) => {
    const same = byOutput.get(t.output)!;
    if (same.length === 1) return true;
    const others = same.filter((o) => o !== t).map(describeTarget).join(', ');
    const file = path.join(t.source, t.leaflet !== undefined ? LEAFLET_SET_FILE : BRIEF_FILE);
    failures.push({ source: describeTarget(t), diagnostics: [{ file, line: 0, column: 0, rule: 'duplicate-output', message: `${describeTarget(t)} would write ${t.output}, as ${others} does`, hint: 'give one of them another `output` (or leaflet `name`)' }] });
    return false;
  });
}

function describeTarget(t: Target): string {
  return t.leaflet !== undefined ? `${t.source}#${t.leaflet}` : t.source;
}

function noTranslation(source: string, language: string, languages: string[]): Diagnostic {
  return {
    file: path.join(source, BRIEF_FILE),
    line: 0,
    column: 0,
    rule: 'unknown-translation',
    message: `${source} is not written or translated in \`${language}\`: it is in ${languages.map((l) => `\`${l}\``).join(', ')}`,
    hint: `translate it in ${path.join(source, TRANSLATIONS_DIR, `${language}.yaml`)}`,
  };
}

/**
 * A brief's PDF in its own language and one per translation (`NAME.LANGUAGE.pdf`), each
 * with the hashes of its inputs; only the one in `wanted` when given (`--lang`).
 */
function planBrief(dir: string, source: string, hashes: InputHasher, tool: string, wanted: string | undefined): Target[] {
  const own = planSourceBrief(dir, source, hashes, tool);
  const translated = translationLanguages(dir).map((language): Target => {
    const output = own.target.output.replace(/\.pdf$/, `.${language}.pdf`);
    if (!own.target.inputs) return { output, dir, source, language };
    try {
      const inputs = { ...own.target.inputs, ...hashes.files([path.join(dir, TRANSLATIONS_DIR, `${language}.yaml`)], dir) };
      return { output, dir, source, language, inputs, inputsHash: hashInputs(inputs) };
    } catch {
      return { output, dir, source, language };
    }
  });
  if (wanted === undefined) return [own.target, ...translated];
  const chosen = wanted === own.language ? [own.target] : translated.filter((t) => t.language === wanted);
  if (chosen.length === 0) throw new UserError(noTranslation(source, wanted, [own.language, ...translated.map((t) => t.language!)]));
  return chosen;
}

/** The brief's own PDF, and the language it is written in (`meta.language`, else English). */
function planSourceBrief(dir: string, source: string, hashes: InputHasher, tool: string): { target: Target; language: string } {
  const fallback: Target = { output: `${path.basename(dir)}.pdf`, dir, source };
  let value: { template?: unknown; theme?: unknown; output?: unknown; meta?: { language?: unknown } };
  try {
    const files = contentFiles(dir, hashes.root);
    const file = path.join(dir, BRIEF_FILE);
    value = (parseYaml(files.rel(file), files.read(file)).value ?? {}) as typeof value;
  } catch {
    return { target: fallback, language: 'en' }; // the build reports what is wrong with it
  }
  const output = typeof value.output === 'string' && /^[A-Za-z0-9._-]+$/.test(value.output) ? `${value.output}.pdf` : fallback.output;
  return { target: plannedTarget(), language: typeof value.meta?.language === 'string' ? value.meta.language : 'en' };

  function plannedTarget(): Target {
    if (typeof value.template !== 'string' || typeof value.theme !== 'string') return { ...fallback, output };
    try {
      const inputs = { ...hashes.folder(dir, BRIEF_FILE, []), ...hashes.look(value.template, value.theme), tool };
      return { output, dir, source, inputs, inputsHash: hashInputs(inputs) };
    } catch {
      return { ...fallback, output };
    }
  }
}

interface InputHasher {
  root: string;
  /** The content file and every other file of the brief's folder (translations aside), except those hashed per row. */
  folder(dir: string, contentFile: string, except: string[]): Record<string, string>;
  /** Template files, theme file and font files. */
  look(template: string, theme: string): Record<string, string>;
  /** Content files of the brief in `dir` beyond its folder's own (a translation). */
  files(files: string[], dir: string): Record<string, string>;
}

/** Hashes each file once per plan (fonts once per session): a set's rows share them. */
function createInputHasher(session: Session): InputHasher {
  const root = session.projectRoot;
  const rel = (p: string) => path.relative(root, p);
  const memo = new Map<string, Record<string, string>>();
  const once = (key: string, fn: () => Record<string, string>) => {
    let v = memo.get(key);
    if (!v) memo.set(key, (v = fn()));
    return v;
  };
  const hashAll = (files: string[]) => Object.fromEntries(files.map((f) => [rel(f), session.hashFile(f)]));
  // content files are hashed only where a load would read them: not outside the project, not oversized
  const hashContent = (files: string[], confinedTo: string) => {
    for (const f of files) {
      const refused = refuseFile(f, confinedTo, confinedTo === root ? 'the project' : "the brief's folder");
      if (refused) throw new UserError(diagnostic({ file: rel(f), line: 0, column: 0 }, refused.rule, refused.message, { hint: refused.hint }));
    }
    return hashAll(files);
  };
  return {
    root,
    files: (files, dir) => hashContent(files, isInside(dir, root) ? root : dir),
    folder(dir, contentFile, except) {
      return once(`folder:${dir}`, () => {
        // every file of the folder, not only data/ and charts/: a chart may read any by URL
        // (`more/x.csv`), and a file left out would leave its PDF stale; translations are
        // inputs of their own PDFs only
        const files = [path.join(dir, contentFile), ...listTree(dir, new Set([TRANSLATIONS_DIR])).filter((f) => f !== path.join(dir, contentFile))];
        // a folder named from outside the project is confined to itself, as its load is
        return hashContent(files.filter((f) => !except.includes(rel(f))), isInside(dir, root) ? root : dir);
      });
    },
    look(template, theme) {
      checkLookName('template', template);
      checkLookName('theme', theme);
      return once(`look:${template}:${theme}`, () => {
        const templateDir = path.join(root, 'templates', template);
        const templateFiles = [path.join(templateDir, 'layout.hbs'), ...listFiles(path.join(templateDir, 'partials'))];
        return { ...hashAll(templateFiles), ...hashAll(session.theme(theme).files) };
      });
    },
  };
}

export function hashInputs(inputs: Record<string, string>): string {
  const hash = createHash('sha256');
  for (const key of Object.keys(inputs).sort()) hash.update(`${key}\0${inputs[key]}\n`);
  return hash.digest('hex');
}

/** The files under `dir`, its subfolders' included (but those named in `skip` at its top, and hidden ones), sorted. */
function listTree(dir: string, skip: ReadonlySet<string> = new Set()): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const below = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.') && !skip.has(e.name)).flatMap((e) => listTree(path.join(dir, e.name)));
  return [...listFiles(dir), ...below].sort();
}

function listFiles(dir: string): string[] {
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      // a symlink counts as the file it leads to (and is hashed only if it may be read)
      .filter((e) => (e.isFile() || (e.isSymbolicLink() && isFile(path.join(dir, e.name)))) && !e.name.startsWith('.'))
      .map((e) => path.join(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The share of a plan that shard `index` of `count` builds (1-based): targets sorted by
 * output name, every `count`-th starting at `index`. Disjoint, and together complete.
 */
export function shardOf<T>(targets: T[], shard: { index: number; count: number } | undefined): T[] {
  if (!shard) return targets;
  return targets.filter((_, i) => i % shard.count === shard.index - 1);
}
