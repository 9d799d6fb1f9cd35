import path from 'node:path';
import { createHash } from 'node:crypto';
import { diagnostic, placeOfOffset, UserError, type Diagnostic, type SourcePlace } from '../diagnostics/diagnostic.js';
import { loadBrief, type LoadedBrief } from '../load/brief.js';
import { eachPicture } from '../load/image.js';
import { assembleDocument, type ChartSlot, type PlacedChart } from '../layout/assemble.js';
import type { LayoutDocument, LayoutNode } from '../layout/model.js';
import { parseMarkup } from '../template/markup.js';
import { printPdf } from '../print/index.js';
import { checkStandards, DEFAULT_STANDARDS, type PdfStandard } from '../print/standards.js';
import { storeKey } from '../store/store.js';
import { stableStringify } from '../chart/stable-json.js';
import { writeFileAtomic } from '../write/atomic.js';
import type { Path } from '../load/yaml.js';
import { leafletLoadOptions } from '../leaflet/set.js';
import { chartSourceLine, datasetNamesOf, datasetSourceLine } from './charts.js';
import { chartAltText } from '../chart/alt-text.js';
import { overlongTexts, type OverlongText } from '../layout/capacity.js';
import type { Session } from './session.js';

/** Layouts parsed from markup, frozen, by file and markup (oldest dropped first). */
const LAYOUTS_KEPT = 16;
const layouts = new Map<string, LayoutDocument>();

/**
 * The layout of `markup`, parsed once per process: a rebuild after a data edit usually
 * renders the same markup again (a leaflet batch, each leaflet's). A layout is read, never
 * changed, by what follows; it is frozen so that a change would fail loudly.
 */
function parsedMarkup(markup: string, templateFile: string, templateSources: ReadonlyMap<string, string>): LayoutDocument {
  const key = `${templateFile}\0${markup}`;
  let layout = layouts.get(key);
  if (!layout) {
    layout = deepFreeze(parseMarkup(markup, templateFile, templateSources));
    if (layouts.size >= LAYOUTS_KEPT) layouts.delete(layouts.keys().next().value!);
    layouts.set(key, layout);
  }
  return layout;
}

