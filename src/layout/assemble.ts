import { diagnostic, placeOfOffset, UserError, type Diagnostic, type SourcePlace } from '../diagnostics/diagnostic.js';
import { closest } from '../validate/suggest.js';
import type { IconSet } from '../icons/mdi.js';
import { iconSvg } from '../icons/mdi.js';
import type { TableTheme, Theme } from '../theme/types.js';
import { blockId, type BoxNode, type Edges, type Inline, type LayoutDocument, type LayoutNode, type NotesNode, type Origin, type PageNode, type TableNode } from './model.js';
import { StructureBuilder, type StructNode } from './structure.js';
import { hyphenate, hyphenates, NARROW_TEXT } from './hyphenate.js';
import { familyInLanguage } from '../theme/fallback.js';

/** pdfmake's document definition is untyped JSON-like data; we build it as such. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- pdfmake ships no types
export type PdfNode = Record<string, any>;

export interface PlacedChart {
  svg: string;
  width: number;
  height: number;
  /** What the chart shows, in words, from its spec and data (see chart/alt-text.ts). */
  alt?: string;
}

/** A picture as the layout places it: an SVG's text, or a PNG's or JPEG's bytes as a data URL; its natural size in points. */
export type PlacedImage = ({ kind: 'svg'; svg: string } | { kind: 'png' | 'jpeg'; dataUrl: string }) & { width: number; height: number };

export interface ChartSlot {
  name: string;
  /** The chart's title, as the page shows it. */
  title?: string;
  /** Where the layout asks for the chart. */
  origin?: Origin;
  /** Width available to the chart, in points. */
  width: number;
  height?: number;
}

export interface AssembleContext {
  theme: Theme;
  icons: IconSet;
  /** The file errors about the layout point at when no better place is found. */
  templateFile: string;
  /** Template files (relative path → text): a bad name in the layout is looked up in them. */
  templateSources?: Map<string, string>;
  /** A drawn chart for a slot; called with the exact width the layout gives it. */
  chart(slot: ChartSlot): PlacedChart;
  /** The picture at a path of the brief's folder, if the brief has it. */
  image?(src: string): PlacedImage | undefined;
  /** Metadata for the PDF's info dictionary. */
  info: { title: string; subject?: string; author?: string; keywords?: string; creationDate: Date };
  language?: string;
}

export const PAGE_SIZES = { A4: [595.28, 841.89], A5: [419.53, 595.28], LETTER: [612, 792] } as const;

/**
 * Layout model → pdfmake document definition. Pure: a fresh definition each call (pdfmake
 * mutates what it is given). Page margins are zero at the sides so bands can bleed; every
 * other top-level node is inset by the theme's margins.
 */
export function assembleDocument(doc: LayoutDocument, ctx: AssembleContext): PdfNode {
  const problems: Diagnostic[] = [];
  const { theme } = ctx;
  const [pageWidth] = PAGE_SIZES[theme.page.size];
  const [left, top, right, bottom] = theme.page.margins;
  const contentWidth = pageWidth - left - right;
  const structure = new StructureBuilder();
  const a = new Assembler(ctx, problems, structure, numberNotes(doc));

  // page by page, each followed by its footer: the structure's reading order
  const footers: (PdfNode | null)[] = [];
  const content: PdfNode[] = doc.pages.map((page, i) => {
    // every page of the layout is one sheet (a page that spills is an error): its number is its place
    a.page = { number: i + 1, count: doc.pages.length };
    const nodes = page.children.map((child, k) => {
      const inset = child.kind === 'band' || (child.kind === 'block' && child.children.length === 1 && child.children[0]!.kind === 'band');
      const node = inset ? a.node(child, pageWidth) : a.node(child, contentWidth);
      const topPad = k === 0 && !inset ? top : 0;
      return inset ? node : { stack: [node], margin: [left, topPad, right, 0] };
    });
    footers.push(footerOf(page, a, pageWidth, bottom));
    return { stack: nodes, ...(i > 0 ? { pageBreak: 'before' } : {}) };
  });
  if (problems.length > 0) throw new UserError(problems);

  const styles: Record<string, PdfNode> = {};
  for (const [name, style] of Object.entries(theme.text)) styles[name] = { ...style };
  return {
    pageSize: [...PAGE_SIZES[theme.page.size]],
    pageMargins: [0, 0, 0, bottom],
    info: { ...ctx.info },
    ...(ctx.language ? { language: ctx.language } : {}),
    defaultStyle: { ...(theme.text.body ?? {}), font: a.fontOf('body') },
    styles,
    content,
    footer: (currentPage: number) => footers[currentPage - 1] ?? null,
    structure: structure.root,
  };
}

