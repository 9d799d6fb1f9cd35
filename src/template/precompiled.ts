import type Handlebars from 'handlebars';
import { storeKey, type Store } from '../store/store.js';
import { handlebarsCompiler } from './handlebars.js';

/** What templates are compiled with; part of the cache key. */
export const COMPILE_OPTIONS = Object.freeze({ strict: true, knownHelpersOnly: false });

type Runtime = typeof Handlebars;

/** A template's source with its compiled form, or the syntax error the parser raised. */
export type Precompiled = { ok: true; template: Handlebars.TemplateDelegate } | { ok: false; error: Error };

/**
 * A template compiled for `hb` (a runtime environment). Handlebars' precompiled form of a
 * source is kept in the store under the hash of the source and the options (the store's
 * keys change with Handlebars' version), so a later process neither loads the compiler
 * nor compiles; a source that was precompiled once is known to parse. Without a store
 * (or on a miss) the compiler is loaded, the source parsed (syntax errors are returned
 * for the caller to place) and precompiled.
 */
export function precompiled(hb: Runtime, source: string, store: Store | undefined): Precompiled {
  const key = storeKey('handlebars precompiled', JSON.stringify(COMPILE_OPTIONS), source);
  let templateSpec: Parameters<Runtime['template']>[0] | undefined;
  const kept = store?.get('template', key);
  if (kept) templateSpec = evaluateSpec(kept.toString('utf8'));
  if (templateSpec === undefined) {
    const compiler = handlebarsCompiler();
    let ast: ReturnType<Runtime['parseWithoutProcessing']>;
    try {
      // parsed once: precompile takes the tree as it takes the text (and strips its whitespace)
      ast = compiler.parseWithoutProcessing(source);
    } catch (error) {
      return { ok: false, error: error as Error };
    }
    const spec = String(compiler.precompile(ast, { ...COMPILE_OPTIONS })); // a copy: Handlebars adds to its options
    templateSpec = evaluateSpec(spec);
    store?.put('template', key, spec);
  }
  return { ok: true, template: hb.template(templateSpec) };
}

/** A precompiled template's code evaluated, as Handlebars' own compile does; throws if it is not one. */
function evaluateSpec(spec: string): Parameters<Runtime['template']>[0] {
  const value = new Function(`return ${spec}`)() as unknown;
  if (value === null || typeof value !== 'object' || typeof (value as { main?: unknown }).main !== 'function') throw new Error('not a precompiled template');
  return value as Parameters<Runtime['template']>[0];
}
