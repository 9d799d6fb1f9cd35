import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlebarsRuntime, precompiled } from '../../src/template/precompiled.js';

const SOURCES = ['<text>{{md title}}</text>', '{{#each items}}<li>{{this}}</li>{{/each}}', '{{#if a}}{{a.b}}{{else}}none{{/if}}'];

function env() {
  const hb = handlebarsRuntime().create();
  hb.registerHelper('md', (v: unknown) => `*${String(v)}*`);
  return hb;
}

describe('precompiled templates', () => {
  it('render the same from the cache as freshly compiled, one file per source', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-hbs-'));
    const data = { title: 'T', items: [1, 2], a: { b: 'x' } };
    const fresh = SOURCES.map((s) => precompiled(env(), s, dir));
    expect(fs.readdirSync(path.join(dir, 'templates'))).toHaveLength(SOURCES.length);
    const cached = SOURCES.map((s) => precompiled(env(), s, dir));
    expect(fs.readdirSync(path.join(dir, 'templates'))).toHaveLength(SOURCES.length); // every source hit
    fresh.forEach((f, i) => {
      if (!f.ok || !cached[i]!.ok) throw new Error('expected templates');
      expect(cached[i]!.template(data)).toBe(f.template(data));
    });
    expect(fresh.map((f) => f.ok && f.template(data))).toEqual(['<text>*T*</text>', '<li>1</li><li>2</li>', 'x']);
  });

  it('stay strict: a missing key is an error', () => {
    const t = precompiled(env(), '{{missing}}', undefined);
    expect(t.ok && (() => t.template({}))).toThrow(/"missing" not defined/);
  });

  it('return the parser\'s error for a syntax error, and cache nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-hbs-'));
    const t = precompiled(env(), '{{#if a}}open', dir);
    expect(t.ok).toBe(false);
    expect(!t.ok && t.error.message).toMatch(/Parse error|Expecting/);
    expect(fs.existsSync(path.join(dir, 'templates'))).toBe(false);
  });

  it('take a damaged cache entry for a miss, and write it again', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-hbs-'));
    precompiled(env(), SOURCES[0]!, dir);
    const [entry] = fs.readdirSync(path.join(dir, 'templates'));
    for (const damage of ['', '{', 'null', '{"main": 1}']) {
      fs.writeFileSync(path.join(dir, 'templates', entry!), damage);
      const t = precompiled(env(), SOURCES[0]!, dir);
      expect(t.ok && t.template({ title: 'T' })).toBe('<text>*T*</text>');
      expect(fs.readFileSync(path.join(dir, 'templates', entry!), 'utf8')).toMatch(/"main":function/);
    }
  });
});
