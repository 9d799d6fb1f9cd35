import { XmlDocument, type XmlElement, type XmlNodeBase, type XmlTextNode } from 'xmldoc';
import { diagnostic, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BlockNode, BoxNode, Edges, Inline, LayoutDocument, LayoutNode, Origin, PageNode, TableCell } from '../layout/model.js';

type XmlNode = XmlNodeBase;

/** Where the template wrote an element: its file, and the line and column of its `<`. */
export interface TemplatePlace extends Origin {
  file: string;
}

/**
 * Parse the markup a template renders into the layout model. The vocabulary is small and
 * closed; anything else is an error at the template line that wrote the element (from
 * the marks `markElements` puts before each element), quoted from `templateSources`
 * when given. Each node's `origin` is that place, for errors found later in the layout.
 */
export function parseMarkup(markup: string, templateFile: string, templateSources?: ReadonlyMap<string, string>): LayoutDocument {
  const unknown: TemplatePlace = { file: templateFile, line: 1, column: 1 };
  const at = (place: TemplatePlace, rule: string, message: string, hint?: string): Diagnostic => {
    const source = templateSources?.get(place.file);
    return diagnostic(place, rule, message, { ...(hint ? { hint } : {}), ...(source !== undefined ? { source } : {}) });
  };
  let root: XmlElement;
  try {
    root = new XmlDocument(markup);
  } catch (error) {
    const text = String((error as Error).message);
    const m = /Line: (\d+)\s+Column: (\d+)/.exec(text);
    const offset = m ? offsetOfLine(markup, Number(m[1])) + Number(m[2]) : 0;
    // the last element written before the fault: the nearest place the template can be named
    const near = markBefore(markup, offset);
    throw new UserError(
      at(near ?? unknown, 'template-markup', `template output is not well-formed layout markup${near ? ' (in or after this element)' : m ? ` (output line ${Number(m[1]) + 1})` : ''}: ${text.split('\n')[0]}`, 'use {{md value}} or {{value}} for content; never {{{value}}}'),
    );
  }
  const places = templatePlaces(root, markAt(markup, (root.startTagPosition ?? 1) - 1));
  const problems: Diagnostic[] = [];
  const ctx: Context = {
    // markup that no template marked (a test's) keeps its own line and column
    origin: (el) => places.get(el) ?? { line: (el.line ?? 0) + 1, column: (el.column ?? 0) + 1 },
    fail: (el, message) => problems.push(at(places.get(el) ?? unknown, 'template-markup', `layout markup: ${message}`)),
  };
  const { fail } = ctx;
  if (root.name !== 'document') fail(root, `the root element must be <document>, found <${root.name}>`);
  const pages: PageNode[] = [];
  for (const el of elements(root)) {
    if (el.name !== 'page') {
      fail(el, `<document> holds only <page> elements, found <${el.name}>`);
      continue;
    }
    const footer = elements(el).filter((c) => c.name === 'footer');
    const page: PageNode = {
      kind: 'page',
      children: children(elements(el).filter((c) => c.name !== 'footer'), ctx),
      footer: footer.flatMap((f) => children(elements(f), ctx)),
      origin: ctx.origin(el),
    };
    if (el.attr.name) page.name = el.attr.name;
    pages.push(page);
  }
  if (problems.length > 0) throw new UserError(problems);
  return { pages };
}

/** The mark `<!--@FILE:LINE:COLUMN-->` that ends at `end`, if one does. */
function markAt(markup: string, end: number): TemplatePlace | undefined {
  if (end < 3 || markup.slice(end - 3, end) !== '-->') return undefined;
  const start = markup.lastIndexOf('<!--@', end);
  return start < 0 ? undefined : readMark(markup.slice(start + 5, end - 3));
}

/** The last mark at or before `offset`. */
function markBefore(markup: string, offset: number): TemplatePlace | undefined {
  const start = markup.lastIndexOf('<!--@', offset);
  if (start < 0) return undefined;
  const end = markup.indexOf('-->', start);
  return end < 0 ? undefined : readMark(markup.slice(start + 5, end));
}

function readMark(text: string): TemplatePlace | undefined {
  const m = /^(.+):(\d+):(\d+)$/.exec(text);
  if (!m) return undefined;
  try {
    return { file: decodeURIComponent(m[1]!), line: Number(m[2]), column: Number(m[3]) };
  } catch {
    return undefined;
  }
}

