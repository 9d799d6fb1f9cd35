/**
 * What the two replays of printing (svg-replay.ts for charts, line-replay.ts for lines of
 * text) share: reading pdfkit's text-showing operators, joining runs of operators, and
 * opacities written down as JSON can hold them.
 */

/**
 * An opacity as passed to pdfkit, which tells `undefined` from `null` in the key of its
 * opacity states (JSON has no `undefined`: kept as the string "undefined").
 */
export type Opacity = number | null | 'undefined';

export function opacity(value: unknown): Opacity {
  return value === undefined ? 'undefined' : (value as number | null);
}

export function fromOpacity(value: Opacity): number | null | undefined {
  return value === 'undefined' ? undefined : value;
}

/**
 * Steps with each run of content operators as one: pdfkit ends every operator with a line
 * break, so writing them joined by line breaks writes the same bytes, as one flat string
 * instead of thousands (a map is some ten thousand operators).
 */
export function joinContent<S extends { t: string }>(steps: readonly S[]): S[] {
  const joined: S[] = [];
  let run: string[] = [];
  const flush = () => {
    if (run.length > 0) joined.push({ t: 'content', data: run.join('\n') } as unknown as S);
    run = [];
  };
  for (const step of steps) {
    if (step.t === 'content') {
      run.push((step as unknown as { data: string }).data);
      continue;
    }
    flush();
    joined.push(step);
  }
  flush();
  return joined;
}

/**
 * A text-showing operator as pdfkit writes it (`[<hex> kern <hex> …] TJ`, each glyph four
 * hex digits of its number in the font's subset), as literal parts between runs of glyph
 * ids: the font's own ids, which a replay maps to another document's subset. Undefined
 * when `operator` is not one, or names a glyph the subset does not have.
 */
export function glyphRuns(operator: string, subsetGlyphs: readonly number[]): (string | number[])[] | undefined {
  if (!/^\[.*\] TJ$/.test(operator)) return undefined;
  const parts: (string | number[])[] = [];
  let last = 0;
  for (const m of operator.matchAll(/<([0-9a-f]*)>/g)) {
    parts.push(operator.slice(last, m.index + 1));
    const hex = m[1]!;
    const ids: number[] = [];
    for (let i = 0; i < hex.length; i += 4) {
      const id = subsetGlyphs[parseInt(hex.slice(i, i + 4), 16)];
      if (id === undefined) return undefined;
      ids.push(id);
    }
    parts.push(ids);
    last = m.index + 1 + hex.length;
  }
  parts.push(operator.slice(last));
  return parts;
}
