import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseJsonWithPlaces } from '../load/json.js';
import type { Path } from '../load/yaml.js';
import { message } from './messages.js';

/**
 * What a drawn chart's scene says about it. A chart can draw without a Vega error and
 * still be wrong on the page: part of it outside the box it is given (cut off in print),
 * a plot area squeezed to a sliver by its axes and legends, marks running out of the plot
 * over the axes, no data at all. Each finding names the place in the spec to change; the
 * engine keeps findings (not diagnostics) with a chart, so a spec reformatted since is
 * still placed right.
 */
export interface ChartFinding {
  severity: 'error' | 'warning';
  rule: string;
  message: string;
  hint?: string;
  /** Where in the spec, as a JSON path; the nearest part that exists is shown. */
  at: Path;
}

/** Points a mark may pass an edge by before it counts: half a stroke, antialiasing. */
const EDGE_TOLERANCE = 1.5;
/** Points a data mark's geometry may pass its plot by before it counts: rounding. */
const PLOT_TOLERANCE = 1;
/** A plot area under this share of the chart's width or height is squeezed. */
const SQUEEZED_SHARE = 1 / 3;
/** Data marks whose geometry comes from scales: outside the plot they are misdrawn, not decorated. */
const SCALED_MARKS = new Set(['area', 'rect', 'line', 'trail', 'rule']);

