/**
 * Fuzzing: valid briefs, mutated — keys deleted or renamed, values of another type, files
 * truncated, garbage in CSV cells, template and spec text — must either build or fail
 * with located errors. Never an internal error, an uncaught exception, a hang, or a
 * half-written file.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import YAML from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';
import { BRIEF, listTree, makeProject, parseDiagnostics, PDF, runCli } from '../errors/project.js';

const FILES = {
  brief: `${BRIEF}/brief.yaml`,
  descriptor: `${BRIEF}/data/sales.yaml`,
  inline: `${BRIEF}/data/targets.yaml`,
  csv: `${BRIEF}/data/sales.csv`,
  spec: `${BRIEF}/charts/sales.vl.json`,
  partial: 'templates/factsheet/partials/stats.hbs',
  theme: 'templates/themes/eu.yaml',
} as const;
type FileKey = keyof typeof FILES;

/** A value of some other type, or a hostile one. */
const strangeValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', '__proto__', 'constructor', '{{title}}', '</text><page>', '../../etc/passwd', 'https://example.org/x', '9'.repeat(40)),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ __proto__: null, polluted: true }),
);

/** Mutations of a parsed document, each aimed at the `pick`-th of its paths. */
const treeMutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), pick: fc.nat(), name: fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'prototype')) }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), value: strangeValue }),
);

/** Mutations of a file's text. */
const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('"', ',', '\n', '{{', '}}', '{{#if x}}', ':', '- ', '\t', '&a', '*a', '[', '\u0000', '\ufeff')) }),
  fc.record({ kind: fc.constant('drop-line' as const), pick: fc.nat() }),
);

/** Garbage in one CSV cell. */
const cellMutation = fc.record({ kind: fc.constant('cell' as const), pick: fc.nat(), text: fc.oneof(fc.string({ maxLength: 10 }), fc.constantFrom('"', '""', 'a,b', '"a\nb"', 'NaN', 'Infinity', '1e400', '-', ' ', '__proto__')) });

const faultArb = fc.oneof(
  fc.record({ file: fc.constantFrom<FileKey>('brief', 'descriptor', 'inline', 'spec', 'theme'), mutation: fc.oneof(treeMutation, textMutation) }),
  fc.record({ file: fc.constantFrom<FileKey>('csv', 'partial'), mutation: textMutation }),
  fc.record({ file: fc.constant<FileKey>('csv'), mutation: cellMutation }),
);
type Fault = typeof faultArb extends fc.Arbitrary<infer T> ? T : never;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

describe('mutated briefs', () => {
  test('build or fail with located errors, never crash, hang or half-write', async () => {
    const root = makeProject('brief-fuzz-');
    made.push(root);
    const pristine = new Map(Object.values(FILES).map((f) => [f, fs.readFileSync(path.join(root, f), 'utf8')]));
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(faultArb, { minLength: 1, maxLength: 3 }), fc.boolean(), async (faults, build) => {
        // reset the project, then apply one to three faults
        for (const [f, text] of pristine) fs.writeFileSync(path.join(root, f), text);
        fs.rmSync(path.join(root, 'output'), { recursive: true, force: true });
        for (const fault of faults) {
          const file = path.join(root, FILES[fault.file]);
          const format = file.endsWith('.json') ? 'json' : file.endsWith('.yaml') ? 'yaml' : 'text';
          fs.writeFileSync(file, applyFault(fault, fs.readFileSync(file, 'utf8'), format));
        }

        const result = await withTimeout(runCli([build ? 'build' : 'check'], root), 30_000);
        runs++;
        if (process.env.BRIEF_FUZZ_DUMP) fs.appendFileSync(process.env.BRIEF_FUZZ_DUMP, `${result.code} ${faults.map((f) => `${f.file}:${f.mutation.kind}`).join(' ')} ${parseDiagnostics(result.stderr).map((d) => d.rule).join(',')}\n`);
        expect(result.stderr).not.toContain('this is a bug');
        expect([0, 1]).toContain(result.code);
        if (result.code === 1) {
          const printed = parseDiagnostics(result.stderr);
          expect(printed.length, result.stderr).toBeGreaterThan(0);
          for (const d of printed) {
            expect(d.file).not.toBe('');
            expect(d.line).toBeGreaterThanOrEqual(0);
            expect(d.column).toBeGreaterThanOrEqual(0);
          }
        }
        // nothing half-written: a whole PDF or none, and no temporary files
        const written = listTree(path.join(root, 'output')).filter((f) => f !== '.brief-manifest.json');
        if (build && result.code === 0) {
          expect(written).toEqual(['mini.pdf']);
          const pdf = fs.readFileSync(path.join(root, PDF));
          expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
          expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
        } else {
          expect(written).toEqual([]);
        }
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: Number(process.env.BRIEF_FUZZ_RUNS ?? 60), ...(process.env.BRIEF_FUZZ_SEED ? { seed: Number(process.env.BRIEF_FUZZ_SEED) } : {}) },
    );
    expect(runs).toBeGreaterThan(0);
  }, 240_000);
});

function applyFault(fault: Fault, text: string, format: 'yaml' | 'json' | 'text'): string {
  const m = fault.mutation;
  switch (m.kind) {
    case 'truncate':
      return text.slice(0, Math.floor(text.length * m.at));
    case 'insert': {
      const at = Math.floor(text.length * m.at);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'drop-line': {
      const lines = text.split('\n');
      lines.splice(m.pick % lines.length, 1);
      return lines.join('\n');
    }
    case 'cell': {
      const rows = text.trimEnd().split('\n').map((r) => r.split(','));
      const cells = rows.flatMap((r, i) => r.map((_, j) => [i, j] as const));
      const [i, j] = cells[m.pick % cells.length]!;
      rows[i]![j] = m.text;
      return rows.map((r) => r.join(',')).join('\n') + '\n';
    }
    default: {
      let doc: unknown;
      try {
        doc = format === 'json' ? JSON.parse(text) : YAML.parse(text);
      } catch {
        return text.slice(0, Math.floor(text.length / 2)); // an earlier fault broke it: break it more
      }
      const paths = allPaths(doc);
      if (paths.length === 0) return text;
      const target = paths[m.pick % paths.length]!;
      const parent = target.slice(0, -1).reduce<any>((v, k) => v[k], doc);
      const key = target[target.length - 1]!;
      if (m.kind === 'delete') {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      } else if (m.kind === 'retype') {
        parent[key] = m.value;
      } else if (!Array.isArray(parent)) {
        const value = parent[key];
        delete parent[key];
        Object.defineProperty(parent, m.name, { value, enumerable: true, configurable: true, writable: true });
      }
      return format === 'json' ? JSON.stringify(doc, null, 2) : YAML.stringify(doc);
    }
  }
}

function allPaths(v: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return [];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return entries.flatMap(([k, x]) => [[...at, k], ...allPaths(x, [...at, k])]);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: a hang`)), ms);
    }),
  ]);
}
