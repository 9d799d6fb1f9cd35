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
