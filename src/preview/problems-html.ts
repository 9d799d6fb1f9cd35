import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { formatDiagnostics } from '../diagnostics/format.js';

/**
 * A build's problems for the preview page: the CLI's text, character for character (its
 * text content is what `brief build` prints), escaped, with each part of a line in a span
 * the page's style colours: file, location, severity, rule, excerpt, caret, hint.
 */
export function problemsHtml(diagnostics: Diagnostic[], internal: string[]): string {
  const parts = diagnostics.length > 0 ? [formatDiagnostics(diagnostics).replace(/\n$/, '').split('\n').map(markLine).join('\n')] : [];
  for (const text of internal) parts.push(escapeHtml(`brief: ${text}`.replace(/\n$/, '')));
  return parts.join('\n\n');
}

function markLine(line: string): string {
  const error = /^( {2})(\d+:\d+)( {2})(error)( {2})(.*?)( \([a-z0-9-]+\))?$/.exec(line);
  if (error) {
    const [, indent, place, gap1, severity, gap2, message, rule] = error;
    return `${indent}${span('place', place!)}${gap1}${span('severity', severity!)}${gap2}${escapeHtml(message!)}${rule ? span('rule', rule) : ''}`;
  }
  const excerpt = /^( {5}\| )(.*)$/.exec(line);
  if (excerpt) return `${span('gutter', excerpt[1]!)}${span(/^ *\^$/.test(excerpt[2]!) ? 'caret' : 'excerpt', excerpt[2]!)}`;
  if (/^ {5}hint: /.test(line)) return span('hint', line);
  if (/^\d+ errors? in \d+ files?$/.test(line)) return span('summary', line);
  if (line.length > 0 && !line.startsWith(' ')) return span('file', line);
  return escapeHtml(line);
}

function span(kind: string, text: string): string {
  return `<span class="${kind}">${escapeHtml(text)}</span>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