function footerOf(page: PageNode, a: Assembler, pageWidth: number, height: number): PdfNode | null {
  if (page.footer.length === 0) return null;
  return {
    table: { widths: [pageWidth], heights: [height], body: [[{ stack: page.footer.map((n) => a.node(n, pageWidth)), border: [false, false, false, false] }]] },
    layout: zeroLayout(),
    // the band inside sets its own fill; a fixed-height table keeps the footer strip whole
  };
}

class Assembler {
  /** Where the template wrote the node being assembled (see `parseMarkup`): errors point there. */
  private at: Origin | undefined;
  /** The page being assembled, for page numbers. */
  page = { number: 1, count: 1 };

  constructor(
    private readonly ctx: AssembleContext,
    private readonly problems: Diagnostic[],
    private readonly structure: StructureBuilder,
    /** Each note's number, by key: the order of its first reference. */
    private readonly notes: Map<string, number>,
  ) {}

  /**
   * An unknown name written in a template attribute (`style="…"`, `fill="…"`): placed at
   * the attribute when the element that holds it writes it literally, else at the element
   * (the name came from a mustache); without a template place, at the name's first
   * occurrence in the template's files.
   */
  report(name: string, rule: string, message: string, candidates: string[], fallbackHint: string): void {
    const needle = `"${name}"`;
    const sources = this.ctx.templateSources ?? new Map<string, string>();
    const origin = this.at;
    const element = origin?.file !== undefined ? { file: origin.file, line: origin.line, column: origin.column } : undefined;
    let place: SourcePlace = element ?? { file: this.ctx.templateFile, line: 1, column: 1 };
    let source = sources.get(place.file);
    if (element && source !== undefined) {
      const start = offsetOfPlace(source, element.line, element.column);
      const end = endOfStartTag(source, start);
      const found = source.indexOf(needle, start);
      if (found >= 0 && found < end) place = { file: element.file, ...placeOfOffset(source, found + 1) };
    } else if (!element) {
      for (const [file, text] of sources) {
        const found = text.indexOf(needle);
        if (found >= 0) {
          place = { file, ...placeOfOffset(text, found + 1) };
          source = text;
          break;
        }
      }
    }
    const near = closest(name, candidates);
    this.problems.push(diagnostic(place, rule, message, { hint: near ? `did you mean \`${near}\`?` : fallbackHint, ...(source !== undefined ? { source } : {}) }));
  }

