import type { Theme } from '../theme/types.js';
import type { BlockNode, LayoutDocument, LayoutNode, TextNode } from './model.js';
import { numberNotes, PAGE_SIZES } from './assemble.js';

/**
 * Text that cannot fit on a page, found before anything is laid out: laying out text
 * costs time that grows faster than its length (a megabyte of words took minutes and
 * gigabytes only to be told the page overflowed), so a block far too long for its page
 * is refused at once, and so is a page whose texts together are (two thousand short
 * paragraphs of a megabyte took 9 s and over a gigabyte). The estimate is generous (the
 * page's whole width within its margins, narrow letters, no space between paragraphs), so only text
 * that could never fit is caught; what is merely too long for its place is left to the
 * page-fit check after layout.
 */
export interface OverlongText {
  node: TextNode;
  characters: number;
  /**
   * The most characters of the node's style that the page could hold where the node
   * starts: a whole page's worth, less what the texts before it on the page take.
   */
  capacity: number;
  /** Characters of the texts before it on the page, when those leave it too little room; 0 when the text alone is too long. */
  before: number;
  /** The block of the content it is in (none for a footer's). */
  block?: BlockNode;
}

/** What the texts of a page take so far: a share of its area, and characters; `full` once one was told. */
interface PageText {
  used: number;
  characters: number;
  full: boolean;
}

/** Average letter width, as a share of the font size, below which no Latin text falls. */
const NARROWEST_LETTERS = 0.3;

export function overlongTexts(layout: LayoutDocument, theme: Theme): OverlongText[] {
  const [width, height] = PAGE_SIZES[theme.page.size];
  const [left, top, right, bottom] = theme.page.margins;
  const out: OverlongText[] = [];
  /** The most characters of a style one page holds. */
  const capacityOf = (style: string) => {
    const { fontSize: size = 12, lineHeight = 1 } = theme.text[style] ?? theme.text.body ?? {};
    const perLine = (width - left - right) / (NARROWEST_LETTERS * size);
    const lines = (height - top - bottom) / (size * lineHeight * 0.8);
    return Math.ceil(perLine * lines);
  };
  /**
   * Each text at most a page and, when `page` is given, all of them together, each taking
   * its share of the page's area: the first text past the whole is told, once a page (a
   * page with a text too long alone is told so by that one).
   */
  const text = (n: TextNode, page: PageText | undefined, block: BlockNode | undefined) => {
    const within = block ? { block } : {};
    const capacity = capacityOf(n.style);
    const characters = n.inlines.reduce((sum, i) => sum + i.text.length, 0);
    if (characters > capacity) {
      out.push({ node: n, characters, capacity, before: 0, ...within });
      if (page) page.full = true;
    } else if (page && !page.full && page.used + characters / capacity > 1) {
      out.push({ node: n, characters, capacity: Math.floor((1 - page.used) * capacity), before: page.characters, ...within });
      page.full = true;
    }
    if (page) {
      page.used += characters / capacity;
      page.characters += characters;
    }
  };
  // a notes block prints the notes the text refers to, each a text of its own
  const referred = numberNotes(layout);
  const visit = (nodes: LayoutNode[], page?: PageText, block?: BlockNode) => {
    for (const n of nodes) {
      if (n.kind === 'text') text(n, page, block);
      else if (n.kind === 'notes') {
        for (const note of n.notes) if (referred.has(note.key)) text({ kind: 'text', style: n.style, inlines: note.inlines, origin: n.origin }, page, block);
      } else if (n.kind === 'columns') n.columns.forEach((c) => visit(c.children, page, block));
      else if (n.kind === 'grid') n.cells.forEach((c) => visit(c.children, page, block));
      else if (n.kind === 'block') visit(n.children, page, n);
      else if ('children' in n) visit(n.children, page, block);
    }
  };
  for (const page of layout.pages) {
    visit(page.children, { used: 0, characters: 0, full: false });
    visit(page.footer);
  }
  return out;
}
