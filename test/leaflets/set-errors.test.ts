/**
 * A leaflet set whose files are broken gets the same located errors as a brief: its
 * descriptors and CSVs go through the brief loader's dataset reader, and its files
 * through the same safety checks (size, containment, symlinks). Nothing is built.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDiagnostics } from '../errors/project.js';
import { brief, makeProject } from './project.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

const SET = 'content/topics';

/** A fresh copy of the mini set with `fault` applied, built once; its printed errors. */
async function buildWith(fault: (root: string) => void) {
  const root = makeProject('mini-set');
  made.push(root);
  fault(root);
  const r = await brief(root, ['build', '--jobs', '1']);
  expect(r.stderr, 'no internal error').not.toContain('this is a bug');
  expect(r.code, r.stderr).toBe(1);
  expect(fs.existsSync(path.join(root, 'output')) ? fs.readdirSync(path.join(root, 'output')).filter((f) => f.endsWith('.pdf')) : []).toEqual([]);
  return { root, stderr: r.stderr, errors: parseDiagnostics(r.stderr) };
}

describe('a leaflet set with broken data files', () => {
  it('points a missing CSV at the `file:` of its descriptor, as for a brief', async () => {
    const { errors } = await buildWith((root) => fs.rmSync(path.join(root, SET, 'data/topics.csv')));
    expect(errors).toContainEqual(expect.objectContaining({ file: `${SET}/data/topics.yaml`, line: 3, column: 7, rule: 'missing-data-file' }));
  });

  it('points a malformed CSV at its line and column', async () => {
    const { errors } = await buildWith((root) => {
      const csv = path.join(root, SET, 'data/counts.csv');
      fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace('alpha,2017,12', 'alpha,2017,"12'));
    });
    expect(errors).toContainEqual(expect.objectContaining({ file: `${SET}/data/counts.csv`, line: 3, column: 12, rule: 'csv-syntax' }));
  });

  it('reports a CSV that is a folder as unreadable, at the file', async () => {
    const { errors } = await buildWith((root) => {
      const csv = path.join(root, SET, 'data/counts.csv');
      fs.rmSync(csv);
      fs.mkdirSync(csv);
    });
    expect(errors).toContainEqual(expect.objectContaining({ file: `${SET}/data/counts.csv`, rule: 'unreadable' }));
  });

  it('refuses a CSV that links outside the project, without reading it', async () => {
    const { errors } = await buildWith((root) => {
      const outside = `${root}-secret.csv`;
      made.push(outside);
      // a repeated key: a planner that read the file would report it
      fs.writeFileSync(outside, 'slug,name,icon,headline,share\nsecret,Secret,atom,Secret,1\nsecret,Secret,atom,Secret,1\n');
      const csv = path.join(root, SET, 'data/topics.csv');
      fs.rmSync(csv);
      fs.symlinkSync(outside, csv);
    });
    expect(errors).toEqual([expect.objectContaining({ file: `${SET}/data/topics.csv`, line: 0, column: 0, rule: 'outside-project' })]);
  });

  it('refuses a descriptor of a joined dataset that links outside the project', async () => {
    const { errors } = await buildWith((root) => {
      const outside = `${root}-secret.yaml`;
      made.push(outside);
      const yaml = path.join(root, SET, 'data/counts.yaml');
      fs.copyFileSync(yaml, outside);
      fs.rmSync(yaml);
      fs.symlinkSync(outside, yaml);
    });
    expect(errors).toEqual([expect.objectContaining({ file: `${SET}/data/counts.yaml`, line: 0, column: 0, rule: 'outside-project' })]);
  });

  it('points a CSV cell of the wrong type at its row and column', async () => {
    const { errors } = await buildWith((root) => {
      const csv = path.join(root, SET, 'data/topics.csv');
      fs.writeFileSync(csv, fs.readFileSync(csv, 'utf8').replace('Beta grows fast,8.25', 'Beta grows fast,lots'));
    });
    expect(errors).toContainEqual(expect.objectContaining({ file: `${SET}/data/topics.csv`, line: 3, column: 32, rule: 'data-type' }));
  });
});

describe('a leaflet set whose own file is unsafe', () => {
  it('refuses a leaflets.yaml that links outside the project', async () => {
    const { errors } = await buildWith((root) => {
      const outside = `${root}-secret-leaflets.yaml`;
      made.push(outside);
      const file = path.join(root, SET, 'leaflets.yaml');
      // a table that does not exist: a planner that read the file would report it
      fs.writeFileSync(outside, fs.readFileSync(file, 'utf8').replace('rows: topics', 'rows: nosuch'));
      fs.rmSync(file);
      fs.symlinkSync(outside, file);
    });
    expect(errors).toEqual([expect.objectContaining({ file: `${SET}/leaflets.yaml`, line: 0, column: 0, rule: 'outside-project' })]);
  });

  it('refuses a leaflets.yaml too large to parse, at the file', async () => {
    const { errors } = await buildWith((root) => fs.appendFileSync(path.join(root, SET, 'leaflets.yaml'), `# ${'x'.repeat(3 * 1024 * 1024)}\n`));
    expect(errors).toContainEqual(expect.objectContaining({ file: `${SET}/leaflets.yaml`, rule: 'file-too-large' }));
  });

  it('refuses a theme name that would leave templates/, at its line', async () => {
    const { errors } = await buildWith((root) => {
      const file = path.join(root, SET, 'leaflets.yaml');
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('theme: eu', 'theme: ../../etc'));
    });
    expect(errors).toContainEqual(expect.objectContaining({ file: `${SET}/leaflets.yaml`, line: 9, column: 8 }));
  });
});
