import type { Theme } from '../theme/types.js';
import type { LayoutDocument, LayoutNode, TextNode } from './model.js';
import { PAGE_SIZES } from './assemble.js';

/**
 * Text that cannot fit on a page, found before anything is laid out: laying out text
 * costs time that grows faster than its length (a megabyte of words took minutes and
 * gigabytes only to be told the page overflowed), so a block far too long for its page
 * is refused at once. The estimate is generous (the whole width of the page, narrow
 * letters), so only text that could never fit is caught; what is merely too long for
 * its place is left to the page-fit check after layout.
 */
export interface OverlongText {
  node: TextNode;
  characters: number;
  /** The most characters of the node's style that one page could hold. */
  capacity: number;
}

/** Average letter width, as a share of the font size, below which no Latin text falls. */
const NARROWEST_LETTERS = 0.3;

export function overlongTexts(layout: LayoutDocument, theme: Theme): OverlongText[] {
  const [width, height] = PAGE_SIZES[theme.page.size];
  const [left, top, right, bottom] = theme.page.margins;
  const out: OverlongText[] = [];
  const visit = (nodes: LayoutNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'text') {
        const style = theme.text[n.style] ?? theme.text.body ?? {};
        const size = style.fontSize ?? 12;
        const lineHeight = style.lineHeight ?? 1;
        const perLine = (width - left - right) / (NARROWEST_LETTERS * size);
        const lines = (height - top - bottom) / (size * lineHeight * 0.8);
        const capacity = Math.ceil(perLine * lines);
        const characters = n.inlines.reduce((sum, i) => sum + i.text.length, 0);
        if (characters > capacity) out.push({ node: n, characters, capacity });
      } else if (n.kind === 'columns') n.columns.forEach((c) => visit(c.children));
      else if (n.kind === 'grid') n.cells.forEach((c) => visit(c.children));
      else if ('children' in n) visit(n.children);
    }
  };
  for (const page of layout.pages) {
    visit(page.children);
    visit(page.footer);
  }
  return out;
}
