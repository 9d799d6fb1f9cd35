import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot } from '../chart/project-root.js';
import { parseArgs } from './args.js';
import { findProjectRootFrom } from './discover.js';
import { EXIT, UsageError, type CliIo } from './io.js';

export const NEW_HELP = `Usage: brief new NAME

Starts a brief in content/NAME/ from a small working example: a brief.yaml with a title
band, a paragraph, two figures and a chart, one dataset (a CSV and its descriptor, marked
illustrative) and one Vega-Lite chart. It builds at once: brief build NAME.
An existing folder is never overwritten.

Options:
  --help, -h          show this help
`;

/** A brief's folder name: it names the PDF too. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** The example a new brief starts from, shipped with brief. */
const STARTER = 'starter';

/** `brief new NAME`: copy the starter brief into content/NAME/, titled from the name. */
export async function runNew(argv: string[], io: CliIo): Promise<number> {
  const { positional, values } = parseArgs(argv, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    io.stdout.write(NEW_HELP);
    return EXIT.ok;
  }
  if (positional.length !== 1) throw new UsageError(positional.length === 0 ? 'brief new needs a NAME' : 'brief new takes one NAME');
  const name = positional[0]!;
  if (!NAME.test(name)) throw new UsageError(`a brief's name may use letters, digits, '.', '_' and '-', starting with a letter or digit; found \`${name}\``);
  const projectRoot = findProjectRootFrom(io.cwd);
  const dir = path.join(projectRoot, 'content', name);
  const shown = path.relative(io.cwd, dir) || dir;
  if (fs.existsSync(dir)) throw new UsageError(`${shown} already exists: brief new never overwrites a folder (choose another NAME)`);

  const starter = path.join(findProjectRoot(), STARTER);
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  // written beside the target and renamed into place: a failed copy leaves no half brief
  const staging = fs.mkdtempSync(path.join(path.dirname(dir), `.${name}-`));
  try {
    fs.cpSync(starter, staging, { recursive: true });
    const briefFile = path.join(staging, 'brief.yaml');
    fs.writeFileSync(briefFile, fs.readFileSync(briefFile, 'utf8').replaceAll('A new brief', titleOf(name)).replaceAll('`brief build NAME`', `\`brief build ${name}\``).replaceAll('`brief check NAME`', `\`brief check ${name}\``));
    fs.renameSync(staging, dir);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  io.stdout.write(`created ${shown}/ (brief.yaml, data/example.yaml, data/example.csv, charts/example.vl.json)\nbuild it with: brief build ${name}\n`);
  return EXIT.ok;
}

/** `my-first_brief` → `My first brief`. */
function titleOf(name: string): string {
  const words = name.replace(/[-_.]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