  color(value: string): string {
    if (/^#[0-9a-fA-F]{6}$/.test(value)) return value;
    const c = this.ctx.theme.colors[value];
    if (c) return c;
    const colors = Object.keys(this.ctx.theme.colors);
    this.report(value, 'unknown-color', `colour \`${value}\` is neither #rrggbb nor a colour of theme \`${this.ctx.theme.name}\``, colors, `theme colours are: ${colors.join(', ')}`);
    return '#000000';
  }

  /** The font family text in style `name` is set in: the style's, or the body text's. */
  fontOf(name: string): string {
    const { text, fonts } = this.ctx.theme;
    return text[name]?.font ?? text.body?.font ?? Object.keys(fonts)[0]!;
  }

  style(name: string): string {
    if (!(name in this.ctx.theme.text)) {
      const styles = Object.keys(this.ctx.theme.text);
      this.report(name, 'unknown-style', `text style \`${name}\` is not defined in theme \`${this.ctx.theme.name}\``, styles, `styles are: ${styles.join(', ')}`);
    }
    return name;
  }

  /** A node laid out in `width` points (its margins included). */
  node(n: LayoutNode, width: number): PdfNode {
    const m: Edges = n.margin ?? [0, 0, 0, 0];
    const inner = width - m[0] - m[2];
    return this.within(n.origin, () => {
      // a content block is a section of the document; other containers group nothing unless the markup says
      const role = n.kind === 'text' || n.kind === 'chart' || n.kind === 'table' || n.kind === 'page-number' || n.kind === 'image' ? undefined : (n.role ?? (n.kind === 'block' ? 'Sect' : undefined));
      const out = this.structure.within(role, () => this.bare(n, inner));
      if (n.margin) out.margin = [...m];
      return out;
    });
  }

  /** Runs `fn` with errors placed at `origin`. */
  private within<T>(origin: Origin, fn: () => T): T {
    const outer = this.at;
    this.at = origin;
    try {
      return fn();
    } finally {
      this.at = outer;
    }
  }

  private stack(children: LayoutNode[], width: number): PdfNode[] {
    return children.map((c) => this.node(c, width));
  }

  private bare(n: LayoutNode, width: number): PdfNode {
    switch (n.kind) {
      case 'text': {
        const role = n.role ?? this.ctx.theme.text[n.style]?.role ?? 'P';
        const element = this.structure.element(role, /^H\d$/.test(role) ? { title: n.inlines.map((i) => i.text).join('').trim() } : {});
        // running text in a narrow column breaks words at their syllables; headings never do
        const hyphenated = role === 'P' && width < NARROW_TEXT && hyphenates(this.ctx.language);
        return { text: this.inlines(n.inlines, n.style, element, hyphenated), style: this.style(n.style), ...(n.align ? { alignment: n.align } : {}) };
      }
      case 'stack':
        return { stack: this.stack(n.children, width) };
      case 'block':
        return { stack: this.stack(n.children, width), id: blockId(n) };
      case 'spacer':
        return { text: '', margin: [0, n.height, 0, 0] };
      case 'rule':
        return { canvas: [{ type: 'line', x1: 0, y1: 0, x2: Math.max(0, width), y2: 0, lineWidth: n.thickness, lineColor: this.color(n.color) }] };
      case 'icon':
        return this.icon(n.name, n.size, n.color);
      case 'chart': {
        const slot: ChartSlot = { name: n.name, origin: n.origin, width: Math.floor(width * Math.min(1, Math.max(0.05, n.share))), ...(n.title ? { title: n.title } : {}) };
        if (n.height !== undefined) slot.height = n.height;
        const chart = this.ctx.chart(slot);
        const figure = this.structure.element(n.role ?? 'Figure', { alt: n.alt ?? chart.alt ?? n.title ?? `Chart ${n.name}` });
        return { svg: chart.svg, width: chart.width, height: chart.height, font: this.ctx.theme.chart.font, ...(figure ? { tag: figure.id } : {}) };
      }
      case 'table':
        return this.table(n);
      case 'image': {
        const image = this.ctx.image?.(n.src);
        if (!image) {
          this.report(n.src, 'unknown-image', `the layout asks for picture \`${n.src}\`, which the brief does not have`, [], 'a picture is a file the content names with `image:`');
          return { text: '' };
        }
        const size = fitImage(image, n, width);
        const figure = this.structure.element(n.role ?? 'Figure', { alt: n.alt });
        const tag = figure ? { tag: figure.id } : {};
        return image.kind === 'svg' ? { svg: image.svg, ...size, font: this.ctx.theme.chart.font, ...tag } : { image: image.dataUrl, ...size, ...tag };
      }
      case 'notes':
        return this.notesList(n);
      case 'page-number':
        // pagination, not content: an artifact of its own kind for readers (see render.ts)
        return { text: [{ text: n.pattern.replaceAll('{page}', String(this.page.number)).replaceAll('{pages}', String(this.page.count)), pagination: true }], style: this.style(n.style), ...(n.align ? { alignment: n.align } : {}) };
      case 'band':
        return this.filled(n.children, width, this.color(n.fill), n.padding);
      case 'box':
        return this.box(n, width);
      case 'columns':
        return this.columns(n.columns, n.gap, width);
      case 'grid':
        return this.grid(n.cells, n.cols, n.gap, width);
    }
  }

  private icon(name: string, size: number, color: string): PdfNode {
    const data = this.ctx.icons.path(name);
    if (data === undefined) {
      const near = this.ctx.icons.suggest(name);
      this.report(name, 'unknown-icon', `unknown icon \`${name}\``, near ? [near] : [], 'icon names are those of materialdesignicons.com, e.g. `robot-industrial`');
      return { text: '' };
    }
    return { svg: iconSvg(data, this.color(color)), width: size, height: size };
  }

  private filled(children: LayoutNode[], width: number, fill: string, padding: Edges): PdfNode {
    const inner = width - padding[0] - padding[2];
    return {
      table: { widths: [inner], body: [[{ stack: this.stack(children, inner), fillColor: fill }]] },
      layout: paddedLayout(padding),
    };
  }

  private box(n: BoxNode, width: number): PdfNode {
    const accentWidth = n.accent ? 3 : 0;
    const padding: Edges = [n.padding[0] + accentWidth, n.padding[1], n.padding[2], n.padding[3]];
    const inner = width - padding[0] - padding[2];
    const cell: PdfNode = { stack: this.stack(n.children, inner) };
    if (n.fill) cell.fillColor = this.color(n.fill);
    const accent = n.accent ? this.color(n.accent) : undefined;
    const border = n.border ? this.color(n.border) : undefined;
    return {
      table: { widths: [inner], body: [[cell]] },
      layout: boxLayout(padding, accent, border),
    };
  }

  /**
   * A table: a Table of rows (TR) of header (TH, scope Column) and data (TD) cells, its
   * header rows repeated when it breaks across pages. Columns aligned left share the
   * width the others leave; the others are as wide as their widest cell.
   */
  private table(n: TableNode): PdfNode {
    const look = this.ctx.theme.table ?? DEFAULT_TABLE;
    const count = Math.max(0, ...n.rows.map((r) => r.length));
    const flexible = Array.from({ length: count }, (_, i) => n.rows.slice(n.headerRows).every((r) => (r[i]?.align ?? 'left') === 'left'));
    if (!flexible.includes(true)) flexible[0] = true;
    const body = this.structure.within(n.role ?? 'Table', () =>
      n.rows.map((row) =>
        this.structure.within('TR', () =>
          Array.from({ length: count }, (_, i) => {
            const cell = row[i];
            if (!cell) return { text: '' };
            return this.within(cell.origin, () => {
              const element = this.structure.element(cell.header ? 'TH' : 'TD', cell.header ? { scope: 'Column' } : {});
              return { text: this.inlines(cell.inlines, cell.style, element), style: this.style(cell.style), ...(cell.align ? { alignment: cell.align } : {}) };
            });
          }),
        ),
      ),
    );
    const colors = { rule: this.color(look.rule), headerRule: this.color(look.headerRule), headerFill: look.headerFill ? this.color(look.headerFill) : undefined, stripe: look.stripe ? this.color(look.stripe) : undefined };
    return {
      table: { headerRows: n.headerRows, dontBreakRows: true, widths: flexible.map((f) => (f ? '*' : 'auto')), body },
      layout: tableLayout(look, colors, n.headerRows, n.rows.length),
    };
  }

  /** The notes referred to, in their numbers' order: each a Note of its number (Lbl) and its words (P). */
  private notesList(n: NotesNode): PdfNode {
    const used = n.notes.filter((note) => this.notes.has(note.key)).sort((x, y) => this.notes.get(x.key)! - this.notes.get(y.key)!);
    return {
      stack: used.map((note) =>
        this.structure.within('Note', () => {
          const label = this.structure.element('Lbl');
          const words = this.structure.element('P');
          const at = this.notes.get(note.key);
          // `anchor`: the destination its references link to
          const number = { text: `${at}`, bold: true, anchor: `Note ${at}`, ...(label ? { tag: label.id } : {}) };
          return { text: [number, { text: '\u2002' }, ...this.inlines(note.inlines, n.style, words)], style: this.style(n.style), margin: [0, 0, 0, 2] };
        }),
      ),
    };
  }

  private intrinsicWidth(children: LayoutNode[]): number | undefined {
    if (children.length !== 1) return undefined;
    const c = children[0]!;
    const m = c.margin ?? [0, 0, 0, 0];
    if (c.kind === 'icon') return c.size + m[0] + m[2];
    if (c.kind === 'box') {
      const w = this.intrinsicWidth(c.children);
      return w === undefined ? undefined : w + c.padding[0] + c.padding[2] + (c.accent ? 3 : 0) + m[0] + m[2];
    }
    return undefined;
  }

  private columns(columns: { width: number | 'auto'; role?: string; children: LayoutNode[] }[], gap: number, width: number): PdfNode {
    const fixed = columns.map((c) => (c.width === 'auto' ? (this.intrinsicWidth(c.children) ?? 0) : 0));
    const weights = columns.map((c, i) => (c.width === 'auto' && fixed[i]! > 0 ? 0 : c.width === 'auto' ? 1 : c.width));
    const free = width - gap * (columns.length - 1) - fixed.reduce((s, w) => s + w, 0);
    const total = weights.reduce((s, w) => s + w, 0) || 1;
    const widths = columns.map((_, i) => (weights[i]! > 0 ? (free * weights[i]!) / total : fixed[i]!));
    return {
      columns: columns.map((c, i) => ({ width: widths[i], stack: this.structure.within(c.role, () => this.stack(c.children, widths[i]!)) })),
      columnGap: gap,
    };
  }

  /** Rows of boxes with gaps between; every box of a row as tall as the tallest. */
  private grid(cells: BoxNode[], cols: number, gap: number, width: number): PdfNode {
    const n = Math.max(1, Math.min(cols, cells.length || 1));
    const cellWidth = (width - gap * (n - 1)) / n;
    const rows: PdfNode[] = [];
    for (let r = 0; r * n < cells.length; r++) {
      const rowCells = cells.slice(r * n, r * n + n);
      const widths: number[] = [];
      const body: PdfNode[] = [];
      const paddings: Edges[] = [];
      const accents: (string | undefined)[] = [];
      rowCells.forEach((cell, i) => {
        const accentWidth = cell.accent ? 3 : 0;
        const pad: Edges = [cell.padding[0] + accentWidth, cell.padding[1], cell.padding[2], cell.padding[3]];
        const inner = cellWidth - pad[0] - pad[2];
        if (i > 0) {
          widths.push(gap);
          body.push({ text: '' });
          paddings.push([0, 0, 0, 0]);
          accents.push(undefined);
        }
        widths.push(inner);
        // each tile of a grid is a section of its own, in reading order
        const stack = this.structure.within(cell.role ?? 'Sect', () => this.stack(cell.children, inner));
        body.push({ stack, ...(cell.fill ? { fillColor: this.within(cell.origin, () => this.color(cell.fill!)) } : {}) });
        paddings.push(pad);
        accents.push(cell.accent ? this.within(cell.origin, () => this.color(cell.accent!)) : undefined);
      });
      rows.push({
        table: { widths, body: [body] },
        layout: gridLayout(paddings, accents),
        margin: [0, r > 0 ? gap : 0, 0, 0],
      });
    }
    return { stack: rows };
  }

  /**
   * Runs of text, each marked with its structure element (`tag`; none: an artifact) and
   * language; a link in the theme's link colour and underline, unless its run has a
   * style of its own. `hyphenated`: words may break at their syllables, but for a link's
   * words and a run in another language, which are left whole. A run in another language
   * is set in its family for that language (the theme's fallback fonts for it: Han
   * characters in a Japanese font for `ja`); `style` is the style of the text the runs are in.
   */
  private inlines(list: Inline[], style: string, owner: StructNode | undefined, hyphenated = false): PdfNode[] {
    const look = this.ctx.theme.link;
    return list.map((run, i) => {
      if (run.note !== undefined) {
        // a reference: the note's number, raised, a Reference in its paragraph
        const reference = owner ? this.structure.elementIn(owner, 'Reference') : undefined;
        // a link within the document (`#` and a destination's name) to the note
        const number = this.notes.get(run.note);
        return { text: String(number), sup: true, link: `#Note ${number}`, ...(reference ? { tag: reference.id } : {}) };
      }
      const tag = owner?.id;
      const out: PdfNode = { text: hyphenated && !run.link && !run.lang ? hyphenate(run.text, this.ctx.language, i === list.length - 1) : run.text };
      if (run.bold) out.bold = true;
      if (run.italics) out.italics = true;
      if (run.style) out.style = this.style(run.style);
      if (run.link) out.link = run.link;
      if (run.link && !run.style && look) {
        out.color = look.color;
        if (look.underline) out.decoration = 'underline';
      }
      if (run.lang) {
        out.lang = run.lang;
        out.font = familyInLanguage(this.fontOf(run.style ?? style), run.lang);
      }
      if (tag !== undefined) out.tag = tag;
      return out;
    });
  }
}

/**
 * A picture's size on the page: its own, or as wide (or high) as asked with its
 * proportions kept, or fitted inside both; never wider than its column.
 */
function fitImage(natural: { width: number; height: number }, asked: { width?: number; height?: number }, room: number): { width: number; height: number } {
  const scales = [asked.width !== undefined ? asked.width / natural.width : undefined, asked.height !== undefined ? asked.height / natural.height : undefined].filter((s): s is number => s !== undefined);
  const scale = Math.min(scales.length ? Math.min(...scales) : 1, room / natural.width);
  return { width: natural.width * scale, height: natural.height * scale };
}

/** Each note's number, by key, in the order the document first refers to it. */
export function numberNotes(doc: LayoutDocument): Map<string, number> {
  const numbers = new Map<string, number>();
  const runs = (list: Inline[]) => list.forEach((run) => run.note !== undefined && !numbers.has(run.note) && numbers.set(run.note, numbers.size + 1));
  const visit = (n: LayoutNode): void => {
    if (n.kind === 'text') runs(n.inlines);
    else if (n.kind === 'table') n.rows.forEach((row) => row.forEach((cell) => runs(cell.inlines)));
    else if (n.kind === 'columns') n.columns.forEach((c) => c.children.forEach(visit));
    else if (n.kind === 'grid') n.cells.forEach(visit);
    else if ('children' in n) n.children.forEach(visit);
  };
  for (const page of doc.pages) [...page.children, ...page.footer].forEach(visit);
  return numbers;
}

/** Offset of a 1-based line and column in a text. */
function offsetOfPlace(text: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 1; i < line; i++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) break;
    offset = next + 1;
  }
  return Math.min(offset + column - 1, text.length);
}

