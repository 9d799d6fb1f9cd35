import { describe, expect, test } from 'vitest';
import { SCHEMAS } from '../../src/validate/schemas.js';

/**
 * Every field of every schema users write against says what it is for: editors show the
 * description on hover and in completion. `if` clauses are conditions, not fields.
 */
function undescribed(schema: unknown, at: string): string[] {
  if (Array.isArray(schema)) return schema.flatMap((s, i) => undescribed(s, `${at}[${i}]`));
  if (schema === null || typeof schema !== 'object') return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(schema)) {
    if (key === 'if') continue;
    if (key === 'properties' && child !== null && typeof child === 'object') {
      for (const [name, field] of Object.entries(child)) {
        const description = (field as { description?: unknown }).description;
        if (typeof description !== 'string' || description.trim() === '') out.push(`${at}.properties.${name}`);
      }
    }
    out.push(...undescribed(child, `${at}.${key}`));
  }
  return out;
}

describe('schema descriptions', () => {
  for (const [kind, schema] of Object.entries(SCHEMAS)) {
    test(`every field of the ${kind} schema has a description`, () => {
      expect(undescribed(schema, kind)).toEqual([]);
    });
  }

  test('the walk finds a field without one', () => {
    expect(undescribed({ properties: { a: { type: 'string', description: 'A.' }, b: { properties: { c: { type: 'number' } }, description: 'B.' } } }, 'x')).toEqual(['x.properties.b.properties.c']);
  });
});
