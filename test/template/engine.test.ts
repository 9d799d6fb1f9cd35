import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { loadTemplate } from '../../src/template/engine.js';

const root = path.resolve(import.meta.dirname, '..', 'fixtures', 'mini');

describe('loadTemplate', () => {
  it('renders each block with the partial named by its type, escaping content', () => {
    const t = loadTemplate(root, 'mini');
    const out = t.render({ pages: [{ blocks: [{ type: 'note', text: 'a <b> & **c**' }] }] }, () => undefined);
    expect(out).toContain('<text style="body">a &lt;b&gt; &amp; <b>c</b></text>');
    expect(out).toContain('<block page="0" index="0" type="note">');
    expect([...t.files.keys()].sort()).toEqual(['templates/mini/layout.hbs', 'templates/mini/partials/note.hbs', 'templates/mini/partials/titled.hbs']);
  });

  it('names the partial, its line and the content path of a missing field', () => {
    const t = loadTemplate(root, 'mini');
    try {
      t.render({ pages: [{ blocks: [{ type: 'titled' }] }] }, (p) => ({ file: 'content/x/brief.yaml', line: 7, column: 9, rule: 'x', message: JSON.stringify(p) }));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      const [d, at] = (error as UserError).diagnostics;
      expect(d).toMatchObject({ file: 'templates/mini/partials/titled.hbs', line: 1, rule: 'template-missing-field' });
      expect(d!.message).toContain('template needs `title`, which pages[0].blocks[0] does not have');
      expect(at).toMatchObject({ file: 'content/x/brief.yaml', line: 7, column: 9 });
    }
  });

  it('suggests the nearest partial for an unknown block type', () => {
    const t = loadTemplate(root, 'mini');
    expect(() => t.render({ pages: [{ blocks: [{ type: 'notes' }] }] }, () => undefined)).toThrow(UserError);
    try {
      t.render({ pages: [{ blocks: [{ type: 'notes' }] }] }, () => undefined);
    } catch (error) {
      expect((error as UserError).diagnostics[0]!.hint).toBe('did you mean `note`?');
    }
  });

  it('reports an unknown template with the ones that exist', () => {
    try {
      loadTemplate(root, 'maxi');
      expect.unreachable();
    } catch (error) {
      expect((error as UserError).diagnostics[0]).toMatchObject({ rule: 'unknown-template', hint: 'templates are: mini' });
    }
  });
});
