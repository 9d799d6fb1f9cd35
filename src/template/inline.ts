/**
 * The small inline language of content strings: `**bold**`, `*italic*` and
 * `[text](https://…)`. Everything else is escaped, so content can never open or close a
 * layout element.
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function inlineToMarkup(text: string): string {
  let out = '';
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;
  let last = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out += escapeMarkup(text.slice(last, m.index));
    if (m[1] !== undefined) out += `<b>${escapeMarkup(m[1])}</b>`;
    else if (m[2] !== undefined) out += `<i>${escapeMarkup(m[2])}</i>`;
    else out += `<a href="${escapeMarkup(m[4]!)}">${escapeMarkup(m[3]!)}</a>`;
    last = m.index + m[0].length;
  }
  return out + escapeMarkup(text.slice(last));
}

/** The words of a content string without its inline formatting: for attributes and alternative text. */
export function inlineToPlain(text: string): string {
  return text.replace(/\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, bold?: string, italic?: string, link?: string) => bold ?? italic ?? link ?? '');
}
