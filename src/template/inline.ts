/**
 * The small inline language of content strings: `**bold**`, `*italic*`,
 * `[text](https://…)` and `[^key]`, a reference to the brief's note `key`. Everything else
 * is escaped, so content can never open or close a layout element.
 */

/** A note reference in content text: `[^key]`. */
export const NOTE_REFERENCE = /\[\^([A-Za-z0-9_-]+)\]/g;

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function inlineToMarkup(text: string): string {
  let out = '';
  const pattern = /\*\*(.+?)\*\*|\*(.+?)\*|\[\^([A-Za-z0-9_-]+)\]|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;
  let last = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out += escapeMarkup(text.slice(last, m.index));
    if (m[3] !== undefined) out += `<ref note="${m[3]}"/>`;
    else if (m[1] !== undefined) out += `<b>${escapeMarkup(m[1])}</b>`;
    else if (m[2] !== undefined) out += `<i>${escapeMarkup(m[2])}</i>`;
    else out += `<a href="${escapeMarkup(m[5]!)}">${escapeMarkup(m[4]!)}</a>`;
    last = m.index + m[0].length;
  }
  return out + escapeMarkup(text.slice(last));
}

/** The words of a content string without its inline formatting: for attributes and alternative text. */
export function inlineToPlain(text: string): string {
  return text.replace(NOTE_REFERENCE, '').replace(/\*\*(.+?)\*\*|\*(.+?)\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g, (_m, bold?: string, italic?: string, link?: string) => bold ?? italic ?? link ?? '');
}
