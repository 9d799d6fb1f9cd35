import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import { writeFileAtomic } from '../write/atomic.js';

const require = createRequire(import.meta.url);

/** What templates are compiled with; part of the cache key. */
export const COMPILE_OPTIONS = Object.freeze({ strict: true, knownHelpersOnly: false });

type Runtime = typeof Handlebars;

/** A template's source with its compiled form, or the syntax error the parser raised. */
export type Precompiled = { ok: true; template: Handlebars.TemplateDelegate } | { ok: false; error: Error };

let version: string | undefined;
let compiler: Runtime | undefined;

/**
 * Handlebars' runtime, without its compiler: what a build needs when every template is
 * precompiled (a tenth of the full package's load time).
 */
export function handlebarsRuntime(): Runtime {
  return (require('handlebars/runtime') as { default: Runtime }).default;
}

/**
 * A template compiled for `hb` (a runtime environment). Handlebars' precompiled form of a
 * source is kept in `cacheDir` under the hash of the source, the options and Handlebars'
 * version, so a later process neither loads the compiler nor compiles; a source that was
 * precompiled once is known to parse. Without a cache folder (or on a miss) the compiler
 * is loaded, the source parsed (syntax errors are returned for the caller to place) and
 * precompiled.
 */
export function precompiled(hb: Runtime, source: string, cacheDir: string | undefined): Precompiled {
  version ??= hb.VERSION;
  const key = createHash('sha256').update(`handlebars@${version}:${JSON.stringify(COMPILE_OPTIONS)}:`).update(source).digest('hex').slice(0, 32);
  const file = cacheDir ? path.join(cacheDir, 'templates', `${key}.js`) : undefined;
  let templateSpec: Parameters<Runtime['template']>[0] | undefined;
  try {
    if (file) templateSpec = evaluateSpec(fs.readFileSync(file, 'utf8'));
  } catch {
    templateSpec = undefined; // absent or damaged: precompile again
  }
  if (templateSpec === undefined) {
    compiler ??= require('handlebars') as Runtime;
    try {
      compiler.parse(source);
    } catch (error) {
      return { ok: false, error: error as Error };
    }
    const spec = String(compiler.precompile(source, { ...COMPILE_OPTIONS })); // a copy: Handlebars adds to its options
    templateSpec = evaluateSpec(spec);
    try {
      if (file) writeFileAtomic(file, spec, { durable: false });
    } catch {
      // a read-only cache: precompiled again next time
    }
  }
  return { ok: true, template: hb.template(templateSpec) };
}

/** A precompiled template's code evaluated, as Handlebars' own compile does; throws if it is not one. */
function evaluateSpec(spec: string): Parameters<Runtime['template']>[0] {
  const value = new Function(`return ${spec}`)() as unknown;
  if (value === null || typeof value !== 'object' || typeof (value as { main?: unknown }).main !== 'function') throw new Error('not a precompiled template');
  return value as Parameters<Runtime['template']>[0];
}
