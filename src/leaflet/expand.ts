import type Handlebars from 'handlebars';
import { UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Row } from '../load/dataset.js';
import type { LoadedYaml, Path } from '../load/yaml.js';
import { handlebarsCompiler } from '../template/handlebars.js';

/**
 * Expands the strings of a leaflet skeleton over one row: every string is a Handlebars
 * expression (`"{{name}}"`, `"{{number patents}} patent families"`); other values are
 * kept. Output is not HTML-escaped: the expanded text is content, which the layout
 * template escapes like any other. Lookups are strict: a column the row does not have is
 * an error at the string that used it, never a blank.
 */
export interface SkeletonExpander {
  expand(value: unknown, row: Row, at: Path): unknown;
}

/** Compiled expressions, shared by every expander of the process (same helpers for all). */
let expressions: { hb: typeof Handlebars; compiled: Map<string, Handlebars.TemplateDelegate> } | undefined;

/** Handlebars (loaded on first use: only leaflet sets need its compiler) with the expression helpers. */
function expressionEnvironment(): NonNullable<typeof expressions> {
  if (expressions) return expressions;
  const hb = handlebarsCompiler().create();
  hb.registerHelper('number', (value: unknown, ...rest: unknown[]) => {
    const digits = typeof rest[0] === 'number' ? rest[0] : 0;
    return typeof value === 'number' ? value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : String(value);
  });
  hb.registerHelper('upper', (value: unknown) => String(value).toUpperCase());
  hb.registerHelper('lower', (value: unknown) => String(value).toLowerCase());
  expressions = { hb, compiled: new Map() };
  return expressions;
}

/** Distinct expressions kept compiled (oldest dropped first). */
const KEEP = 10_000;

export function createSkeletonExpander(yaml: LoadedYaml, columns: string[]): SkeletonExpander {
  const { hb, compiled } = expressionEnvironment();

  const expandString = (text: string, row: Row, at: Path): string => {
    if (!text.includes('{{')) return text;
    let fn = compiled.get(text);
    try {
      if (!fn) {
        fn = hb.compile(text, { strict: true, noEscape: true });
        if (compiled.size >= KEEP) compiled.delete(compiled.keys().next().value!);
        compiled.set(text, fn);
      }
      return fn(row, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    } catch (error) {
      const message = (error as Error).message.split('\n')[0]!;
      const missing = /^"([^"]+)" not defined/.exec(message);
      throw new UserError(
        missing
          ? yaml.diagnose(at, 'leaflet-unknown-column', `\`{{${missing[1]}}}\`: the leaflet table has no column \`${missing[1]}\``, `columns are: ${columns.join(', ')}`)
          : yaml.diagnose(at, 'leaflet-expression', `cannot expand ${JSON.stringify(text)}: ${message}`),
      );
    }
  };

  const expand = (value: unknown, row: Row, at: Path, problems: Diagnostic[]): unknown => {
    try {
      if (typeof value === 'string') return expandString(value, row, at);
    } catch (error) {
      if (error instanceof UserError) {
        problems.push(...error.diagnostics);
        return value;
      }
      throw error;
    }
    if (Array.isArray(value)) return value.map((v, i) => expand(v, row, [...at, i], problems));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, row, [...at, k], problems)]));
    }
    return value;
  };

  return {
    expand(value, row, at) {
      const problems: Diagnostic[] = [];
      const out = expand(value, row, at, problems);
      if (problems.length > 0) throw new UserError(problems);
      return out;
    },
  };
}
