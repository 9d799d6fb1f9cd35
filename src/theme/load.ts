import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { diagnostic, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { refuseFile } from '../load/files.js';
import { parseYaml } from '../load/yaml.js';
import { decodeText } from '../load/decode.js';
import { validateYaml } from '../validate/validate.js';
import type { ResolvedFonts, Theme } from './types.js';
import { fallbackFamilies, fallbackName, primaryFontFiles } from './fallback.js';

export interface LoadedTheme {
  theme: Theme;
  fonts: ResolvedFonts;
  /** Every file the theme depends on whatever the text (itself, its primary font files, its fallback fonts' package manifests), for cache keys. */
  files: string[];
}

/** Read, validate and resolve a theme file; its fonts come from npm packages of the project. */
export function loadTheme(file: string, projectRoot: string): LoadedTheme {
  const rel = path.relative(projectRoot, file) || file;
  // a theme is a file of the project like any other: nothing outside it, nothing too big
  const refused = refuseFile(file, projectRoot);
  if (refused) throw new UserError(diagnostic({ file: rel, line: 0, column: 0 }, refused.rule, refused.message, { hint: refused.hint }));
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new UserError(diagnostic({ file: rel, line: 0, column: 0 }, 'missing-theme', `theme file not found`));
  }
  const source = decodeText(bytes, rel);
  const yaml = parseYaml(rel, source);
  const problems = validateYaml('theme', yaml);
  if (problems.length > 0) throw new UserError(problems);
  const theme = { ...(yaml.value as Omit<Theme, 'file'>), file: rel } as Theme;
  const fonts = resolveThemeFonts(theme, projectRoot, (p, message, hint) => yaml.diagnose(p, 'font', message, hint));
  const unknown: Diagnostic[] = [];
  const families = Object.keys(theme.fonts);
  for (const [name, style] of Object.entries(theme.text)) {
    if (style.font !== undefined && !(style.font in theme.fonts)) {
      unknown.push(yaml.diagnose(['text', name, 'font'], 'unknown-font', `text style \`${name}\` uses font \`${style.font}\`, which the theme does not define`, `fonts are: ${families.join(', ')}`));
    }
  }
  for (const [name, def] of Object.entries(theme.fonts)) {
    (def.fallback ?? []).forEach((entry, i) => {
      const fallback = fallbackName(entry);
      if (!(fallback in theme.fonts)) unknown.push(yaml.diagnose(['fonts', name, 'fallback', i], 'unknown-font', `font \`${name}\` falls back to \`${fallback}\`, which the theme does not define`, `fonts are: ${families.join(', ')}`));
      else if (fallback === name) unknown.push(yaml.diagnose(['fonts', name, 'fallback', i], 'unknown-font', `font \`${name}\` names itself as its fallback`, 'name other families of `fonts`'));
    });
  }
  if (!(theme.chart.font in theme.fonts)) {
    unknown.push(yaml.diagnose(['chart', 'font'], 'unknown-font', `chart font \`${theme.chart.font}\` is not defined in \`fonts\``, `fonts are: ${families.join(', ')}`));
  }
  if (unknown.length > 0) throw new UserError(unknown);
  // a fallback font's bytes are an input of what used it, not of every build (see
  // fallback.ts); its package's manifest, which names its version, stands for it here
  const require = createRequire(path.join(projectRoot, 'package.json'));
  const fallbackPackages = fallbackFamilies(fonts).map((family) => require.resolve(`${theme.fonts[family]!.package}/package.json`));
  return { theme, fonts, files: [...new Set([file, ...primaryFontFiles(fonts), ...fallbackPackages])] };
}

/**
 * Font files named by the theme, resolved inside the npm packages that ship them. A face
 * that does not exist, or a path that leaves its package, is a located error.
 */
export function resolveThemeFonts(
  theme: Pick<Theme, 'fonts'>,
  projectRoot: string,
  report: (path: (string | number)[], message: string, hint?: string) => Diagnostic,
): ResolvedFonts {
  const require = createRequire(path.join(projectRoot, 'package.json'));
  const problems: Diagnostic[] = [];
  const out: ResolvedFonts = {};
  for (const [family, def] of Object.entries(theme.fonts)) {
    let pkgDir: string;
    try {
      pkgDir = path.dirname(require.resolve(`${def.package}/package.json`));
    } catch {
      problems.push(report(['fonts', family, 'package'], `font package \`${def.package}\` is not installed`, `add it to package.json and run npm install`));
      continue;
    }
    const faces = {} as ResolvedFonts[string];
    for (const face of ['normal', 'bold', 'italics', 'bolditalics'] as const) {
      const full = path.resolve(pkgDir, def.faces[face]);
      if (!full.startsWith(pkgDir + path.sep)) {
        problems.push(report(['fonts', family, 'faces', face], `font file \`${def.faces[face]}\` is outside the package \`${def.package}\``));
      } else if (!fs.existsSync(full)) {
        problems.push(report(['fonts', family, 'faces', face], `font file \`${def.faces[face]}\` does not exist in \`${def.package}\``));
      } else if (!/\.(ttf|otf)$/i.test(full)) {
        problems.push(report(['fonts', family, 'faces', face], `font file \`${def.faces[face]}\` is not a TrueType or OpenType file`, 'use a .ttf or .otf file'));
      }
      faces[face] = full;
    }
    out[family] = def.fallback ? { ...faces, fallback: def.fallback } : faces;
  }
  if (problems.length > 0) throw new UserError(problems);
  return out;
}
