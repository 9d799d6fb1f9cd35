// Edits the benchmark makes to content between runs, so that each run has new input.

/** The CSV with its first decimal number raised by `step` tenths: a new value each run. */
export function editNumber(text, step) {
  let done = false;
  return text.replace(/(?<=,)(\d+)\.(\d)(?=\r?\n|,|$)/m, (m, int, dec) => {
    if (done) return m;
    done = true;
    return (Number(`${int}.${dec}`) + step / 10).toFixed(1);
  });
}

/** The China brief's YAML with one sentence changed: a text edit, a new one each run. */
export function editSentence(text, step) {
  return text.replace('rapidly improved', step % 2 ? `rapidly improved (${step})` : `quickly improved (${step})`);
}
