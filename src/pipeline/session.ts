import path from 'node:path';
import type { ChartEngine } from '../chart/types.js';
import { createChartEngine } from '../chart/render.js';
import { materialDesignIcons, type IconSet } from '../icons/mdi.js';
import { loadTheme, type LoadedTheme } from '../theme/load.js';
import { loadTemplate, type TemplateEngine } from '../template/engine.js';
import { processStore } from '../store/process-store.js';
import type { Store } from '../store/store.js';
import { hashFileBytes } from '../store/hash-file.js';
import { FontFiles } from '../print/face.js';
import { diagnostic, UserError } from '../diagnostics/diagnostic.js';
import { LOOK_NAME_PATTERN } from '../validate/schemas.js';

/**
 * What stays loaded between builds of one process: themes with their fonts, compiled
 * templates, the chart engines and the icon set. `forget` drops what a changed file
 * touches, so a watcher can keep the rest warm.
 */
export interface Session {
  projectRoot: string;
  theme(name: string): LoadedTheme;
  template(name: string): TemplateEngine;
  charts(theme: LoadedTheme): ChartEngine;
  icons: IconSet;
  /** What is kept between processes (src/store/): each stage asks it for its own results. */
  store: Store;
  /** The font files documents are set in, with the words shaped so far (src/print/face.ts). */
  fontFiles: FontFiles;
  /**
   * SHA-256 of a file's bytes. Font files are hashed once per session: they are large
   * and do not change while a process runs; anything else is read each time.
   */
  hashFile(file: string): string;
  /** Forget cached themes and templates (after files under templates/ change). */
  forget(): void;
}

export function createSession(projectRoot: string, options: { store?: Store } = {}): Session {
  const themes = new Map<string, LoadedTheme>();
  const templates = new Map<string, TemplateEngine>();
  const engines = new Map<LoadedTheme, ChartEngine>();
  const store = options.store ?? processStore();
  const fontFiles = new FontFiles(store);
  return {
    projectRoot,
    icons: materialDesignIcons(store),
    store,
    fontFiles,
    theme(name) {
      let t = themes.get(name);
      if (!t) {
        checkLookName('theme', name);
        t = loadTheme(path.join(projectRoot, 'templates', 'themes', `${name}.yaml`), projectRoot);
        themes.set(name, t);
      }
      return t;
    },
    template(name) {
      let t = templates.get(name);
      if (!t) {
        checkLookName('template', name);
        t = loadTemplate(projectRoot, name, { store });
        templates.set(name, t);
      }
      return t;
    },
    charts(theme) {
      let e = engines.get(theme);
      if (!e) {
        e = createChartEngine({ fonts: theme.fonts, theme: theme.theme.chart, store, fontFiles });
        engines.set(theme, e);
      }
      return e;
    },
    hashFile(file) {
      // a font file is hashed once, by the face that sets text in it
      if (/\.(ttf|otf)$/i.test(file)) return fontFiles.get(file).hash;
      return hashFileBytes(file);
    },
    forget() {
      themes.clear();
      templates.clear();
      for (const engine of engines.values()) void engine.close();
      engines.clear();
    },
  };
}

const LOOK_NAME = new RegExp(LOOK_NAME_PATTERN);

/**
 * Template and theme names come from content and become paths under `templates/`: one
 * that is not a plain name (`../../etc`) is refused before the disk is touched. The
 * schemas say the same; this holds for callers that did not validate (the planner). The
 * error concerns the name, not a file: a caller places it at the content that gave it.
 */
export function checkLookName(kind: 'template' | 'theme', name: string): void {
  if (typeof name === 'string' && LOOK_NAME.test(name)) return;
  throw new UserError(
    diagnostic({ file: kind === 'theme' ? 'templates/themes' : 'templates', line: 0, column: 0 }, 'bad-name', `${kind} name ${JSON.stringify(name)} may use only lowercase letters, digits and dashes`, {
      hint: kind === 'theme' ? 'name a file of templates/themes/, without .yaml' : 'name a folder of templates/',
    }),
  );
}