/** PDF/A-1 forbids transparency: a picture with some is an error at each block that shows it. */
function transparentImages(brief: LoadedBrief): Diagnostic[] {
  const out: Diagnostic[] = [];
  eachPicture(brief.content.pages, ['pages'], (picture, at) => {
    if (!brief.images.get(picture.image)?.transparent) return;
    out.push(brief.yaml.diagnose([...at, 'image'], 'image-transparent', `\`${picture.image}\` has transparent pixels, which PDF/A-1b cannot hold`, 'save it without an alpha channel, flattened on white, or build PDF/A-2b (`--pdf-standard a-2b,ua-1`)'));
  });
  return out;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export interface BuildOptions {
  /** Folder for the PDF; nothing is written when undefined (`brief check`). */
  outDir?: string;
  /** Dates in the PDF when the content gives none (seconds since 1970, as SOURCE_DATE_EPOCH). */
  sourceDateEpoch?: number;
  /** Build one leaflet of the leaflet set in `dir`: the key of its row. */
  leaflet?: string;
  /** PDF standards, over the brief's `meta.standards` (`--pdf-standard`). */
  standards?: PdfStandard[];
}

export interface BuildResult {
  brief: string;
  /** Path of the written PDF, when one was written. */
  file?: string;
  pages: number;
  bytes: number;
  sha256: string;
  /** Input files → hashes: content, data, charts, templates, theme and fonts. */
  inputs: Map<string, string>;
  timings: Record<string, number>;
}

/**
 * Build one brief:
 *
 *   load (YAML, data, specs; validated) → theme + template → render template → parse
 *   markup → layout model → chart (each spec at the width the layout gives it) →
 *   assemble pdfmake definition → print → check page fit → write (atomic)
 *
 * Every user error is a `UserError` with located diagnostics; nothing is written unless
 * every step succeeded.
 */
export async function buildBrief(dir: string, session: Session, options: BuildOptions = {}): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const time = <T>(stage: string, fn: () => T): T => {
    const start = performance.now();
    try {
      return fn();
    } finally {
      timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
    }
  };

  // 1. Load and validate the brief's own files.
  const brief = time('load', () => loadBrief(dir, session.projectRoot, options.leaflet !== undefined ? leafletLoadOptions(options.leaflet) : {}));
  const { content } = brief;

  // 2. Theme and template, cached by the session.
  const theme = time('theme', () => locateErrors(brief, ['theme'], () => session.theme(content.theme)));
  const template = time('template', () => locateErrors(brief, ['template'], () => session.template(content.template)));

  // 3. Render the template to layout markup and parse it into the layout model.
  const chartInfo = Object.fromEntries([...brief.charts].map(([name, c]) => [name, { source: chartSourceLine(c, brief.datasets), file: c.file }]));
  const data = Object.fromEntries([...brief.datasets].map(([name, d]) => [name, d.rows]));
  const sources = Object.fromEntries([...brief.datasets].map(([name, d]) => [name, datasetSourceLine(d)]));
  const markup = time('template', () =>
    template.render({ ...content, charts: chartInfo, data, sources }, (p) => locateContent(brief, p)),
  );
  const layout = time('template', () => parsedMarkup(markup, `templates/${template.name}/layout.hbs`, template.files));
  const overlong = overlongTexts(layout, theme.theme);
  if (overlong.length > 0) throw new UserError(overlong.map((t) => overlongDiagnostic(brief, t)));

  // 4. Charts, at the widths the layout gives them.
  const assembleWith = (chart: (slot: ChartSlot) => PlacedChart) =>
    assembleDocument(layout, {
      theme: theme.theme,
      icons: session.icons,
      templateFile: `templates/${template.name}/layout.hbs`,
      templateSources: template.files,
      chart,
      image: (src) => {
        const image = brief.images.get(src);
        if (!image) return undefined;
        const size = { width: image.width, height: image.height };
        return image.kind === 'svg' ? { kind: 'svg', svg: image.bytes.toString('utf8'), ...size } : { kind: image.kind, dataUrl: `data:image/${image.kind};base64,${image.bytes.toString('base64')}`, ...size };
      },
      info: {
        title: content.meta.title,
        ...(content.meta.subject ? { subject: content.meta.subject } : {}),
        ...(content.meta.author ? { author: content.meta.author } : {}),
        ...(content.meta.keywords ? { keywords: content.meta.keywords.join(', ') } : {}),
        creationDate: creationDate(content.meta.date, options.sourceDateEpoch),
      },
      ...(content.meta.language ? { language: content.meta.language } : {}),
    });
  const slots: ChartSlot[] = [];
  time('layout', () => assembleWith((slot) => (slots.push(slot), { svg: '<svg xmlns="http://www.w3.org/2000/svg"/>', width: slot.width, height: slot.height ?? 1 })));
  const engine = session.charts(theme);
  const drawn = new Map<string, PlacedChart>();
  const chartStart = performance.now();
  const problems: Diagnostic[] = [];
  for (const slot of slots) {
    const source = brief.charts.get(slot.name);
    if (!source) {
      const at = slot.origin?.file !== undefined ? { file: slot.origin.file, line: slot.origin.line, column: slot.origin.column } : { file: `templates/${template.name}/layout.hbs`, line: 1, column: 1 };
      const known = [...brief.charts.keys()].sort();
      problems.push(
        diagnostic(at, 'unknown-chart', `the layout asks for chart \`${slot.name}\`, which ${path.relative(session.projectRoot, dir)}/charts/ does not have`, {
          hint: known.length ? `charts are: ${known.join(', ')}` : `add ${path.relative(session.projectRoot, dir)}/charts/${slot.name}.vl.json`,
          ...(template.files.get(at.file) !== undefined ? { source: template.files.get(at.file)! } : {}),
        }),
      );
      continue;
    }
    try {
      const chart = await engine.render({
        // a height set in the content wins over the spec's own
        spec: slot.height !== undefined ? { ...(source.spec as object), height: slot.height } : source.spec,
        specFile: source.file,
        dataRoot: brief.dir,
        // only the datasets the spec reads: they are part of its cache key, so an edit
        // to one dataset redraws only the charts that show it
        datasets: Object.fromEntries(datasetNamesOf(source.spec).flatMap((name) => {
          const d = brief.datasets.get(name);
          return d ? [[name, d.rows]] : [];
        })),
        width: slot.width,
        ...(slot.height !== undefined ? { height: slot.height } : {}),
      });
      drawn.set(slotKey(slot), { ...chart, alt: chartAltText({ ...(slot.title ? { title: slot.title } : {}), spec: source.spec, datasets: brief.datasets }) });
    } catch (error) {
      if (error instanceof UserError) problems.push(...error.diagnostics);
      else throw error;
    }
  }
  timings.chart = performance.now() - chartStart;
  if (problems.length > 0) throw new UserError(problems);

  // 5. Assemble with the drawn charts and print.
  const definition = time('layout', () => assembleWith((slot) => drawn.get(slotKey(slot))!));
  const printStart = performance.now();
  // the pages as laid out before, when all that layout reads is the same: the markup (all
  // text and structure), the theme, its fonts' bytes and the size of every chart
  const layoutKey = storeKey(
    'laid-out pages',
    markup,
    stableStringify(theme.theme),
    stableStringify(Object.entries(theme.fonts).map(([family, faces]) => [family, Object.values(faces).map((file) => session.hashFile(file))])),
    stableStringify([...drawn].map(([slot, chart]) => [slot, chart.width, chart.height])),
  );
  const chosen = checkStandards(options.standards ?? content.meta.standards ?? [...DEFAULT_STANDARDS]);
  if (typeof chosen === 'string') throw new UserError([brief.yaml.diagnose(['meta', 'standards'], 'pdf-standards', chosen)]);
  const standards = chosen;
  if (standards.includes('a-1b')) {
    const transparent = transparentImages(brief);
    if (transparent.length > 0) throw new UserError(transparent);
  }
  const printed = await printPdf(definition, theme.fonts, session.fontFiles, { keep: { store: session.store, key: layoutKey }, standards, store: session.store });
  timings.pdf = performance.now() - printStart;

  // 6. Every character has a glyph (a font without one prints an empty box), and every
  //    page of the layout fits on one sheet.
  if (printed.missingGlyphs.length > 0) throw new UserError(missingGlyphDiagnostics(brief, printed.missingGlyphs));
  if (printed.pages !== layout.pages.length) throw new UserError(overflowDiagnostics(brief, layout, printed.placements, printed.pages, { heights: printed.sheetHeights, room: printed.sheetRoom }));

  // 7. Write.
  const inputs = new Map(brief.inputs);
  for (const file of theme.files) inputs.set(path.relative(session.projectRoot, file), session.hashFile(file));
  for (const [file, text] of template.files) inputs.set(file, sha256(text));
  let file: string | undefined;
  if (options.outDir !== undefined) {
    file = path.join(options.outDir, `${content.output ?? brief.name}.pdf`);
    const writeStart = performance.now();
    writeFileAtomic(file, printed.bytes);
    timings.write = performance.now() - writeStart;
  }
  return {
    brief: options.leaflet !== undefined ? content.output! : brief.name,
    ...(file ? { file } : {}),
    pages: printed.pages,
    bytes: printed.bytes.length,
    sha256: sha256(printed.bytes),
    inputs,
    timings,
  };
}