/**
 * Every element's template place: the mark just before it, else its parent's (elements
 * that content made, like the `<b>` of `{{md text}}`, are placed at the element holding them).
 */
function templatePlaces(root: XmlElement, rootPlace: TemplatePlace | undefined): Map<XmlElement, TemplatePlace> {
  const places = new Map<XmlElement, TemplatePlace>();
  if (rootPlace) places.set(root, rootPlace);
  const visit = (el: XmlElement, place: TemplatePlace | undefined) => {
    let mark: TemplatePlace | undefined;
    for (const child of el.children as XmlNode[]) {
      if (child.type === 'comment') {
        const text = (child as unknown as { comment: string }).comment;
        mark = text.startsWith('@') ? readMark(text.slice(1)) : undefined;
      } else if (child.type === 'element') {
        const c = child as XmlElement;
        const own = mark ?? place;
        if (own) places.set(c, own);
        visit(c, own);
        mark = undefined;
      } else mark = undefined;
    }
  };
  visit(root, rootPlace);
  return places;
}

function offsetOfLine(text: string, line: number): number {
  let offset = 0;
  for (let i = 0; i < line && offset >= 0; i++) offset = text.indexOf('\n', offset) + 1 || -1;
  return Math.max(offset, 0);
}

interface Context {
  fail: Fail;
  origin(el: XmlElement): Origin;
  /** The block being read, for the blocks inside it (a row's). */
  block?: Pick<BlockNode, 'page' | 'index' | 'within'>;
}

type Fail = (el: XmlElement, message: string) => void;

function children(list: XmlElement[], ctx: Context): LayoutNode[] {
  return list.flatMap((el) => {
    const node = toNode(el, ctx);
    return node ? [node] : [];
  });
}