/** Where the start tag beginning at `start` ends: its first `>` outside quotes and mustaches. */
function endOfStartTag(text: string, start: number): number {
  let quote: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '{' && text[i + 1] === '{') {
      const close = text.indexOf('}}', i);
      if (close < 0) return text.length;
      i = close + 1;
    } else if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  return text.length;
}

/**
 * A table layout's functions are made by one of the makers below from its arguments,
 * which the layout names under this key: what a kept page is keyed by instead of the
 * functions (print/pdfmake.ts). pdfmake reads only the layout properties it knows.
 */
export const LAYOUT_OF = 'layoutOf';

/** Hairlines in grey, a darker rule under the header: a table in a theme that says nothing of tables. */
const DEFAULT_TABLE: TableTheme = { rule: '#d0d0d0', ruleWidth: 0.5, headerRule: '#000000', headerRuleWidth: 0.75, padding: [5, 3] };

/** Rules between rows (none above the table, the header rule under the header rows), fills from the theme. */
function tableLayout(look: TableTheme, colors: { rule: string; headerRule: string; headerFill: string | undefined; stripe: string | undefined }, headerRows: number, rows: number): PdfNode {
  const header = (i: number) => headerRows > 0 && i === headerRows;
  // without fills, the outer cells' text lines up with the text above and below the table
  const edge = colors.headerFill || colors.stripe ? look.padding[0] : 0;
  return {
    [LAYOUT_OF]: ['table', look, colors, headerRows, rows],
    hLineWidth: (i: number) => (i === 0 ? 0 : header(i) ? look.headerRuleWidth : look.ruleWidth),
    hLineColor: (i: number) => (header(i) || i === rows ? colors.headerRule : colors.rule),
    vLineWidth: () => 0,
    fillColor: (row: number) => (row < headerRows ? (colors.headerFill ?? null) : (row - headerRows) % 2 === 1 ? (colors.stripe ?? null) : null),
    paddingLeft: (i: number) => (i === 0 ? edge : look.padding[0]),
    paddingRight: (i: number, node: PdfNode) => (i === node.table.widths.length - 1 ? edge : look.padding[0]),
    paddingTop: () => look.padding[1],
    paddingBottom: () => look.padding[1],
  };
}

