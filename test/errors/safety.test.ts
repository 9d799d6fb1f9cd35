import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { writeFileAtomic } from '../../src/write/atomic.js';
import { loadTemplate } from '../../src/template/engine.js';
import { isUserError } from '../../src/diagnostics/diagnostic.js';
import { listTree, makeProject, runCli } from './project.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
const temp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-safety-'));
  made.push(dir);
  return dir;
};

describe('brief check', () => {
  test('validates everything and writes nothing', async () => {
    const root = makeProject();
    made.push(root);
    const before = listTree(root);
    const result = await runCli(['check'], root);
    expect(result.code, result.stderr).toBe(0);
    expect(fs.existsSync(path.join(root, 'output'))).toBe(false);
    expect(listTree(root)).toEqual(before);
  });
});

describe('atomic writes', () => {
  test('a write replaces the file whole and leaves no temporary file', () => {
    const dir = temp();
    const file = path.join(dir, 'out', 'a.pdf');
    writeFileAtomic(file, Buffer.from('old'));
    writeFileAtomic(file, Buffer.from('new'));
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['a.pdf']);
  });

  test('a failed write keeps the previous file and cleans up', () => {
    const dir = temp();
    const file = path.join(dir, 'a.pdf');
    fs.mkdirSync(file); // the rename onto a folder fails
    fs.writeFileSync(path.join(file, 'keep'), 'x');
    expect(() => writeFileAtomic(file, Buffer.from('new'))).toThrow();
    expect(fs.readdirSync(dir)).toEqual(['a.pdf']);
    expect(fs.readFileSync(path.join(file, 'keep'), 'utf8')).toBe('x');
  });
});

describe('templates', () => {
  const project = (layout: string) => {
    const root = temp();
    fs.mkdirSync(path.join(root, 'templates', 't', 'partials'), { recursive: true });
    fs.writeFileSync(path.join(root, 'templates', 't', 'layout.hbs'), layout);
    return root;
  };

  test('cannot reach prototypes of the content', () => {
    const root = project('[{{title.constructor.name}}][{{lookup this "__proto__"}}][{{#with constructor}}{{name}}{{/with}}]');
    const engine = loadTemplate(root, 't');
    let out: string | undefined;
    try {
      out = engine.render({ title: 'x' }, () => undefined);
    } catch (error) {
      // strict mode may refuse the lookup outright: as good
      expect(isUserError(error)).toBe(true);
    }
    if (out !== undefined) {
      expect(out).not.toContain('Function');
      expect(out).not.toContain('Object');
      expect(out).not.toContain('String');
    }
  });

  test('content is escaped: it cannot break the layout markup', () => {
    const root = project('<text>{{title}}</text>');
    // (the comment before the element says where the template wrote it)
    expect(loadTemplate(root, 't').render({ title: '</text><page>' }, () => undefined)).toBe('<!--@templates/t/layout.hbs:1:1--><text>&lt;/text&gt;&lt;page&gt;</text>');
  });

  test('content cannot pass for a template place either', () => {
    const root = project('<text>{{title}}</text>');
    const out = loadTemplate(root, 't').render({ title: '<!--@templates/t/other.hbs:9:9--><box/>' }, () => undefined);
    expect(out).not.toContain('other.hbs:9:9-->');
  });

  test('partials come only from the template\'s own folder', () => {
    const root = project('{{> ../../secret}}');
    fs.writeFileSync(path.join(root, 'secret.hbs'), 'SECRET');
    expect(() => loadTemplate(root, 't').render({}, () => undefined)).toThrow(/partial/i);
  });
});

describe('theme files', () => {
  test('a theme that leads outside the project is refused, at the brief that names it', async () => {
    const root = makeProject();
    made.push(root);
    const outside = path.join(temp(), 'eu.yaml');
    fs.copyFileSync(path.join(root, 'templates/themes/eu.yaml'), outside);
    fs.rmSync(path.join(root, 'templates/themes/eu.yaml'));
    fs.symlinkSync(outside, path.join(root, 'templates/themes/eu.yaml'));
    const result = await runCli(['build'], root);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/content\/mini\/brief\.yaml\n\s+3:8\s+error\s+theme `eu`: the file leads outside the project .*\(outside-project\)/);
    expect(fs.existsSync(path.join(root, 'output/mini.pdf'))).toBe(false);
  });
});
