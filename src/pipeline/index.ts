import path from 'node:path';
import { createHash } from 'node:crypto';
import { diagnostic, placeOfOffset, UserError, type Diagnostic, type SourcePlace } from '../diagnostics/diagnostic.js';
import { loadBrief, type ChartSource, type LoadedBrief } from '../load/brief.js';
import type { RenderedChart } from '../chart/types.js';
import { eachPicture } from '../load/image.js';
import { assembleDocument, type ChartSlot, type PdfNode, type PlacedChart } from '../layout/assemble.js';
import { blockId, type LayoutDocument, type LayoutNode } from '../layout/model.js';
import { formatPath } from '../validate/validate.js';
import { validateVegaLite } from '../validate/vega-lite.js';
import { parseJsonWithPlaces } from '../load/json.js';
import { parseMarkup } from '../template/markup.js';
import { quoteContent, wordsOf } from '../template/language.js';
import { layOutAhead, prepareChartForm, preparePrinting, printPdf } from '../print/index.js';
import { checkSpecsBeside, prestartChartGuard, retireChartGuards } from '../chart/guard.js';
import { loadShaper } from '../print/shaper.js';
import { checkStandards, DEFAULT_STANDARDS, type PdfStandard } from '../print/standards.js';
import { storeKey } from '../store/store.js';
import { stableStringify } from '../chart/stable-json.js';
import { writeFileAtomic } from '../write/atomic.js';
import type { Path } from '../load/yaml.js';
import { leafletLoadOptions } from '../leaflet/set.js';
import { chartSourceLine, datasetNamesOf, datasetSourceLine } from './charts.js';
import { chartAltText } from '../chart/alt-text.js';
import { chartLanguages, chartLocale, type ChartLocale } from '../chart/locale.js';
import { TRANSLATIONS_DIR, unreadTranslationFiles } from '../load/translation.js';
import { overlongTexts, type OverlongText } from '../layout/capacity.js';
import type { Session } from './session.js';
import type { LoadedTheme } from '../theme/load.js';
import { primaryFamilies } from '../theme/fallback.js';

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
  /** Build the brief in this language, from its translation `lang/LANGUAGE.yaml`. */
  language?: string;
  /**
   * Draw every chart in the drawing worker, started as the build starts, while this
   * thread reads the brief and then makes ready to print: for documents built in this
   * thread on a machine with a core to spare.
   */
  chartsBeside?: boolean;
  /** No build of this process draws beside after this one: the drawing worker ends once this one's charts are drawn and checked. */
  lastBeside?: boolean;
  /** Font files (from the project's root) to read on another thread while this one reads the brief: those the document's last build set text in. */
  prefetchFonts?: string[];
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
  /** What looks wrong but builds (a squeezed chart): printed, never failing the build. */
  warnings: Diagnostic[];
  /** The font files the PDF sets text in, from the project's root. */
  fonts: string[];
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

  // the shaper printing needs: its WebAssembly is compiled off this thread while the brief
  // is read (a failure is said where printing waits for it)
  loadShaper().catch(() => undefined);
  if (options.prefetchFonts) void session.fontFiles.prefetch(fontsToPrefetch(options.prefetchFonts, session.projectRoot));
  // 1. Load and validate the brief's own files.
  const { brief, checkSpecs, specsChecked } = loadForBuild(dir, session, options, time);
  try {
    return await buildLoaded(brief, session, options, { timings, time, checkSpecs, specsChecked });
  } catch (error) {
    await specsChecked();
    throw error;
  }
}

/**
 * The brief, loaded and validated. In a build that draws its charts beside (and has a
 * worker to draw them), the worker loads the chart libraries while this thread reads the
 * brief, then checks the chart specs against Vega-Lite's schema while this thread goes
 * on: `checkSpecs` sends the check, after the build's drawings (which this thread waits
 * for sooner), and `specsChecked` (which sends it, if not sent) is awaited before
 * anything is written, and before any other error is said. When that check fails (or
 * cannot be made), it says every problem of the brief
 * together, as a build in one thread says them (the brief loaded again, checking all);
 * should the files have changed since they were read, the specs drawn are checked here.
 * Its answer is found once.
 */
