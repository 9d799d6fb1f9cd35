import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'yaml';
import { UserError, diagnostic } from '../diagnostics/diagnostic.js';
import type { ChartTheme, FontFaceFiles, ResolvedFonts, ThemeFontFamily } from '../theme/types.js';

export interface ChartThemeFile {
  chart: ChartTheme;
  fonts: ResolvedFonts;
}

const FACES: (keyof FontFaceFiles)[] = ['normal', 'bold', 'italics', 'bolditalics'];

/**
 * The parts of a theme file that `brief chart` needs: its chart section and its fonts,
 * resolved inside the npm packages that ship them. (The full theme loader validates
 * the whole file; this stays small so the chart command stands on its own.)
 */
export function readChartThemeFile(file: string, projectRoot: string): ChartThemeFile {
  const rel = path.relative(projectRoot, file) || file;
  const problem = (text: string) => new UserError(diagnostic({ file: rel, line: 0, column: 0 }, 'chart-theme', text));
  let doc: { chart?: ChartTheme; fonts?: Record<string, ThemeFontFamily> };
  try {
    doc = parse(fs.readFileSync(file, 'utf8')) as typeof doc;
  } catch (error) {
    throw problem(`theme file could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!doc?.chart || typeof doc.chart.font !== 'string') throw problem('theme has no `chart` section with a `font`');
  const require = createRequire(path.join(projectRoot, 'package.json'));
  const fonts: ResolvedFonts = {};
  for (const [family, def] of Object.entries(doc.fonts ?? {})) {
    let dir: string;
    try {
      dir = path.dirname(require.resolve(`${def.package}/package.json`));
    } catch {
      throw problem(`font package \`${def.package}\` of family \`${family}\` is not installed`);
    }
    const faces = {} as FontFaceFiles;
    for (const face of FACES) {
      const full = path.resolve(dir, def.faces?.[face] ?? def.faces?.normal ?? '');
      if (!full.startsWith(dir + path.sep) || !fs.existsSync(full)) {
        throw problem(`font file \`${def.faces?.[face]}\` of family \`${family}\` is not in \`${def.package}\``);
      }
      faces[face] = full;
    }
    fonts[family] = faces;
  }
  if (!fonts[doc.chart.font]) throw problem(`chart font \`${doc.chart.font}\` is not defined in \`fonts\``);
  return { chart: doc.chart, fonts };
}

/**
 * `--font-file` values: `FAMILY=PATH` gives a family all four faces from one file,
 * `FAMILY:bold=PATH` (or `:italics`, `:bolditalics`, `:normal`) sets one face.
 */
export function applyFontFiles(fonts: ResolvedFonts, values: string[], cwd: string): ResolvedFonts {
  const out: ResolvedFonts = { ...fonts };
  const whole = values.filter((v) => !/^[^=]*:/.test(v.split('=')[0]!));
  const single = values.filter((v) => !whole.includes(v));
  for (const value of [...whole, ...single]) {
    const eq = value.indexOf('=');
    if (eq <= 0 || eq === value.length - 1) throw new Error(`--font-file expects FAMILY=PATH, got "${value}"`);
    const [family, face] = value.slice(0, eq).split(':') as [string, string | undefined];
    const file = path.resolve(cwd, value.slice(eq + 1));
    if (!fs.existsSync(file)) throw new Error(`--font-file: no such file ${file}`);
    if (face === undefined) {
      out[family] = { normal: file, bold: file, italics: file, bolditalics: file };
    } else if ((FACES as string[]).includes(face)) {
      out[family] = { ...(out[family] ?? { normal: file, bold: file, italics: file, bolditalics: file }), [face]: file };
    } else {
      throw new Error(`--font-file: unknown face "${face}" (use normal, bold, italics or bolditalics)`);
    }
  }
  return out;
}