function slotKey(slot: ChartSlot): string {
  return `${slot.name}@${slot.width}x${slot.height ?? ''}`;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The PDF's dates: the content's `meta.date`, else SOURCE_DATE_EPOCH, else 1 Jan 2000. */
export function creationDate(date: string | undefined, epoch: number | undefined): Date {
  if (date) return new Date(`${date}T00:00:00Z`);
  if (epoch !== undefined && Number.isFinite(epoch)) return new Date(epoch * 1000);
  return new Date('2000-01-01T00:00:00Z');
}

/** Errors thrown about a theme or template file also point at the brief key that named it. */
function locateErrors<T>(brief: LoadedBrief, at: Path, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UserError) {
      const d = error.diagnostics[0]!;
      const named = brief.yaml.diagnose(at, d.rule, `${String(at[at.length - 1])} \`${String((brief.content as unknown as Record<string, unknown>)[String(at[0])])}\`: ${d.message}`, d.hint);
      throw new UserError(d.line === 0 ? [named, ...error.diagnostics.slice(1)] : [named, ...error.diagnostics]);
    }
    throw error;
  }
}

function locateContent(brief: LoadedBrief, p: Path): Diagnostic | undefined {
  if (p.length === 0 || !(String(p[0]) in (brief.content as object))) return undefined;
  return brief.yaml.diagnose(p, 'template-missing-field', '');
}