function loadForBuild(
  dir: string,
  session: Session,
  options: BuildOptions,
  time: <T>(stage: string, fn: () => T) => T,
): { brief: LoadedBrief; checkSpecs: () => void; specsChecked: () => Promise<void> } {
  const checkBeside = options.chartsBeside === true && prestartChartGuard();
  const loadOptions = options.leaflet !== undefined ? leafletLoadOptions(options.leaflet) : options.language !== undefined ? { language: options.language } : {};
  const load = (beside: boolean) => time('load', () => loadBrief(dir, session.projectRoot, { ...loadOptions, chartSchema: !beside }));
  let brief: LoadedBrief;
  try {
    brief = load(checkBeside);
  } catch (error) {
    // every problem of the brief, said together
    if (checkBeside) load(false);
    throw error;
  }
  if (!checkBeside) return { brief, checkSpecs: () => {}, specsChecked: async () => {} };
  const loaded = brief;
  let checked: Promise<boolean> | undefined;
  // no worker to ask (its bundle gone since) is a failed check
  const sendCheck = () => (checked ??= checkSpecsBeside([...loaded.charts.values()].map(({ file, source }) => ({ file, source }))) ?? Promise.resolve(false));
  const confirm = async () => {
    if (await sendCheck()) return;
    // the specs drawn, checked here: the check beside may have failed rather than found a problem
    const problems = [...loaded.charts.values()].flatMap((chart) => validateVegaLite(parseJsonWithPlaces(chart.file, chart.source)));
    if (problems.length === 0) return;
    load(false);
    // loaded again without a problem: the files changed since they were read
    throw new UserError(problems);
  };
  let verdict: Promise<void> | undefined;
  return { brief, checkSpecs: () => void sendCheck(), specsChecked: () => (verdict ??= confirm()) };
}

/**
 * The font files of a manifest's hint, named as strings (the manifest may have been
 * edited): only read and hashed, and taken only by a font the theme names at that path.
 * They may lie outside the project (its node_modules a link to another folder).
 */
function fontsToPrefetch(hint: unknown, projectRoot: string): string[] {
  if (!Array.isArray(hint)) return [];
  return hint.flatMap((file: unknown) => (typeof file === 'string' && /\.(ttf|otf)$/i.test(file) ? [path.resolve(projectRoot, file)] : []));
}

