import { XmlDocument, type XmlElement, type XmlNodeBase, type XmlTextNode } from 'xmldoc';
import { diagnostic, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { BoxNode, Edges, Inline, LayoutDocument, LayoutNode, Origin, PageNode } from '../layout/model.js';

type XmlNode = XmlNodeBase;

/**
 * Parse the markup a template renders into the layout model. The vocabulary is small and
 * closed; anything else is an error that names the template and the element.
 */
export function parseMarkup(markup: string, templateFile: string): LayoutDocument {
  let root: XmlElement;
  try {
    root = new XmlDocument(markup);
  } catch (error) {
    const m = /Line: (\d+)\s+Column: (\d+)/.exec(String((error as Error).message));
    const line = m ? Number(m[1]) + 1 : 1;
    throw new UserError(
      diagnostic({ file: templateFile, line: 0, column: 0 }, 'template-markup', `template output is not well-formed layout markup (output line ${line}): ${String((error as Error).message).split('\n')[0]}`, {
        hint: 'use {{md value}} or {{value}} for content; never {{{value}}}',
      }),
    );
  }
  const problems: Diagnostic[] = [];
  const fail = (el: XmlElement, message: string) => {
    problems.push(diagnostic({ file: templateFile, line: 0, column: 0 }, 'template-markup', `layout markup, output line ${(el.line ?? 0) + 1}: ${message}`));
  };
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
      children: children(elements(el).filter((c) => c.name !== 'footer'), fail),
      footer: footer.flatMap((f) => children(elements(f), fail)),
      origin: origin(el),
    };
    if (el.attr.name) page.name = el.attr.name;
    pages.push(page);
  }
  if (problems.length > 0) throw new UserError(problems);
  return { pages };
}

type Fail = (el: XmlElement, message: string) => void;

function children(list: XmlElement[], fail: Fail): LayoutNode[] {
  return list.flatMap((el) => {
    const node = toNode(el, fail);
    return node ? [node] : [];
  });
}

function toNode(el: XmlElement, fail: Fail): LayoutNode | undefined {
  const a = el.attr;
  const base = { origin: origin(el), ...(a.margin !== undefined ? { margin: edges(a.margin, el, fail) } : {}) };
  switch (el.name) {
    case 'band':
      return { ...base, kind: 'band', fill: a.fill ?? 'primary', padding: edges(a.padding ?? '0', el, fail), children: children(elements(el), fail) };
    case 'box':
      return box(el, fail);
    case 'text':
      return { ...base, kind: 'text', style: a.style ?? 'body', ...(a.align ? { align: align(a.align, el, fail) } : {}), inlines: inlines(el, {}, fail) };
    case 'columns':
      return {
        ...base,
        kind: 'columns',
        gap: num(a.gap ?? '12', el, fail),
        columns: elements(el).map((c) => {
          if (c.name !== 'column') fail(c, `<columns> holds only <column> elements, found <${c.name}>`);
          return { width: c.attr.width === 'auto' ? 'auto' : num(c.attr.width ?? '1', c, fail), children: children(elements(c), fail) };
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
          return box(c, fail);
        }),
      };
    case 'icon':
      return { ...base, kind: 'icon', name: a.name ?? '', size: num(a.size ?? '20', el, fail), color: a.color ?? 'primary' };
    case 'chart':
      return {
        ...base,
        kind: 'chart',
        name: a.name ?? '',
        share: a.share !== undefined ? num(a.share, el, fail) : 1,
        ...(a.height !== undefined && a.height !== '' ? { height: num(a.height, el, fail) } : {}),
      };
    case 'rule':
      return { ...base, kind: 'rule', color: a.color ?? 'rule', thickness: num(a.thickness ?? '0.75', el, fail) };
    case 'spacer':
      return { ...base, kind: 'spacer', height: num(a.height ?? '0', el, fail) };
    case 'block':
      return { ...base, kind: 'block', page: num(a.page ?? '0', el, fail), index: num(a.index ?? '0', el, fail), type: a.type ?? '', children: children(elements(el), fail) };
    case 'stack':
      return { ...base, kind: 'stack', children: children(elements(el), fail) };
    default:
      fail(el, `unknown layout element <${el.name}>`);
      return undefined;
  }
}

function box(el: XmlElement, fail: Fail): BoxNode {
  const a = el.attr;
  return {
    kind: 'box',
    origin: origin(el),
    ...(a.margin !== undefined ? { margin: edges(a.margin, el, fail) } : {}),
    ...(a.fill ? { fill: a.fill } : {}),
    ...(a.border ? { border: a.border } : {}),
    ...(a.accent ? { accent: a.accent } : {}),
    padding: edges(a.padding ?? '10', el, fail),
    children: children(elements(el), fail),
  };
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
          out.push(...inlines(c, { ...inherited, ...(c.attr.style ? { style: c.attr.style } : {}) }, fail));
          break;
        case 'br':
          out.push({ ...inherited, text: '\n' });
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
    let text = run.text.replace(/\s+/g, ' ');
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

function origin(el: XmlElement): Origin {
  return { line: (el.line ?? 0) + 1, column: (el.column ?? 0) + 1 };
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

function align(value: string, el: XmlElement, fail: Fail): 'left' | 'center' | 'right' | 'justify' {
  if (value === 'left' || value === 'center' || value === 'right' || value === 'justify') return value;
  fail(el, `align must be left, center, right or justify, found ${JSON.stringify(value)}`);
  return 'left';
}