function toNode(el: XmlElement, ctx: Context): LayoutNode | undefined {
  const { fail } = ctx;
  const a = el.attr;
  const base = { origin: ctx.origin(el), ...(a.margin !== undefined ? { margin: edges(a.margin, el, fail) } : {}), ...(a.role ? { role: role(a.role, el, fail) } : {}) };
  switch (el.name) {
    case 'band':
      return { ...base, kind: 'band', fill: a.fill ?? 'primary', padding: edges(a.padding ?? '0', el, fail), children: children(elements(el), ctx) };
    case 'box':
      return box(el, ctx);
    case 'text':
      return { ...base, kind: 'text', style: a.style ?? 'body', ...(a.align ? { align: align(a.align, el, fail) } : {}), inlines: inlines(el, {}, fail) };
    case 'columns':
      return {
        ...base,
        kind: 'columns',
        gap: num(a.gap ?? '12', el, fail),
        columns: elements(el).map((c) => {
          if (c.name !== 'column') fail(c, `<columns> holds only <column> elements, found <${c.name}>`);
          return { width: c.attr.width === 'auto' ? 'auto' : num(c.attr.width ?? '1', c, fail), ...(c.attr.role ? { role: role(c.attr.role, c, fail) } : {}), children: children(elements(c), ctx) };
        }),
      };
    case 'grid':
      return {
        ...base,
        kind: 'grid',
        cols: num(a.cols ?? '2', el, fail),
        gap: num(a.gap ?? '10', el, fail),
        cells: elements(el).map((c) => {
          if (c.name !== 'box') fail(c, `<grid> holds only <box> elements, found <${c.name}>`);
          return box(c, ctx);
        }),
      };
    case 'icon':
      return { ...base, kind: 'icon', name: a.name ?? '', size: num(a.size ?? '20', el, fail), color: a.color ?? 'primary' };
    case 'chart':
      return {
        ...base,
        kind: 'chart',
        name: a.name ?? '',
        ...(a.title ? { title: a.title } : {}),
        ...(a.alt ? { alt: a.alt } : {}),
        share: a.share !== undefined ? num(a.share, el, fail) : 1,
        ...(a.height !== undefined && a.height !== '' ? { height: num(a.height, el, fail) } : {}),
      };
    case 'table':
      return { ...base, kind: 'table', headerRows: num(a['header-rows'] ?? '0', el, fail), rows: elements(el).map((tr) => tableRow(tr, ctx)) };
    case 'image':
      if (!a.alt) fail(el, '<image> needs an `alt` text: what the picture shows');
      return {
        ...base,
        kind: 'image',
        src: a.src ?? '',
        alt: a.alt ?? '',
        ...(a.width ? { width: num(a.width, el, fail) } : {}),
        ...(a.height ? { height: num(a.height, el, fail) } : {}),
      };
    case 'notes':
      return {
        ...base,
        kind: 'notes',
        style: a.style ?? 'body',
        notes: elements(el).flatMap((note) => {
          if (note.name !== 'note') {
            fail(note, `<notes> holds only <note> elements, found <${note.name}>`);
            return [];
          }
          return [{ key: note.attr.key ?? '', inlines: inlines(note, {}, fail) }];
        }),
      };
    case 'page-number': {
      const at = a.align ? align(a.align, el, fail) : undefined;
      if (at === 'justify') fail(el, 'a page number is aligned left, center or right, not justify');
      return { ...base, kind: 'page-number', style: a.style ?? 'body', ...(at && at !== 'justify' ? { align: at } : {}), pattern: a.pattern ?? '{page} / {pages}' };
    }
    case 'rule':
      return { ...base, kind: 'rule', color: a.color ?? 'rule', thickness: num(a.thickness ?? '0.75', el, fail) };
    case 'spacer':
      return { ...base, kind: 'spacer', height: num(a.height ?? '0', el, fail) };
    case 'block': {
      // a block inside another names its column (`<block column="0" index="1">`) and takes
      // its page and place from the block around it
      const outer = a.column !== undefined ? ctx.block : undefined;
      const where = outer
        ? { page: outer.page, index: outer.index, within: [...outer.within, 'columns', num(a.column!, el, fail), 'blocks', num(a.index ?? '0', el, fail)] }
        : { page: num(a.page ?? '0', el, fail), index: num(a.index ?? '0', el, fail), within: [] };
      return { ...base, kind: 'block', ...where, type: a.type ?? '', children: children(elements(el), { ...ctx, block: where }) };
    }
    case 'stack':
      return { ...base, kind: 'stack', children: children(elements(el), ctx) };
    default:
      fail(el, `unknown layout element <${el.name}>`);
      return undefined;
  }
}

function box(el: XmlElement, ctx: Context): BoxNode {
  const { fail } = ctx;
  const a = el.attr;
  return {
    kind: 'box',
    origin: ctx.origin(el),
    ...(a.margin !== undefined ? { margin: edges(a.margin, el, fail) } : {}),
    ...(a.fill ? { fill: a.fill } : {}),
    ...(a.border ? { border: a.border } : {}),
    ...(a.accent ? { accent: a.accent } : {}),
    ...(a.role ? { role: role(a.role, el, fail) } : {}),
    padding: edges(a.padding ?? '10', el, fail),
    children: children(elements(el), ctx),
  };
}

function tableRow(tr: XmlElement, ctx: Context): TableCell[] {
  const { fail } = ctx;
  if (tr.name !== 'tr') fail(tr, `<table> holds only <tr> elements, found <${tr.name}>`);
  return elements(tr).flatMap((cell) => {
    if (cell.name !== 'th' && cell.name !== 'td') {
      fail(cell, `<tr> holds only <th> and <td> elements, found <${cell.name}>`);
      return [];
    }
    const a = cell.attr;
    const cellAlign = a.align ? align(a.align, cell, fail) : undefined;
    if (cellAlign === 'justify') fail(cell, 'a table cell is aligned left, center or right, not justify');
    return [{
      header: cell.name === 'th',
      style: a.style ?? (cell.name === 'th' ? 'tableHead' : 'tableCell'),
      ...(cellAlign && cellAlign !== 'justify' ? { align: cellAlign } : {}),
      inlines: inlines(cell, {}, fail),
      origin: ctx.origin(cell),
    }];
  });
}