interface Bounds {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

interface SceneMark {
  marktype: string;
  role?: string;
  clip?: boolean;
  bounds?: Bounds;
  items: SceneItem[];
}

interface SceneItem {
  x?: number;
  y?: number;
  x2?: number;
  y2?: number;
  width?: number;
  height?: number;
  items?: SceneMark[];
}

/** What the checks read of a run Vega view. */
export interface DrawnScene {
  /** The root group's item: its marks, in coordinates offset by `origin`. */
  root: SceneItem;
  origin: [number, number];
  /** The drawn SVG's size. */
  width: number;
  height: number;
  /** The plot area of a single view (Vega's width and height signals). */
  plot: { width: number; height: number };
}

export interface CheckInput {
  /** The spec as drawn (sizes resolved). */
  spec: Record<string, unknown>;
  /** Rows of the named datasets the spec was given. */
  datasets: Record<string, unknown[]>;
}

/** Every finding about a drawn chart, errors first. */
export function checkScene(scene: DrawnScene, input: CheckInput): ChartFinding[] {
  const empty = emptyData(scene, input);
  if (empty) return [empty];
  const findings = [...outsideBox(scene, input.spec), ...squeezedPlot(scene, input.spec), ...outsidePlot(scene.root, input.spec)];
  return findings.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

/** An empty dataset reaching a chart draws axes and nothing else: an error. */
function emptyData(scene: DrawnScene, { spec, datasets }: CheckInput): ChartFinding | undefined {
  if (countDataItems(scene.root) > 0) return undefined;
  const emptyNamed = Object.entries(datasets).find(([, rows]) => rows.length === 0)?.[0];
  if (emptyNamed !== undefined) {
    return { severity: 'error', rule: 'chart-empty-data', message: message.emptyDataset(emptyNamed), hint: message.hintEmptyDataset, at: pathToKey(spec, 'data') ?? [] };
  }
  const transform = pathToKey(spec, 'transform');
  if (transform) return { severity: 'error', rule: 'chart-empty-data', message: message.emptyAfterTransforms, hint: message.hintEmptyAfterTransforms, at: transform };
  return { severity: 'error', rule: 'chart-empty-data', message: message.emptyData, hint: message.hintEmptyDataset, at: pathToKey(spec, 'data') ?? [] };
}

/** Items of the data marks (Vega role `mark`), in every view and facet cell. */
function countDataItems(item: SceneItem): number {
  let count = 0;
  for (const mark of item.items ?? []) {
    if (mark.marktype === 'group') for (const child of mark.items) count += countDataItems(child);
    else if (mark.role === 'mark') count += mark.items.length;
  }
  return count;
}

/** Parts of the chart drawn past the edge of its box: cut off on the page. */
function outsideBox(scene: DrawnScene, spec: Record<string, unknown>): ChartFinding[] {
  const [ox, oy] = scene.origin;
  const out: ChartFinding[] = [];
  const seen = new Set<string>();
  for (const mark of scene.root.items ?? []) {
    const b = mark.bounds;
    if (!b || !(b.x1 <= b.x2 && b.y1 <= b.y2)) continue;
    const past = {
      left: -(b.x1 + ox),
      right: b.x2 + ox - scene.width,
      top: -(b.y1 + oy),
      bottom: b.y2 + oy - scene.height,
    };
    const [side, by] = Object.entries(past).sort(([, a], [, b2]) => b2 - a)[0]!;
    if (by <= EDGE_TOLERANCE) continue;
    const part = partOf(mark, b, spec);
    if (seen.has(part.what)) continue;
    seen.add(part.what);
    out.push({
      // data marks cut at the edge still show their data; a legend, axis or title cut off
      // no longer says what the data are
      severity: mark.role === 'mark' ? 'warning' : 'error',
      rule: 'chart-outside-box',
      message: message.outsideBox(part.what, Math.ceil(by), side, scene.width, scene.height),
      hint: mark.role === 'legend' ? message.hintLegendOutside : message.hintOutsideBox,
      at: part.at,
    });
  }
  return out;
}

/** A chart part in words, and where the spec sets it. */
function partOf(mark: SceneMark, b: Bounds, spec: Record<string, unknown>): { what: string; at: Path } {
  switch (mark.role) {
    case 'legend': {
      const at = legendChannel(spec);
      return { what: at ? `the ${String(at[at.length - 1])} legend` : 'the legend', at: at ?? pathToKey(spec, 'encoding') ?? [] };
    }
    case 'axis': {
      // a vertical axis is taller than it is wide
      const channel = b.y2 - b.y1 > b.x2 - b.x1 ? 'y' : 'x';
      const at = pathToKey(spec, 'encoding', channel) ?? pathToKey(spec, 'encoding') ?? [];
      return { what: `the ${channel} axis (its labels or title)`, at };
    }
    case 'title':
      return { what: 'the title', at: pathToKey(spec, 'title') ?? [] };
    case 'mark':
      return { what: `the ${mark.marktype} marks`, at: pathToKey(spec, 'mark') ?? [] };
    default:
      return { what: 'a view', at: [] };
  }
}

/**
 * A plot area squeezed to a sliver of the chart by what must fit around it (axis labels,
 * titles, a legend): the data are true but hard to read. Only charts fitted to a size
 * (`autosize: fit`, as a chart sized by the layout is) can squeeze.
 */
function squeezedPlot(scene: DrawnScene, spec: Record<string, unknown>): ChartFinding[] {
  if (!isFitted(spec) || ['facet', 'repeat', 'concat', 'hconcat', 'vconcat'].some((k) => k in spec)) return [];
  const out: ChartFinding[] = [];
  for (const [dimension, plot, chart] of [
    ['height', scene.plot.height, scene.height],
    ['width', scene.plot.width, scene.width],
  ] as const) {
    if (chart <= 0 || plot >= chart * SQUEEZED_SHARE) continue;
    out.push({
      severity: plot < 1 ? 'error' : 'warning',
      rule: 'chart-squeezed',
      message: message.squeezed(dimension, Math.max(0, Math.round(plot)), Math.round(chart)),
      hint: message.hintSqueezed(dimension),
      at: pathToKey(spec, dimension) ?? [],
    });
  }
  return out;
}

function isFitted(spec: Record<string, unknown>): boolean {
  const autosize = spec.autosize;
  const type = typeof autosize === 'string' ? autosize : (autosize as { type?: unknown } | undefined)?.type;
  return typeof type === 'string' && type.startsWith('fit');
}

/**
 * Data marks drawn past their plot area, over the axes: values outside a scale's domain
 * on a mark that is not clipped (an area's baseline at zero under a domain from 50).
 */
function outsidePlot(item: SceneItem, spec: Record<string, unknown>): ChartFinding[] {
  const out: ChartFinding[] = [];
  const width = item.width ?? 0;
  const height = item.height ?? 0;
  for (const mark of item.items ?? []) {
    if (mark.marktype === 'group') {
      for (const child of mark.items) out.push(...outsidePlot(child, spec));
      continue;
    }
    if (mark.role !== 'mark' || mark.clip || !SCALED_MARKS.has(mark.marktype) || item.width === undefined || item.height === undefined) continue;
    const b = geometryOf(mark);
    if (!b) continue;
    const past = { left: -b.x1, right: b.x2 - width, above: -b.y1, below: b.y2 - height };
    const [side, by] = Object.entries(past).sort(([, a], [, b2]) => b2 - a)[0]!;
    if (by <= PLOT_TOLERANCE) continue;
    const channel = side === 'left' || side === 'right' ? 'x' : 'y';
    const field = fieldOf(spec, channel);
    out.push({
      severity: 'warning',
      rule: 'chart-outside-plot',
      message: message.outsidePlot(mark.marktype, Math.ceil(by), side, channel, field),
      hint: message.hintOutsidePlot,
      at: pathToKey(spec, 'encoding', channel, 'scale', 'domain') ?? pathToKey(spec, 'mark') ?? [],
    });
  }
  return dedupe(out);
}

/**
 * Where a mark's items are placed by their scales. Not Vega's bounds: those include stroke
 * widths and, for curved lines, the curves' control points, which lie well outside a
 * curve that stays inside its plot.
 */
function geometryOf(mark: SceneMark): Bounds | undefined {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const item of mark.items) {
    const { x = 0, y = 0 } = item;
    xs.push(x);
    ys.push(y);
    if (mark.marktype === 'rect') {
      xs.push(item.x2 ?? x + (item.width ?? 0));
      ys.push(item.y2 ?? y + (item.height ?? 0));
    } else {
      if (item.x2 !== undefined) xs.push(item.x2);
      if (item.y2 !== undefined) ys.push(item.y2);
    }
  }
  const finite = (v: number[]) => v.filter(Number.isFinite);
  const [fx, fy] = [finite(xs), finite(ys)];
  if (fx.length === 0 || fy.length === 0) return undefined;
  return { x1: Math.min(...fx), x2: Math.max(...fx), y1: Math.min(...fy), y2: Math.max(...fy) };
}

function dedupe(findings: ChartFinding[]): ChartFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => !seen.has(f.message) && (seen.add(f.message), true));
}

