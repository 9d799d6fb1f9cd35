import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../diagnostics/diagnostic.js';
import { parseYaml } from '../load/yaml.js';
import { resolveThemeFonts } from '../theme/load.js';
import type { ChartTheme, FontFaceFiles, ResolvedFonts, Theme } from '../theme/types.js';

export interface ChartThemeFile {
  chart: ChartTheme;
  fonts: ResolvedFonts;
}

const FACES: (keyof FontFaceFiles)[] = ['normal', 'bold', 'italics', 'bolditalics'];

/**
 * The parts of a theme file that `brief chart` needs: its chart section and its fonts,
 * resolved inside the npm packages that ship them as a brief's theme resolves them. (The
 * full theme loader also requires text styles, colours and a page; a chart-only theme,
 * as the conformance run uses, has none.) `source` is the file's text, read by the caller,
 * and `name` how errors name the file.
 */
export function readChartThemeFile(projectRoot: string, source: string, name: string): ChartThemeFile {
  const yaml = parseYaml(name, source);
  const doc = yaml.value as { chart?: ChartTheme; fonts?: Theme['fonts'] } | null;
  if (!doc?.chart || typeof doc.chart.font !== 'string') {
    throw new UserError(yaml.diagnose(doc?.chart ? ['chart'] : [], 'chart-theme', 'the theme has no `chart` section with a `font`'));
  }
  const fonts = resolveThemeFonts({ fonts: doc.fonts ?? {} }, projectRoot, (p, message, hint) => yaml.diagnose(p, 'font', message, hint));
  if (!fonts[doc.chart.font]) {
    const families = Object.keys(fonts);
    throw new UserError(yaml.diagnose(['chart', 'font'], 'unknown-font', `chart font \`${doc.chart.font}\` is not defined in \`fonts\``, families.length ? `fonts are: ${families.join(', ')}` : undefined));
  }
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