/** Steps 2 to 7 of buildBrief, for a brief loaded. */
async function buildLoaded(
  brief: LoadedBrief,
  session: Session,
  options: BuildOptions,
  { timings, time, checkSpecs, specsChecked }: { timings: Record<string, number>; time: <T>(stage: string, fn: () => T) => T; checkSpecs: () => void; specsChecked: () => Promise<void> },
): Promise<BuildResult> {
  const { dir } = brief;
  const { content } = brief;
  const locale = chartLocaleOf(brief);

  // 2. Theme and template, cached by the session.
  const theme = time('theme', () => locateErrors(brief, ['theme'], () => session.theme(content.theme)));
  // the worker reads the chart fonts while this thread renders the template
  if (options.chartsBeside) session.charts(theme).prepare();
  const template = time('template', () => locateErrors(brief, ['template'], () => session.template(content.template)));

  // 3. Render the template to layout markup and parse it into the layout model.
  const language = content.meta.language;
  const chartInfo = Object.fromEntries([...brief.charts].map(([name, c]) => [name, { label: wordsOf(language).source, source: chartSourceLine(c, brief.datasets, language), file: c.file }]));
  const data = Object.fromEntries([...brief.datasets].map(([name, d]) => [name, d.rows]));
  const sources = Object.fromEntries([...brief.datasets].map(([name, d]) => [name, datasetSourceLine(d, language)]));
  const markup = time('template', () =>
    // straight quotes of the content as the language's marks
    template.render({ ...quoteContent(content, language), charts: chartInfo, data, sources }, (p) => locateContent(brief, p)),
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
  // pages as laid out before (print/pdfmake.ts keeps each page under a key of its own
  // content): what else layout reads is the theme (its families and their fallbacks) and
  // the bytes of its fonts (the bytes of a fallback font, read only when a character needs
  // it, are checked by the kept pages themselves: see kept-layout.ts)
  const layoutKey = storeKey(
    'laid-out pages',
    stableStringify(theme.theme),
    stableStringify(primaryFamilies(theme.fonts).map(([family, files]) => [family, files.map((file) => session.hashFile(file))])),
  );
  const slots: ChartSlot[] = [];
  time('layout', () => assembleWith((slot) => (slots.push(slot), { svg: BLANK_SVG, width: slot.width, height: slot.height ?? 1 })));
  const engine = session.charts(theme);
  const drawn = new Map<string, PlacedChart>();
  const chartStart = performance.now();
  const problems: Diagnostic[] = [];
  // a misnamed translation file, said once: by the build of the brief's own language
  const warnings: Diagnostic[] = options.language === undefined && options.leaflet === undefined ? unreadTranslationFiles(brief.dir, session.projectRoot) : [];
  // every chart asked for at once, those likely to take longest first: drawn one after
  // another (in the worker, with `chartsBeside`) while this thread makes ready to print;
  // each outcome is taken in the layout's order, so problems are said in it
  const outcomes = new Map<ChartSlot, Promise<{ chart: RenderedChart; source: ChartSource } | { error: unknown }>>();
  const costs = new Map(slots.filter((slot) => brief.charts.has(slot.name)).map((slot) => [slot, likelyCost(brief, slot)] as const));
  const drawingOrder = [...costs.keys()].sort((a, b) => costs.get(b)! - costs.get(a)!);
  for (const slot of drawingOrder) {
    const source = brief.charts.get(slot.name)!;
    const outcome = engine
      .render(
        {
          // a height set in the content wins over the spec's own
          spec: slot.height !== undefined ? { ...(source.spec as object), height: slot.height } : source.spec,
          specFile: source.file,
          specSource: source.source,
          dataRoot: brief.dir,
          // only the datasets the spec reads: they are part of its cache key, so an edit
          // to one dataset redraws only the charts that show it
          datasets: Object.fromEntries(datasetNamesOf(source.spec).flatMap((name) => {
            const d = brief.datasets.get(name);
            return d ? [[name, d.rows]] : [];
          })),
          width: slot.width,
          ...(slot.height !== undefined ? { height: slot.height } : {}),
          ...(locale ? { locale } : {}),
        },
        { beside: options.chartsBeside === true },
      )
      .then(
        (chart) => ({ chart, source }),
        (error: unknown) => ({ error }),
      );
    outcomes.set(slot, outcome);
  }
  checkSpecs();
  if (options.chartsBeside && options.lastBeside) retireChartGuards();
  // a chart's alt text reads its spec and data, not its drawing: written while the charts
  // are drawn (printAhead), or when each is taken
  const altTexts = new Map<ChartSlot, string>();
  const altTextOf = (slot: ChartSlot, spec: unknown): string => {
    let alt = altTexts.get(slot);
    if (alt === undefined) altTexts.set(slot, (alt = chartAltText({ ...(slot.title ? { title: slot.title } : {}), spec, datasets: brief.datasets, ...(language ? { language } : {}) })));
    return alt;
  };
  const altTextsAhead = () => {
    for (const slot of drawingOrder) {
      try {
        altTextOf(slot, brief.charts.get(slot.name)!.spec);
      } catch {
        // a spec the alt text cannot read is one its drawing refuses, and said there
      }
    }
  };
  // a wrong standard is said below, where the print needs it
  const chosen = checkStandards(options.standards ?? content.meta.standards ?? [...DEFAULT_STANDARDS]);
  if (options.chartsBeside && typeof chosen !== 'string' && (await stillDrawing(outcomes.values()))) {
    await printAhead({ session, theme, standards: chosen, layoutKey, drawingOrder, outcomes, expected: expectedSizes(slots, brief), assembleWith: (chart) => time('layout', () => assembleWith(chart)), meanwhile: altTextsAhead });
  }
  for (const slot of slots) {
    const outcome = outcomes.get(slot);
    if (!outcome) {
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
    const drawnOne = await outcome;
    if ('error' in drawnOne) {
      if (drawnOne.error instanceof UserError) problems.push(...drawnOne.error.diagnostics);
      else throw drawnOne.error;
      continue;
    }
    const { chart, source } = drawnOne;
    warnings.push(...(chart.warnings ?? []));
    drawn.set(slotKey(slot), { ...chart, alt: altTextOf(slot, source.spec) });
  }
  timings.chart = performance.now() - chartStart;
  if (problems.length > 0) throw new UserError([...problems, ...warnings]);

  // 5. Assemble with the drawn charts and print.
  const definition = time('layout', () => assembleWith((slot) => drawn.get(slotKey(slot))!));
  const printStart = performance.now();
  if (typeof chosen === 'string') throw new UserError([brief.yaml.diagnose(['meta', 'standards'], 'pdf-standards', chosen), ...warnings]);
  const standards = chosen;
  if (standards.includes('a-1b')) {
    const transparent = transparentImages(brief);
    if (transparent.length > 0) throw new UserError(transparent);
  }
  const printed = await printPdf(definition, theme.fonts, session.fontFiles, { keep: { store: session.store, key: layoutKey }, standards, store: session.store });
  timings.pdf = performance.now() - printStart;

  // 6. Every character has a glyph (a font without one prints an empty box), and every
  //    page of the layout fits on one sheet.
  if (printed.missingGlyphs.length > 0) throw new UserError([...missingGlyphDiagnostics(brief, printed.missingGlyphs), ...warnings]);
  if (printed.pages !== layout.pages.length) {
    const overflow = overflowDiagnostics(brief, layout, printed.placements, printed.pages, { heights: printed.sheetHeights, room: printed.sheetRoom });
    throw new UserError([...(options.language === undefined ? overflow : overflow.map((d) => inTranslation(d, options.language!, dir, session.projectRoot))), ...warnings]);
  }
  // the footer sits in the bottom margin, where lines that do not fit are left out unseen
  const cut = printed.footerCut.findIndex((n) => n > 0);
  if (cut >= 0) throw new UserError([footerCutDiagnostic(brief, cut + 1, printed.footerCut[cut]!, options.language, dir, session.projectRoot), ...warnings]);

  // 7. Write.
  await specsChecked();
  const inputs = new Map(brief.inputs);
  for (const file of theme.files) inputs.set(path.relative(session.projectRoot, file), session.hashFile(file));
  for (const [file, text] of template.files) inputs.set(file, sha256(text));
  let file: string | undefined;
  if (options.outDir !== undefined) {
    file = path.join(options.outDir, `${content.output ?? brief.name}${options.language !== undefined ? `.${options.language}` : ''}.pdf`);
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
    warnings,
    fonts: printed.fonts.map((file) => path.relative(session.projectRoot, file)),
  };
}

/** The footer is taller than the bottom margin and lost its last lines: placed at the brief's footer text. */
function footerCutDiagnostic(brief: LoadedBrief, page: number, characters: number, language: string | undefined, dir: string, projectRoot: string): Diagnostic {
  const at: Path = brief.content.footer ? ['footer', 'text'] : [];
  const where = language === undefined ? '' : `, in the \`${language}\` translation`;
  const what = language === undefined ? "the footer's text" : `the footer's text in ${path.relative(projectRoot, path.join(dir, TRANSLATIONS_DIR, `${language}.yaml`))}`;
  // in a translation, at the translated text: that is the one to shorten
  const translated = brief.translation && Object.hasOwn((brief.translation.value as { content?: object } | undefined)?.content ?? {}, 'footer.text');
  const file = translated ? brief.translation! : brief.yaml;
  return file.diagnose(translated ? ['content', 'footer.text'] : at, 'footer-overflow', `the footer does not fit in the bottom margin of page ${page}: its last ${characters} characters would be left out${where}`, `shorten ${what}, or give the theme's page a larger bottom margin`);
}

/** A page of a translation that does not fit is placed at the block, and says whose words are too long. */
function inTranslation(d: Diagnostic, language: string, dir: string, projectRoot: string): Diagnostic {
  const file = path.relative(projectRoot, path.join(dir, TRANSLATIONS_DIR, `${language}.yaml`));
  return { ...d, message: `${d.message}, in the \`${language}\` translation`, hint: `shorten this page's texts in ${file}, or lower a chart's height` };
}

/** The number and date formats of the brief's language; a language without them is an error at `meta.language`. */
function chartLocaleOf(brief: LoadedBrief): ChartLocale | undefined {
  const language = brief.content.meta.language;
  if (language === undefined) return undefined;
  const locale = chartLocale(language);
  if (!locale) {
    throw new UserError([brief.yaml.diagnose(['meta', 'language'], 'unknown-language', `brief has no number and date formats for language \`${language}\``, `languages are: ${chartLanguages().join(', ')}`)]);
  }
  return locale;
}

/**
 * What this thread does while the charts are drawn beside it: it makes ready to print,
 * lays out the pages with each chart of the size its spec gives it (kept under the key
 * printing computes, found when the charts come out that size), does `meanwhile`, and
 * makes each chart into the PDF form it is printed as, as it comes, the first drawn first.
 */
async function printAhead(ahead: {
  session: Session;
  theme: LoadedTheme;
  standards: PdfStandard[];
  layoutKey: string;
  drawingOrder: ChartSlot[];
  outcomes: Map<ChartSlot, Promise<{ chart: RenderedChart } | { error: unknown }>>;
  expected: Map<string, { width: number; height: number }> | undefined;
  assembleWith: (chart: (slot: ChartSlot) => PlacedChart) => PdfNode;
  /** More to do before the first chart is waited for. */
  meanwhile: () => void;
}): Promise<void> {
  const { session, theme, standards, expected } = ahead;
  await preparePrinting(theme.fonts, session.fontFiles);
  if (expected) {
    const blanks = ahead.assembleWith((slot) => ({ svg: BLANK_SVG, ...expected.get(slotKey(slot))! }));
    await layOutAhead(blanks, theme.fonts, session.fontFiles, { keep: { store: session.store, key: ahead.layoutKey }, standards, store: session.store });
  }
  ahead.meanwhile();
  // each form made as its chart comes, its content deflated on Node's I/O threads while the next is made
  const forms: Promise<void>[] = [];
  for (const slot of ahead.drawingOrder) {
    const drawn = await ahead.outcomes.get(slot)!;
    if (!('chart' in drawn)) continue;
    const form = prepareChartForm(drawn.chart, theme.theme.chart.font, theme.fonts, session.store, standards);
    // a failure is said below, once all are made
    form.catch(() => undefined);
    forms.push(form);
  }
  await Promise.all(forms);
}

/** Whether a chart is still being drawn: those from the cache are there before any I/O, and then there is nothing to do meanwhile. */
async function stillDrawing(outcomes: Iterable<Promise<unknown>>): Promise<boolean> {
  let drawing = 0;
  for (const outcome of outcomes) {
    drawing++;
    void outcome.then(() => drawing--);
  }
  await new Promise((resolve) => setImmediate(resolve));
  return drawing > 0;
}

/**
 * How long a chart is likely to take to draw, to draw the longest first and have the
 * rest drawn while it is printed: one that reads a file (a map's geometry, a large CSV)
 * before any that reads named datasets only, and among those, the most rows first.
 */
function likelyCost(brief: LoadedBrief, slot: ChartSlot): number {
  const spec = brief.charts.get(slot.name)?.spec;
  const rows = datasetNamesOf(spec).reduce((n, name) => n + (brief.datasets.get(name)?.rows.length ?? 0), 0);
  return (JSON.stringify(spec ?? null).includes('"url"') ? 1e9 : 0) + rows;
}

/** A chart's stand-in while it is drawn: pages are laid out by its size alone. */
const BLANK_SVG = '<svg xmlns="http://www.w3.org/2000/svg"/>';

/**
 * The size each chart will come out, by slot, when every chart's spec says it: as wide
 * as its slot (`"container"`, fitted: brief's default autosize) and of the height the
 * content or the spec sets. Undefined when one spec leaves it to the drawing.
 */
function expectedSizes(slots: ChartSlot[], brief: LoadedBrief): Map<string, { width: number; height: number }> | undefined {
  const sizes = new Map<string, { width: number; height: number }>();
  for (const slot of slots) {
    const spec = brief.charts.get(slot.name)?.spec as { width?: unknown; height?: unknown; autosize?: unknown } | undefined;
    if (!spec || spec.width !== 'container' || spec.autosize !== undefined) return undefined;
    const height = slot.height ?? (typeof spec.height === 'number' ? spec.height : undefined);
    if (height === undefined) return undefined;
    if (!sizes.has(slotKey(slot))) sizes.set(slotKey(slot), { width: slot.width, height });
  }
  return sizes;
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

/** A block of the layout, where it came from in the content and how much text it holds. */
interface PlacedBlock {
  page: number;
  index: number;
  within: (string | number)[];
  type: string;
  /** Characters of its own text (a row's blocks' text is theirs, not the row's). */
  characters: number;
  /** Whether blocks sit inside it (a row). */
  holdsBlocks: boolean;
}

/** Every block of the layout, blocks inside rows included, in reading order. */
function placedBlocks(layout: LayoutDocument): PlacedBlock[] {
  const blocks: PlacedBlock[] = [];
  const visit = (nodes: LayoutNode[], owner: PlacedBlock | undefined) => {
    for (const n of nodes) {
      if (n.kind === 'block') {
        const block: PlacedBlock = { page: n.page, index: n.index, within: n.within, type: n.type, characters: 0, holdsBlocks: false };
        if (owner) owner.holdsBlocks = true;
        blocks.push(block);
        visit(n.children, block);
      } else if (n.kind === 'text') {
        if (owner) owner.characters += n.inlines.reduce((sum, i) => sum + i.text.length, 0);
      } else if (n.kind === 'columns') n.columns.forEach((c) => visit(c.children, owner));
      else if (n.kind === 'grid') n.cells.forEach((c) => visit(c.children, owner));
      else if ('children' in n) visit(n.children, owner);
    }
  };
  layout.pages.forEach((p) => visit(p.children, undefined));
  return blocks;
}

/**
 * A block as messages name it: its path in the content, 0-based as in every path
 * brief prints (`pages[3].blocks[1].columns[0].blocks[0]`), and its type.
 */
function blockName(b: Pick<PlacedBlock, 'page' | 'index' | 'within' | 'type'>): string {
  return `\`${formatPath(blockPath(b))}\` (${b.type})`;
}

function blockPath(b: Pick<PlacedBlock, 'page' | 'index' | 'within'>): Path {
  return ['pages', b.page, 'blocks', b.index, ...b.within];
}

/**
 * Which block made a page run onto a further sheet, from where pdfmake placed each block.
 *
 * A page overflowed when the next page starts more than one sheet after it. The break is at
 * the innermost block that spans sheets, else at the first pushed whole onto the next.
 * What grew to push it there is text (a chart keeps the height it is given): the blame
 * goes to the block with the most text up to the break, a row's blocks taken one by one,
 * so a paragraph grown in a row is named rather than the chart below it. Failing both
 * (pdfmake places some containers at their first line only, so a block whose tail ran
 * over may still report one sheet), the page's last block.
 */
export function overflowDiagnostics(brief: LoadedBrief, layout: LayoutDocument, placements: Map<string, number[]>, printedPages: number, sheets: { heights: number[]; room: number } = { heights: [], room: 0 }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const blocks = placedBlocks(layout);
  const sheetsOf = (b: PlacedBlock) => placements.get(blockId(b)) ?? [];
  const startOf = (b: PlacedBlock) => sheetsOf(b)[0];
  const pageBlocks = (p: number) => blocks.filter((b) => b.page === p && b.within.length === 0);
  for (let p = 0; p < layout.pages.length && out.length === 0; p++) {
    const own = pageBlocks(p);
    const first = own.map(startOf).find((s) => s !== undefined);
    if (first === undefined) continue;
    const next = pageBlocks(p + 1).map(startOf).find((s) => s !== undefined) ?? printedPages + 1;
    if (next - first <= 1) continue;
    // what ran over: the content of the sheets after the page's first, less the room its first
    // left free (a block moved whole to the next sheet left a gap it would not fit in)
    const spilled = sheets.heights.slice(first, next - 1).reduce((sum, h) => sum + h, 0);
    const over = spilled > 0 ? Math.max(1, spilled - Math.max(0, sheets.room - (sheets.heights[first - 1] ?? sheets.room))) : 0;
    const by = over > 0 ? ` by about ${Math.ceil(over)} pt` : '';
    const inside = blocks.filter((b) => b.page === p);
    // the block at the break: the innermost that spans sheets, else the first pushed whole onto the next
    const atBreak = inside.filter((b) => sheetsOf(b).length > 1).sort((a, b) => b.within.length - a.within.length)[0] ?? own.find((b) => (startOf(b) ?? first) > first);
    const page = `page ${p + 1}`;
    const hint = `make ${page} ${over > 0 ? `${Math.ceil(over)} pt ` : ''}shorter: shorten this text (or another of the page), or lower a chart's height`;
    if (!atBreak) {
      const last = own[own.length - 1]!;
      out.push(brief.yaml.diagnose(blockPath(last), 'page-overflow', `${blockName(last)} does not fit: ${page} runs onto a further sheet${by}`, hint));
      continue;
    }
    const upToBreak = inside.slice(0, inside.indexOf(atBreak) + 1).filter((b) => !b.holdsBlocks && b.characters > 0);
    const grown = upToBreak.sort((a, b) => b.characters - a.characters)[0] ?? atBreak;
    out.push(
      grown === atBreak
        ? brief.yaml.diagnose(blockPath(grown), 'page-overflow', `${blockName(grown)} does not fit: ${page} runs onto a further sheet${by}`, hint)
        : brief.yaml.diagnose(blockPath(grown), 'page-overflow', `${blockName(grown)}, the longest text of ${page}, pushes ${blockName(atBreak)} onto a further sheet: ${page} is over${by}`, hint),
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
export function missingGlyphDiagnostics(brief: LoadedBrief, missing: { character: string; fonts: string[] }[]): Diagnostic[] {
  return missing.map(({ character, fonts }) => {
    const codePoints = [...character].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
    const message = `\`${character}\` (${codePoints.join(' ')}) has no glyph in ${[...new Set(fonts)].join(', ')}: it would print as an empty box`;
    const hint = `add a fallback font that has ${codePoints.join(' ')} to the theme's \`fallback\`, or write the text without it`;
    const at = placeInBrief(brief, character);
    if (at) return diagnostic(placeOnly(at), 'missing-glyph', message, { hint, source: at.source });
    for (const dataset of brief.datasets.values()) {
      for (let r = 0; r < dataset.rows.length; r++) {
        for (const [column, value] of Object.entries(dataset.rows[r]!)) {
          if (typeof value === 'string' && value.includes(character)) return diagnostic(dataset.place(r, column), 'missing-glyph', message, { hint, source: dataset.text });
        }
      }
    }
    // a chart's own words (an axis title, a label expression)
    for (const chart of brief.charts.values()) {
      const offset = chart.source.indexOf(character);
      if (offset >= 0) return diagnostic({ file: chart.file, ...placeOfOffset(chart.source, offset) }, 'missing-glyph', message, { hint, source: chart.source });
    }
    return diagnostic({ file: brief.yaml.file, line: 0, column: 0 }, 'missing-glyph', message, { hint });
  });
}

/** A text too long for any page, placed where its words are written (brief.yaml, a data file), else where the template writes it. */
function overlongDiagnostic(brief: LoadedBrief, text: OverlongText): Diagnostic {
  const count = (n: number) => n.toLocaleString('en');
  const message =
    text.before > 0
      ? `a text of ${count(text.characters)} characters cannot fit on its page after the ${count(text.before)} characters of the texts before it: the page holds at most about ${count(text.capacity)} more in style \`${text.node.style}\``
      : `a text of ${count(text.characters)} characters cannot fit on a page: one page holds at most about ${count(text.capacity)} in style \`${text.node.style}\``;
  const hint = text.before > 0 ? 'shorten the texts of this page, or move some of them to another page' : 'shorten the text, or split it over pages';
  // where it is written: its first forty characters as they are, else its first four words (markup may stand between them)
  const words = text.node.inlines.map((i) => i.text).join('').trim().slice(0, 40);
  const at = words ? (placeInBrief(brief, words) ?? placeInBrief(brief, words.split(' ').slice(0, 4).join(' '))) : undefined;
  if (at) return diagnostic(placeOnly(at), 'text-too-long', message, { hint, source: at.source });
  // a text the template makes of several fields: at the block it is in
  if (text.block) return brief.yaml.diagnose(blockPath(text.block), 'text-too-long', message, hint, 'key');
  const origin = text.node.origin;
  return diagnostic({ file: origin.file ?? brief.yaml.file, line: origin.line, column: origin.column }, 'text-too-long', message, { hint });
}

function placeOnly({ file, line, column }: SourcePlace): SourcePlace {
  return { file, line, column };
}

/** Where `text` is first written in the brief's YAML (its translation's, for a translated brief), if it is. */
function placeInBrief(brief: LoadedBrief, text: string): (SourcePlace & { source: string }) | undefined {
  // a translated brief's words are in its translation
  for (const yaml of brief.translation ? [brief.translation, brief.yaml] : [brief.yaml]) {
    const at = yaml.source.indexOf(text);
    if (at >= 0) return { file: yaml.file, ...placeOfOffset(yaml.source, at), source: yaml.source };
  }
  return undefined;
}
