import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { handlebarsRuntime } from '../../src/template/handlebars.js';
import { precompiled } from '../../src/template/precompiled.js';
import { tempStore } from '../helpers/store.js';

const SOURCES = ['<text>{{md title}}</text>', '{{#each items}}<li>{{this}}</li>{{/each}}', '{{#if a}}{{a.b}}{{else}}none{{/if}}'];

function env() {
  const hb = handlebarsRuntime().create();
  hb.registerHelper('md', (v: unknown) => `*${String(v)}*`);
  return hb;
}

describe('precompiled templates', () => {
  it('render the same from the store as freshly compiled, one entry per source', () => {
    const { store, keys } = tempStore();
    const data = { title: 'T', items: [1, 2], a: { b: 'x' } };
    const fresh = SOURCES.map((s) => precompiled(env(), s, store));
    expect(keys('template')).toHaveLength(SOURCES.length);
    const kept = SOURCES.map((s) => precompiled(env(), s, store));
    expect(keys('template')).toHaveLength(SOURCES.length); // every source hit
    fresh.forEach((f, i) => {
      if (!f.ok || !kept[i]!.ok) throw new Error('expected templates');
      expect(kept[i]!.template(data)).toBe(f.template(data));
    });
    expect(fresh.map((f) => f.ok && f.template(data))).toEqual(['<text>*T*</text>', '<li>1</li><li>2</li>', 'x']);
  });

  it('stay strict: a missing key is an error', () => {
    const t = precompiled(env(), '{{missing}}', undefined);
    expect(t.ok && (() => t.template({}))).toThrow(/"missing" not defined/);
  });

  it("return the parser's error for a syntax error, and keep nothing", () => {
    const { store, keys } = tempStore();
    const t = precompiled(env(), '{{#if a}}open', store);
    expect(t.ok).toBe(false);
    expect(!t.ok && t.error.message).toMatch(/Parse error|Expecting/);
    expect(keys('template')).toEqual([]);
  });

  it('take a damaged entry for a miss, and write it again', () => {
    const { store, keys, file } = tempStore();
    precompiled(env(), SOURCES[0]!, store);
    const [key] = keys('template');
    const good = fs.readFileSync(file('template', key!));
    for (const damage of [Buffer.alloc(0), good.subarray(0, good.length - 5), Buffer.from(good.toString('latin1').replace('main', 'mane'), 'latin1')]) {
      fs.writeFileSync(file('template', key!), damage);
      const t = precompiled(env(), SOURCES[0]!, store);
      expect(t.ok && t.template({ title: 'T' })).toBe('<text>*T*</text>');
      expect(fs.readFileSync(file('template', key!)).equals(good)).toBe(true);
    }
  });
});