/** Which block made a page run onto a further sheet, from where pdfmake placed each block. */
export function overflowDiagnostics(brief: LoadedBrief, layout: LayoutDocument, placements: Map<string, number[]>, printedPages: number, sheets: { heights: number[]; room: number } = { heights: [], room: 0 }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const blocks: { page: number; index: number; type: string }[] = [];
  const collect = (nodes: LayoutNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'block') blocks.push({ page: n.page, index: n.index, type: n.type });
      else if ('children' in n) collect(n.children);
    }
  };
  layout.pages.forEach((p) => collect(p.children));
  // A page overflowed when the next page starts more than one sheet after it. The culprit
  // is its first block that spans sheets; else the first that starts on a later sheet; else
  // its last block: pdfmake places some containers at their first line only, so a block
  // whose tail ran over may still report a single sheet.
  const sheetsOf = (b: { page: number; index: number; type: string }) => placements.get(`block:${b.page}:${b.index}:${b.type}`) ?? [];
  const startOf = (b: { page: number; index: number; type: string }) => sheetsOf(b)[0];
  for (let p = 0; p < layout.pages.length && out.length === 0; p++) {
    const own = blocks.filter((b) => b.page === p);
    const first = own.map(startOf).find((s) => s !== undefined);
    if (first === undefined) continue;
    const nextPage = blocks.filter((b) => b.page === p + 1).map(startOf).find((s) => s !== undefined);
    const next = nextPage ?? printedPages + 1;
    if (next - first <= 1) continue;
    const culprit = own.find((b) => sheetsOf(b).length > 1) ?? own.find((b) => (startOf(b) ?? first) > first) ?? own[own.length - 1]!;
    // what ran over: the content of the sheets after the page's first, less the room its first
    // left free (a block moved whole to the next sheet left a gap it would not fit in)
    const spilled = sheets.heights.slice(first, next - 1).reduce((sum, h) => sum + h, 0);
    const over = spilled > 0 ? Math.max(1, spilled - Math.max(0, sheets.room - (sheets.heights[first - 1] ?? sheets.room))) : 0;
    const by = over > 0 ? ` by about ${Math.ceil(over)} pt` : '';
    out.push(
      brief.yaml.diagnose(['pages', culprit.page, 'blocks', culprit.index], 'page-overflow', `block ${culprit.index + 1} (${culprit.type}) of page ${culprit.page + 1} does not fit: page ${culprit.page + 1} runs onto a further sheet${by}`, over > 0 ? `make this page ${Math.ceil(over)} pt shorter: shorten its text, or lower a chart's height` : 'shorten the text of this page, or lower a chart\'s height'),
    );
  }
  if (out.length === 0) {
    out.push(brief.yaml.diagnose(['pages'], 'page-overflow', `the layout has ${layout.pages.length} pages but printed ${printedPages}`));
  }
  return out;
}

/**
 * Characters a font has no glyph for, each placed at its first use in the brief's content
 * or data (a CSV cell, a YAML value), else at the top of the brief.
 */
export function missingGlyphDiagnostics(brief: LoadedBrief, missing: { character: string; font: string }[]): Diagnostic[] {
  const byCharacter = new Map<string, string[]>();
  for (const { character, font } of missing) byCharacter.set(character, [...(byCharacter.get(character) ?? []), font]);
  return [...byCharacter].map(([character, fonts]) => {
    const codePoint = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    const message = `\`${character}\` (${codePoint}) has no glyph in ${[...new Set(fonts)].join(', ')}: it would print as an empty box`;
    const hint = 'use a font of the theme that has this character, or write the text without it';
    const at = placeInBrief(brief, character);
    if (at) return diagnostic(at, 'missing-glyph', message, { hint, source: brief.yaml.source });
    for (const dataset of brief.datasets.values()) {
      for (let r = 0; r < dataset.rows.length; r++) {
        for (const [column, value] of Object.entries(dataset.rows[r]!)) {
          if (typeof value === 'string' && value.includes(character)) return diagnostic(dataset.place(r, column), 'missing-glyph', message, { hint, source: dataset.text });
        }
      }
    }
    return diagnostic({ file: brief.yaml.file, line: 0, column: 0 }, 'missing-glyph', message, { hint });
  });
}

/** A text too long for any page, placed where its words are written (brief.yaml, a data file), else where the template writes it. */
function overlongDiagnostic(brief: LoadedBrief, text: OverlongText): Diagnostic {
  const message = `a text of ${text.characters.toLocaleString('en')} characters cannot fit on a page: one page holds at most about ${text.capacity.toLocaleString('en')} in style \`${text.node.style}\``;
  const hint = 'shorten the text, or split it over pages';
  const words = text.node.inlines.map((i) => i.text).join('').trim().slice(0, 40);
  const at = words ? placeInBrief(brief, words.split(' ').slice(0, 4).join(' ')) : undefined;
  if (at) return diagnostic(at, 'text-too-long', message, { hint, source: brief.yaml.source });
  const origin = text.node.origin;
  return diagnostic({ file: origin.file ?? brief.yaml.file, line: origin.line, column: origin.column }, 'text-too-long', message, { hint });
}

/** Where `text` is first written in the brief's YAML, if it is. */
function placeInBrief(brief: LoadedBrief, text: string): SourcePlace | undefined {
  const at = brief.yaml.source.indexOf(text);
  return at >= 0 ? { file: brief.yaml.file, ...placeOfOffset(brief.yaml.source, at) } : undefined;
}