function inlines(el: XmlElement, inherited: Omit<Inline, 'text'>, fail: Fail): Inline[] {
  const out: Inline[] = [];
  for (const child of el.children as XmlNode[]) {
    if (child.type === 'text' || child.type === 'cdata') {
      out.push({ ...inherited, text: (child as XmlTextNode).text });
    } else if (child.type === 'element') {
      const c = child as XmlElement;
      switch (c.name) {
        case 'b':
          out.push(...inlines(c, { ...inherited, bold: true }, fail));
          break;
        case 'i':
          out.push(...inlines(c, { ...inherited, italics: true }, fail));
          break;
        case 'a':
          out.push(...inlines(c, { ...inherited, link: c.attr.href ?? '' }, fail));
          break;
        case 'span':
          out.push(...inlines(c, { ...inherited, ...(c.attr.style ? { style: c.attr.style } : {}), ...(c.attr.lang ? { lang: language(c.attr.lang, c, fail) } : {}) }, fail));
          break;
        case 'br':
          out.push({ ...inherited, text: '\n' });
          break;
        case 'ref':
          // the key stands in for the number until the layout numbers the notes
          out.push({ ...inherited, text: c.attr.note ?? '', note: c.attr.note ?? '' });
          break;
        default:
          fail(c, `unknown inline element <${c.name}> in <text>`);
      }
    }
  }
  return normalizeSpace(out);
}

/** Collapse whitespace as HTML does, keeping explicit line breaks. */
function normalizeSpace(list: Inline[]): Inline[] {
  const out: Inline[] = [];
  let atLineStart = true;
  for (const run of list) {
    if (run.text === '\n') {
      const last = out[out.length - 1];
      if (last) last.text = last.text.replace(/ +$/, '');
      out.push(run);
      atLineStart = true;
      continue;
    }
    // white space of the markup folds to one space; a no-break space is a character of the text
    let text = run.text.replace(/[ \t\n\r\f\v]+/g, ' ');
    if (atLineStart) text = text.replace(/^ /, '');
    if (text === '') continue;
    atLineStart = text.endsWith(' ');
    out.push({ ...run, text });
  }
  const last = out[out.length - 1];
  if (last) last.text = last.text.replace(/ +$/, '');
  return out.filter((r) => r.text !== '');
}

function elements(el: XmlElement): XmlElement[] {
  return (el.children as XmlNode[]).filter((c): c is XmlElement => c.type === 'element');
}

function num(value: string, el: XmlElement, fail: Fail): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) {
    fail(el, `<${el.name}> expects a number, found ${JSON.stringify(value)}`);
    return 0;
  }
  return n;
}

function edges(value: string, el: XmlElement, fail: Fail): Edges {
  const parts = value.trim().split(/\s+/).map((v) => num(v, el, fail));
  if (parts.length === 1) return [parts[0]!, parts[0]!, parts[0]!, parts[0]!];
  if (parts.length === 2) return [parts[1]!, parts[0]!, parts[1]!, parts[0]!];
  if (parts.length === 4) return [parts[0]!, parts[1]!, parts[2]!, parts[3]!];
  fail(el, `edges are written as 1, 2 or 4 numbers (left top right bottom), found ${JSON.stringify(value)}`);
  return [0, 0, 0, 0];
}

/** The structure types a template may name, besides `Artifact` and `none`. */
export const STRUCT_ROLES = ['Document', 'Part', 'Art', 'Sect', 'Div', 'BlockQuote', 'Caption', 'L', 'LI', 'Lbl', 'LBody', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'P', 'Note', 'Quote', 'Figure', 'Artifact', 'none'] as const;

function role(value: string, el: XmlElement, fail: Fail): string {
  if ((STRUCT_ROLES as readonly string[]).includes(value)) return value;
  fail(el, `role must be a structure type (${STRUCT_ROLES.join(', ')}), found ${JSON.stringify(value)}`);
  return 'none';
}

function language(value: string, el: XmlElement, fail: Fail): string {
  if (/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value)) return value;
  fail(el, `lang must be a BCP 47 language tag such as \`zh\` or \`fr-BE\`, found ${JSON.stringify(value)}`);
  return value;
}

function align(value: string, el: XmlElement, fail: Fail): 'left' | 'center' | 'right' | 'justify' {
  if (value === 'left' || value === 'center' || value === 'right' || value === 'justify') return value;
  fail(el, `align must be left, center, right or justify, found ${JSON.stringify(value)}`);
  return 'left';
}
