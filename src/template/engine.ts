import fs from 'node:fs';
import path from 'node:path';
import type Handlebars from 'handlebars';
import type { Store } from '../store/store.js';
import { diagnostic, isUserError, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { decodeText } from '../load/decode.js';
import type { Path } from '../load/yaml.js';
import { closest } from '../validate/suggest.js';
import { inlineToMarkup, inlineToPlain } from './inline.js';
import { formatDate, formatNumber } from './language.js';
import { handlebarsRuntime } from './handlebars.js';
import { precompiled } from './precompiled.js';
import { tableCells, type TableBlock } from './table.js';
import type { Row } from '../load/dataset.js';

export interface TemplateEngine {
  name: string;
  /** Template files, relative to the project root → their text (for hashing and errors). */
  files: Map<string, string>;
  /**
   * Render the layout for a context. A missing field is an error naming the template's
   * line and the content path that was looked up.
   */
  render(context: Record<string, unknown>, locateContent: (path: Path) => Diagnostic | undefined): string;
}

interface TemplateFailure {
  file: string;
  error: Error & { lineNumber?: number; column?: number };
}

/**
 * Load `templates/NAME/layout.hbs` and every partial in `templates/NAME/partials/`.
 * Templates run in strict mode, with no prototype access, and content is escaped.
 */
export function loadTemplate(projectRoot: string, name: string, options: { store?: Store | undefined } = {}): TemplateEngine {
  const dir = path.join(projectRoot, 'templates', name);
  const rel = (p: string) => path.relative(projectRoot, p);
  const layoutFile = path.join(dir, 'layout.hbs');
  if (!fs.existsSync(layoutFile)) {
    const known = listTemplates(projectRoot);
    throw new UserError(
      diagnostic({ file: rel(layoutFile), line: 0, column: 0 }, 'unknown-template', `template \`${name}\` not found: expected ${rel(layoutFile)}`, {
        hint: known.length ? `templates are: ${known.join(', ')}` : 'create templates/NAME/layout.hbs',
      }),
    );
  }
  const files = new Map<string, string>();
  const hb = handlebarsRuntime().create();
  const problems: Diagnostic[] = [];
  const columnMaps = new Map<string, ColumnMap>();
  const compile = (file: string): Handlebars.TemplateDelegate | undefined => {
    let source: string;
    try {
      source = decodeText(fs.readFileSync(file), rel(file));
    } catch (error) {
      if (!isUserError(error)) throw error;
      problems.push(...error.diagnostics);
      return undefined;
    }
    files.set(rel(file), source);
    const marked = markElements(source, rel(file));
    columnMaps.set(rel(file), marked.sourceColumn);
    const compiled = precompiled(hb, marked.text, options.store);
    if (!compiled.ok) {
      problems.push(syntaxDiagnostic(rel(file), source, compiled.error, marked.sourceColumn));
      return undefined;
    }
    return compiled.template;
  };
  const partialsDir = path.join(dir, 'partials');
  const partialNames: string[] = [];
  for (const entry of fs.existsSync(partialsDir) ? fs.readdirSync(partialsDir).sort() : []) {
    if (!entry.endsWith('.hbs')) continue;
    const partialName = entry.slice(0, -4);
    const file = path.join(partialsDir, entry);
    const fn = compile(file);
    partialNames.push(partialName);
    if (!fn) continue;
    hb.registerPartial(partialName, ((ctx: unknown, options: Handlebars.RuntimeOptions) => {
      try {
        return fn(ctx, options);
      } catch (error) {
        throw tagFailure(error, rel(file));
      }
    }) as unknown as Handlebars.Template);
  }
  const layout = compile(layoutFile);
  if (problems.length > 0 || !layout) throw new UserError(problems);

  hb.registerHelper('md', (value: unknown) => new hb.SafeString(inlineToMarkup(String(value))));
  hb.registerHelper('plain', (value: unknown) => inlineToPlain(String(value)));
  // numbers and dates as the document's language (`meta.language`) writes them
  type Located = Handlebars.HelperOptions & { loc?: { start: { line: number; column: number } } };
  const languageOf = (options: Located) => (options.data?.root as { meta?: { language?: string } } | undefined)?.meta?.language;
  const inLanguage = (format: (value: unknown, language: string | undefined, option: unknown) => string, option: string) => (value: unknown, options: Located) => {
    try {
      return format(value, languageOf(options), options.hash?.[option]);
    } catch (error) {
      throw Object.assign(error as Error, { lineNumber: options.loc?.start.line, column: options.loc?.start.column });
    }
  };
  hb.registerHelper('number', inLanguage(formatNumber, 'decimals'));
  hb.registerHelper('date', inLanguage(formatDate, 'style'));
  hb.registerHelper('tableCells', (block: unknown, data: unknown, options: Located) => tableCells(block as TableBlock, data as Record<string, Row[]>, languageOf(options)));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).find(Boolean) ?? args[args.length - 2]);
  hb.registerHelper('has', (obj: unknown, key: unknown) => obj !== null && typeof obj === 'object' && Object.prototype.hasOwnProperty.call(obj, String(key)));
  hb.registerHelper('partialFor', function (this: unknown, type: unknown, options: Located) {
    const t = String(type);
    if (!partialNames.includes(t)) {
      const near = closest(t, partialNames);
      // Helpers' errors carry no place: give the call's, and the content block's
      throw Object.assign(new Error(`no partial \`${t}\` in template \`${name}\` for a block of type \`${t}\``), {
        hint: near ? `did you mean \`${near}\`?` : `partials are: ${partialNames.join(', ')}`,
        lineNumber: options?.loc?.start.line,
        column: options?.loc?.start.column,
        contentObject: this,
      });
    }
    return t;
  });

  return {
    name,
    files,
    render(context, locateContent) {
      const tracker = createTracker();
      try {
        return layout(tracker.wrap(context, []), {
          allowProtoPropertiesByDefault: false,
          allowProtoMethodsByDefault: false,
        });
      } catch (error) {
        const failure: TemplateFailure = (error as { failure?: TemplateFailure }).failure ?? { file: rel(layoutFile), error: error as TemplateFailure['error'] };
        const { file, error: e } = failure;
        const source = files.get(file) ?? '';
        const line = e.lineNumber ?? 0;
        const column = e.column !== undefined ? (columnMaps.get(file)?.(line, e.column) ?? e.column) + 1 : 0;
        const miss = tracker.lastMiss();
        const missing = /^"([^"]+)" not defined in/.exec(e.message);
        const hint = (e as { hint?: string }).hint;
        if (missing && miss && miss.key === missing[1]) {
          const at = locateContent(miss.path);
          const where = miss.path.length ? miss.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('').replace(/^\./, '') : 'the content';
          const d = diagnostic({ file, line, column }, 'template-missing-field', `template needs \`${miss.key}\`, which ${where} does not have${at ? ` (${at.file}:${at.line}:${at.column})` : ''}`, { source, ...(hint ? { hint } : {}) });
          throw new UserError(at ? [d, { ...at, rule: 'template-missing-field', message: `missing \`${miss.key}\` that template ${file}:${line} uses` }] : [d]);
        }
        const d = diagnostic({ file, line, column }, 'template-runtime', `template failed: ${e.message.split('\n')[0]}`, { source, ...(hint ? { hint } : {}) });
        const contentPath = tracker.pathOf((e as { contentObject?: unknown }).contentObject);
        const at = contentPath ? locateContent([...contentPath, 'type']) : undefined;
        throw new UserError(at ? [d, { ...at, rule: 'template-runtime', message: `template ${file}:${line} has no partial for this block` }] : [d]);
      }
    },
  };
}