function zeroLayout(): PdfNode {
  return {
    [LAYOUT_OF]: ['zero'],
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    paddingLeft: () => 0,
    paddingRight: () => 0,
    paddingTop: () => 0,
    paddingBottom: () => 0,
  };
}

function paddedLayout(p: Edges): PdfNode {
  return { ...zeroLayout(), [LAYOUT_OF]: ['padded', p], paddingLeft: () => p[0], paddingTop: () => p[1], paddingRight: () => p[2], paddingBottom: () => p[3] };
}

function boxLayout(p: Edges, accent: string | undefined, border: string | undefined): PdfNode {
  const accentWidth = accent ? 3 : 0;
  return {
    [LAYOUT_OF]: ['box', p, accent ?? null, border ?? null],
    hLineWidth: () => (border ? 0.75 : 0),
    vLineWidth: (i: number) => (i === 0 && accent ? accentWidth : border ? 0.75 : 0),
    hLineColor: () => border ?? '#000000',
    vLineColor: (i: number) => (i === 0 && accent ? accent : (border ?? '#000000')),
    // the accent rule is drawn on the cell's left edge; the padding already includes it
    paddingLeft: () => p[0] - accentWidth,
    paddingRight: () => p[2],
    paddingTop: () => p[1],
    paddingBottom: () => p[3],
  };
}

function gridLayout(paddings: Edges[], accents: (string | undefined)[]): PdfNode {
  return {
    [LAYOUT_OF]: ['grid', paddings, accents.map((a) => a ?? null)],
    hLineWidth: () => 0,
    vLineWidth: (i: number) => (accents[i] ? 3 : 0),
    vLineColor: (i: number) => accents[i] ?? '#000000',
    paddingLeft: (i: number) => paddings[i]![0] - (accents[i] ? 3 : 0),
    paddingRight: (i: number) => paddings[i]![2],
    paddingTop: (i: number) => Math.max(...paddings.map((p) => p[1])) + 0 * i,
    paddingBottom: () => Math.max(...paddings.map((p) => p[3])),
  };
}
