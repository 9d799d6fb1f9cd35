import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';
import { diagnostic, UserError, type Diagnostic, type SourcePlace } from '../diagnostics/diagnostic.js';

/** Limits that keep hostile YAML from exhausting memory or the stack. */
export const YAML_LIMITS = {
  maxBytes: 2 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 64,
};

export type Path = ReadonlyArray<string | number>;

/** A parsed YAML file that can still say where each value came from. */
export interface LoadedYaml {
  file: string;
  source: string;
  value: unknown;
  /** Where the value at `path` starts; falls back to the nearest ancestor that exists. */
  locate(path: Path, which?: 'key' | 'value'): SourcePlace;
  /** A diagnostic at `path` with an excerpt of its line. */
  diagnose(path: Path, rule: string, message: string, hint?: string, which?: 'key' | 'value'): Diagnostic;
}

/**
 * Parse YAML keeping source positions. Syntax errors, oversize input, alias bombs and
 * runaway nesting all become located `UserError`s; the error lists every syntax problem.
 */
export function parseYaml(file: string, source: string): LoadedYaml {
  if (source.length > YAML_LIMITS.maxBytes) {
    throw new UserError(
      diagnostic({ file, line: 0, column: 0 }, 'file-too-large', `file is ${source.length} bytes; at most ${YAML_LIMITS.maxBytes} are read`),
    );
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const placeAt = (offset: number): SourcePlace => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new UserError(
      doc.errors.map((e) =>
        diagnostic(placeAt(e.pos[0]), 'yaml-syntax', `YAML syntax: ${firstLine(e.message)}`, { source }),
      ),
    );
  }
  checkDepth(doc, file, placeAt, source);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (error) {
    throw new UserError(
      diagnostic({ file, line: 1, column: 1 }, 'yaml-aliases', `YAML aliases expand too far (${firstLine(String((error as Error).message))})`, {
        hint: 'write the repeated content out instead of using aliases',
        cause: error,
      }),
    );
  }
  const locate = (path: Path, which: 'key' | 'value' = 'value'): SourcePlace => {
    const offset = offsetOf(doc, path, which);
    return offset === undefined ? { file, line: 1, column: 1 } : placeAt(offset);
  };
  return {
    file,
    source,
    value,
    locate,
    diagnose: (path, rule, message, hint, which) =>
      diagnostic(locate(path, which), rule, message, { source, ...(hint ? { hint } : {}) }),
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

function offsetOf(doc: Document, path: Path, which: 'key' | 'value'): number | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = (node as Node | null)?.range?.[0];
  for (let i = 0; i < path.length; i++) {
    const step = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(step));
      if (!pair) return best;
      const keyNode = pair.key as Node;
      if (last && which === 'key') return keyNode.range?.[0] ?? best;
      node = pair.value ?? keyNode;
      best = (node as Node).range?.[0] ?? keyNode.range?.[0] ?? best;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step];
      if (!item) return best;
      node = item;
      best = (item as Node).range?.[0] ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function checkDepth(doc: Document, file: string, placeAt: (offset: number) => SourcePlace, source: string): void {
  const stack: Array<[unknown, number]> = [[doc.contents, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > YAML_LIMITS.maxDepth) {
      const offset = (node as Node).range?.[0] ?? 0;
      throw new UserError(
        diagnostic(placeAt(offset), 'yaml-too-deep', `YAML nests deeper than ${YAML_LIMITS.maxDepth} levels`, { source }),
      );
    }
    if (isMap(node)) for (const p of node.items) stack.push([p.value, depth + 1]);
    else if (isSeq(node)) for (const item of node.items) stack.push([item, depth + 1]);
  }
}