/** The first encoding channel with a legend (a field and no `legend: null`), anywhere in the spec. */
function legendChannel(spec: unknown): Path | undefined {
  for (const channel of ['size', 'color', 'fill', 'stroke', 'shape', 'opacity', 'strokeWidth', 'strokeDash']) {
    const at = pathToKey(spec, 'encoding', channel);
    if (!at) continue;
    const def = valueAt(spec, at) as { field?: unknown; legend?: unknown } | undefined;
    if (def && def.field !== undefined && def.legend !== null) return at;
  }
  return undefined;
}

function fieldOf(spec: unknown, channel: string): string | undefined {
  const at = pathToKey(spec, 'encoding', channel, 'field');
  const field = at ? valueAt(spec, at) : undefined;
  return typeof field === 'string' ? field : undefined;
}

/**
 * The first path (depth first, the top level before layers) at which `keys` lead from
 * one object down to a value: `pathToKey(spec, 'encoding', 'y')` finds `encoding.y` at
 * the top or in `layer[1]`.
 */
export function pathToKey(value: unknown, ...keys: string[]): Path | undefined {
  const direct = follow(value, keys);
  if (direct) return keys;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [k, child] of Object.entries(value)) {
    if (child === null || typeof child !== 'object' || k === 'data' || k === 'datasets') continue;
    const found = pathToKey(child, ...keys);
    if (found) return [Array.isArray(value) ? Number(k) : k, ...found];
  }
  return undefined;
}

function follow(value: unknown, keys: readonly string[]): boolean {
  let at = value;
  for (const key of keys) {
    if (at === null || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, key)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}

function valueAt(value: unknown, path: Path): unknown {
  let at = value;
  for (const key of path) at = (at as Record<string | number, unknown> | undefined)?.[key];
  return at;
}

/**
 * Warnings about what a printed chart does not have: interactions listen for events on a
 * browser window, which a chart drawn for a page never has.
 */
const IRRELEVANT_ON_PAPER = [/^Can not resolve event source: window$/];

/**
 * Vega-Lite's and Vega's own warnings, each at the encoding of the field it names when it
 * names one the spec encodes, else at the top of the spec.
 */
export function warningFindings(warnings: readonly string[], spec: unknown): ChartFinding[] {
  return [...new Set(warnings)].filter((text) => !IRRELEVANT_ON_PAPER.some((re) => re.test(text))).map((text) => {
    const named = /"([^"]+)"/.exec(text)?.[1];
    const at = named !== undefined ? encodedField(spec, named) : undefined;
    return { severity: 'warning', rule: 'chart-vega-warning', message: message.vegaWarning(text), at: at ?? [] };
  });
}

/** The path of an encoding's `field` that is `name` (or that Vega-Lite derived it from: `v_start`). */
function encodedField(spec: unknown, name: string): Path | undefined {
  let found: Path | undefined;
  const visit = (v: unknown, at: Path) => {
    if (found || v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      const here = [...at, Array.isArray(v) ? Number(k) : k];
      if (k === 'field' && typeof child === 'string' && (child === name || name.startsWith(`${child}_`) || name.endsWith(`_${child}`))) {
        found = here;
        return;
      }
      if (k !== 'data' && k !== 'datasets') visit(child, here);
    }
  };
  visit(spec, []);
  return found;
}

/** Findings as diagnostics in the spec file, placed in its text when it is given. */
export function findingDiagnostics(findings: readonly ChartFinding[], specFile: string, specSource: string | undefined): Diagnostic[] {
  if (findings.length === 0) return [];
  let locate: ((at: Path) => { line: number; column: number }) | undefined;
  if (specSource !== undefined) {
    try {
      const json = parseJsonWithPlaces(specFile, specSource);
      locate = (at) => json.locate(at, 'key');
    } catch {
      locate = undefined; // the spec as given was drawn, not this text: place at the file
    }
  }
  return findings.map((f) => {
    const place = f.at.length > 0 && locate ? locate(f.at) : { line: 0, column: 0 };
    const d = diagnostic({ file: specFile, ...place }, f.rule, f.message, { ...(f.hint ? { hint: f.hint } : {}), ...(specSource !== undefined ? { source: specSource } : {}) });
    return f.severity === 'warning' ? { ...d, severity: 'warning' as const } : d;
  });
}
