import path from 'node:path';
import type { ChartEngine } from '../chart/types.js';
import { createChartEngine } from '../chart/render.js';
import { materialDesignIcons, type IconSet } from '../icons/mdi.js';
import { loadTheme, type LoadedTheme } from '../theme/load.js';
import { loadTemplate, type TemplateEngine } from '../template/engine.js';

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
  /** Forget cached themes and templates (after files under templates/ change). */
  forget(): void;
}

export function createSession(projectRoot: string, options: { chartCacheDir?: string } = {}): Session {
  const themes = new Map<string, LoadedTheme>();
  const templates = new Map<string, TemplateEngine>();
  const engines = new Map<LoadedTheme, ChartEngine>();
  return {
    projectRoot,
    icons: materialDesignIcons(),
    theme(name) {
      let t = themes.get(name);
      if (!t) {
        t = loadTheme(path.join(projectRoot, 'templates', 'themes', `${name}.yaml`), projectRoot);
        themes.set(name, t);
      }
      return t;
    },
    template(name) {
      let t = templates.get(name);
      if (!t) {
        t = loadTemplate(projectRoot, name);
        templates.set(name, t);
      }
      return t;
    },
    charts(theme) {
      let e = engines.get(theme);
      if (!e) {
        e = createChartEngine({ fonts: theme.fonts, theme: theme.theme.chart, ...(options.chartCacheDir ? { cacheDir: options.chartCacheDir } : {}) });
        engines.set(theme, e);
      }
      return e;
    },
    forget() {
      themes.clear();
      templates.clear();
      engines.clear();
    },
  };
}
