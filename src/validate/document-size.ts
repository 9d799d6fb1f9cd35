import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { BriefContent } from '../content/types.js';
import type { LoadedYaml, Path } from '../load/yaml.js';
import { PAGE_SIZES } from '../layout/assemble.js';
import { formatPath } from './validate.js';

/** The tallest sheet of any theme, in points: no page of blocks taller than this fits on one. */
const TALLEST_SHEET = Math.ceil(Math.max(...Object.values(PAGE_SIZES).map(([, height]) => height)));

type Block = Record<string, unknown>;

/**
 * A page whose charts and spacers alone are taller than any sheet, found before anything
 * is drawn or laid out: twenty thousand charts on one page were drawn and laid out on
 * thousands of further sheets (85 s, 1.8 GB) only to be told the page overflowed. What
 * is counted is only what cannot be shorter (a spacer's height, a chart's height as the
 * block or its spec sets it, the tallest column of a `row`), so a page that might fit is
 * left to the page-fit check after layout. The error is at the first block past the
 * sheet. `specHeights` gives the height each chart's spec sets, where it sets a number.
 */
export function checkPageHeights(content: BriefContent, yaml: LoadedYaml, specHeights: ReadonlyMap<string, number>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const least = (block: Block): number => {
    if (block.type === 'spacer' && typeof block.height === 'number') return block.height;
    if (block.type === 'chart') return typeof block.height === 'number' ? block.height : (specHeights.get(String(block.chart)) ?? 0);
    if (block.type === 'row' && Array.isArray(block.columns)) {
      return Math.max(0, ...block.columns.map((c) => ((c as { blocks?: Block[] }).blocks ?? []).reduce((sum, b) => sum + least(b), 0)));
    }
    return 0;
  };
  content.pages.forEach((page, p) => {
    let height = 0;
    (page.blocks as unknown as Block[]).some((block, i) => {
      height += least(block);
      if (height <= TALLEST_SHEET) return false;
      const at: Path = ['pages', p, 'blocks', i];
      out.push(
        yaml.diagnose(
          at,
          'page-overflow',
          `\`${formatPath(at)}\` (${String(block.type)}) does not fit: the charts and spaces of page ${p + 1} down to it are ${Math.round(height)} pt tall, and no sheet is taller than ${TALLEST_SHEET} pt`,
          'lower the charts\' heights, or move blocks to another page',
        ),
      );
      return true;
    });
  });
  return out;
}

/** Charts one brief may show: each is drawn, some take seconds, and a page holds a few. */
const MAX_CHARTS = 100;

/** A brief showing more than MAX_CHARTS charts, refused at the first past the limit before any is drawn. */
export function checkChartCount(content: BriefContent, yaml: LoadedYaml): Diagnostic[] {
  let charts = 0;
  let over: Path | undefined;
  eachBlock(content, (block, at) => {
    if (!over && block.type === 'chart' && ++charts > MAX_CHARTS) over = at;
  });
  return over ? [yaml.diagnose(over, 'too-many-charts', `a brief shows at most ${MAX_CHARTS} charts; this is chart ${MAX_CHARTS + 1}`, 'split the brief in two, or show fewer charts')] : [];
}

/** Every block of the content with its path, rows' columns included. */
export function eachBlock(content: BriefContent, visit: (block: Record<string, unknown>, at: (string | number)[]) => void): void {
  const walk = (blocks: unknown[], at: (string | number)[]) => {
    blocks.forEach((b, i) => {
      const block = b as Record<string, unknown>;
      visit(block, [...at, i]);
      if (block.type === 'row' && Array.isArray(block.columns)) block.columns.forEach((c, k) => walk((c as { blocks?: unknown[] }).blocks ?? [], [...at, i, 'columns', k, 'blocks']));
    });
  };
  content.pages.forEach((p, i) => walk(p.blocks, ['pages', i, 'blocks']));
}
