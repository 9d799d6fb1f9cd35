import { describe, expect, it } from 'vitest';
import { documentsOf } from '../../src/cli/preview.js';
import type { TargetReport } from '../../src/pipeline/batch.js';

const report = (output: string, extra: { leaflet?: string; language?: string } = {}): TargetReport => ({ target: { output, dir: '/p/content/x', source: 'content/x', ...extra }, status: 'unchanged' });

describe('the documents a preview offers', () => {
  it('a brief and its translations: its own edition first, the others by language', () => {
    const docs = documentsOf({ reports: [report('china.de.pdf', { language: 'de' }), report('china.fr.pdf', { language: 'fr' }), report('china.pdf')] }, '/nowhere');
    expect(docs.map((d) => [d.key, d.output])).toEqual([['', 'china.pdf'], ['de', 'china.de.pdf'], ['fr', 'china.fr.pdf']]);
  });

  it('a leaflet set: each leaflet by its key, in plan order', () => {
    const docs = documentsOf({ reports: [report('a.pdf', { leaflet: 'a' }), report('b.pdf', { leaflet: 'b' })] }, '/nowhere');
    expect(docs.map((d) => d.key)).toEqual(['a', 'b']);
  });
});
