/**
 * The small inline language of content strings: `**bold**`, `*italic*`,
 * `[text](https://…)`, `[text]{lang=zh}` (a run in another language, for readers that
 * speak the text aloud) and `[^key]`, a reference to the brief's note `key`. Everything
 * else is escaped, so content can never open or close a layout element.
 */
const INLINE = /\*\*(.+?)\*\*|\*(.+?)\*|\[\^([A-Za-z0-9_-]+)\]|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)|\[([^\]]+)\]\{lang=([A-Za-z0-9-]+)\}/g;

/** A note reference in content text: `[^key]`. */
export const NOTE_REFERENCE = /\[\^([A-Za-z0-9_-]+)\]/g;

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function inlineToMarkup(text: string): string {
  let out = '';
  const pattern = new RegExp(INLINE);
  let last = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    out += escapeMarkup(text.slice(last, m.index));
    if (m[3] !== undefined) out += `<ref note="${m[3]}"/>`;
    else if (m[1] !== undefined) out += `<b>${escapeMarkup(m[1])}</b>`;
    else if (m[2] !== undefined) out += `<i>${escapeMarkup(m[2])}</i>`;
    else if (m[4] !== undefined) out += `<a href="${escapeMarkup(m[5]!)}">${escapeMarkup(m[4])}</a>`;
    else out += `<span lang="${escapeMarkup(m[7]!)}">${escapeMarkup(m[6]!)}</span>`;
    last = m.index + m[0].length;
  }
  return out + escapeMarkup(text.slice(last));
}

/** The words of a content string without its inline formatting: for attributes and alternative text. */
export function inlineToPlain(text: string): string {
  return text.replace(NOTE_REFERENCE, '').replace(INLINE, (_m, bold?: string, italic?: string, _note?: string, link?: string, _url?: string, other?: string) => bold ?? italic ?? link ?? other ?? '');
}