export function listTemplates(projectRoot: string): string[] {
  const dir = path.join(projectRoot, 'templates');
  try {
    return fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'layout.hbs'))).sort();
  } catch {
    return [];
  }
}

function tagFailure(error: unknown, file: string): Error {
  const e = error as Error & { failure?: TemplateFailure };
  if (!e.failure) e.failure = { file, error: e };
  return e;
}

function syntaxDiagnostic(file: string, source: string, error: Error, sourceColumn: ColumnMap): Diagnostic {
  const message = error.message;
  const m = /line (\d+)/i.exec(message);
  const line = m ? Number(m[1]) : 1;
  const hash = (error as { hash?: { loc?: { first_column?: number } } }).hash;
  const column = sourceColumn(line, hash?.loc?.first_column ?? 0) + 1;
  const what = message.split('\n').filter((l) => /^Expecting|^Parse error|doesn't match/.test(l)).pop() ?? message.split('\n')[0]!;
  if (/got 'EOF'/.test(what)) {
    // the parser only says the file ended: point at the block that was never closed
    const open = unclosedBlock(source);
    if (open) return diagnostic({ file, line: open.line, column: open.column }, 'template-syntax', `template syntax: \`{{#${open.name}}}\` is never closed`, { source, hint: `close it with {{/${open.name}}}` });
  }
  return diagnostic({ file, line, column }, 'template-syntax', `template syntax: ${what}`, { source });
}

/** A 0-based column of the marked text's line → the same place's column in the template's own text. */
type ColumnMap = (line: number, column: number) => number;

/**
 * Marks every element the template writes with where it is written: `<box …>` at line 3,
 * column 5 of a partial becomes `<!--@templates/t/partials/p.hbs:3:5--><box …>`. The
 * comment survives rendering, so an error in the rendered markup (`parseMarkup`) or in
 * the layout (`assembleDocument`) can name the template line that wrote the element.
 * Mustaches, Handlebars comments and XML comments are left alone. Markers only add to a
 * line, so lines stay the same and `sourceColumn` takes a marked column back to the
 * template's own, for Handlebars' errors.
 */
export function markElements(source: string, file: string): { text: string; sourceColumn: ColumnMap } {
  const name = file.replace(/%/g, '%25').replace(/-/g, '%2D').replace(/\{/g, '%7B');
  const added = new Map<number, { at: number; length: number }[]>();
  let out = '';
  let copied = 0;
  let line = 1;
  let lineStart = 0;
  const skipTo = (i: number, end: string): number => {
    const j = source.indexOf(end, i);
    return j < 0 ? source.length : j + end.length;
  };
  for (let i = 0; i < source.length; ) {
    const c = source[i];
    let next = i + 1;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
    } else if (c === '{' && source[i + 1] === '{') {
      next = source.startsWith('{{!--', i) ? skipTo(i, '--}}') : skipTo(i, '}}');
    } else if (c === '<' && source.startsWith('<!--', i)) {
      next = skipTo(i, '-->');
    } else if (c === '<' && source.startsWith('<![CDATA[', i)) {
      next = skipTo(i, ']]>');
    } else if (c === '<' && /^<[A-Za-z][\w:.-]*(?=[\s/>]|$)/.test(source.slice(i, i + 64))) {
      const marker = `<!--@${name}:${line}:${i - lineStart + 1}-->`;
      out += source.slice(copied, i) + marker;
      copied = i;
      const list = added.get(line) ?? [];
      // where the marker starts in the marked line: after the markers already put before it
      list.push({ at: i - lineStart + list.reduce((sum, m) => sum + m.length, 0), length: marker.length });
      added.set(line, list);
    }
    // lines inside a skipped stretch still count
    for (let k = i + 1; k < next && k < source.length; k++) {
      if (source[k] === '\n') {
        line++;
        lineStart = k + 1;
      }
    }
    i = next;
  }
  out += source.slice(copied);
  return {
    text: out,
    sourceColumn: (at, column) => {
      let back = 0;
      for (const m of added.get(at) ?? []) if (m.at + m.length <= column) back += m.length;
      return column - back;
    },
  };
}

/** The innermost `{{#block}}` without its `{{/block}}`, by a scan of the mustaches. */
function unclosedBlock(source: string): { name: string; line: number; column: number } | undefined {
  const stack: { name: string; line: number; column: number }[] = [];
  const re = /\{\{~?\s*([#/^])\s*>?\s*([^\s}~]+)|\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g;
  for (let m = re.exec(source); m; m = re.exec(source)) {
    if (!m[1]) continue;
    if (m[1] === '/') {
      const i = stack.map((b) => b.name).lastIndexOf(m[2]!);
      if (i >= 0) stack.splice(i);
      continue;
    }
    const before = source.slice(0, m.index);
    const line = before.split('\n').length;
    stack.push({ name: m[2]!, line, column: m.index - before.lastIndexOf('\n') });
  }
  return stack[stack.length - 1];
}

/**
 * Wraps the context so that, when a strict lookup fails, we know which content object
 * lacked which key: Handlebars only says `"x" not defined in [object Object]`.
 */
function createTracker() {
  const cache = new WeakMap<object, object>();
  const paths = new WeakMap<object, Path>();
  let miss: { path: Path; key: string } | undefined;
  const wrap = <T>(value: T, at: Path): T => {
    if (value === null || typeof value !== 'object') return value;
    const known = cache.get(value as object);
    if (known) return known as T;
    const proxy = new Proxy(value as object, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== 'string' || v === null || typeof v !== 'object') return v;
        return wrap(v, [...at, Array.isArray(target) && /^\d+$/.test(key) ? Number(key) : key]);
      },
      has(target, key) {
        const found = Reflect.has(target, key);
        if (!found && typeof key === 'string') miss = { path: at, key };
        return found;
      },
    });
    cache.set(value as object, proxy);
    paths.set(proxy, at);
    return proxy as T;
  };
  return { wrap, lastMiss: () => miss, pathOf: (proxy: unknown) => (proxy !== null && typeof proxy === 'object' ? paths.get(proxy) : undefined) };
}
