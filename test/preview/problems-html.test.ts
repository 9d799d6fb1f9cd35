import { describe, expect, it } from 'vitest';
import { diagnostic } from '../../src/diagnostics/diagnostic.js';
import { formatDiagnostics } from '../../src/diagnostics/format.js';
import { problemsHtml } from '../../src/preview/problems-html.js';

/** What a browser shows of the markup: its text, tags dropped and entities read. */
function textOf(html: string): string {
  return html.replace(/<[^>]+>/g, '').replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
}

describe('problems on the preview page', () => {
  const source = 'title: <b>China</b> & "more"\ntitel: x\n';
  const diagnostics = [
    diagnostic({ file: 'content/c/brief.yaml', line: 2, column: 1 }, 'unknown-key', 'unknown key `titel` <here>', { hint: 'did you mean `title`?', source }),
    diagnostic({ file: 'content/c/brief.yaml', line: 1, column: 8 }, 'bad-thing', 'a <script>alert(1)</script> message', { source }),
    diagnostic({ file: 'content/c/data/d.csv', line: 0, column: 0 }, 'file-rule', 'the file as a whole'),
  ];

  it('reads as the command line prints it, every character escaped', () => {
    const html = problemsHtml(diagnostics, []);
    expect(textOf(html)).toBe(formatDiagnostics(diagnostics).replace(/\n$/, ''));
    expect(html).not.toMatch(/<(?!\/?span)/); // no tag but its own spans
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
  });

  it('marks each part of a line for the page to colour', () => {
    const html = problemsHtml(diagnostics, []);
    expect(html).toContain('<span class="file">content/c/brief.yaml</span>');
    expect(html).toContain('  <span class="place">1:8</span>  <span class="severity">error</span>  a &#60;script&#62;alert(1)&#60;/script&#62; message<span class="rule"> (bad-thing)</span>');
    expect(html).toContain('<span class="gutter">     | </span><span class="excerpt">title: &#60;b&#62;China&#60;/b&#62; &#38; &#34;more&#34;</span>');
    expect(html).toContain('<span class="gutter">     | </span><span class="caret">       ^</span>');
    expect(html).toContain('<span class="hint">     hint: did you mean `title`?</span>');
    expect(html).toContain('<span class="summary">3 errors in 2 files</span>');
  });

  it('adds internal errors after, as printed, escaped', () => {
    const html = problemsHtml([], ['x.pdf: internal error (this is a bug):\nError: <boom>\n    at f (a.js:1:1)\n']);
    expect(html).toBe('brief: x.pdf: internal error (this is a bug):\nError: &#60;boom&#62;\n    at f (a.js:1:1)');
  });
});
