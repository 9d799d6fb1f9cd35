import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, type Manifest } from '../../src/manifest/manifest.js';
import { brief, makeProject, snapshot } from './project.js';

const NAMES = ['leaflet-alpha.pdf', 'leaflet-beta.pdf', 'leaflet-delta.pdf', 'leaflet-gamma.pdf'];

describe('a leaflet set with incremental builds', () => {
  let project: string;
  let out: string;
  const csv = () => path.join(project, 'content/topics/data/topics.csv');

  beforeAll(async () => {
    project = makeProject('mini-set');
    out = path.join(project, 'output');
  }, 60_000);
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('builds one PDF per row, named from the key column, and records them in the manifest', async () => {
    const r = await brief(project, ['build', '--jobs', '1']);
    expect(r.stderr).toContain('4 PDFs: 4 built, 0 unchanged, 0 failed');
    expect(r.code).toBe(0);
    expect([...snapshot(out).keys()]).toEqual(NAMES);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, MANIFEST_FILE), 'utf8')) as Manifest;
    expect(Object.keys(manifest.outputs)).toEqual(NAMES);
    const beta = manifest.outputs['leaflet-beta.pdf']!;
    expect(beta).toMatchObject({ source: 'content/topics', leaflet: 'beta', pages: 1 });
    expect(beta.bytes).toBe(fs.statSync(path.join(out, 'leaflet-beta.pdf')).size);
    // the table is hashed per row, not as a file; templates, theme and fonts as files
    expect(Object.keys(beta.inputs)).toContain('content/topics#beta');
    expect(Object.keys(beta.inputs)).not.toContain('content/topics/data/topics.csv');
    expect(Object.keys(beta.inputs)).toContain('templates/factsheet/partials/stats.hbs');
    expect(Object.keys(beta.inputs).some((k) => k.endsWith('.ttf'))).toBe(true);
  });

  it('leaves every PDF alone when nothing changed', async () => {
    const before = snapshot(out);
    const r = await brief(project, ['build', '--jobs', '1']);
    expect(r.stderr).toContain('4 PDFs: 0 built, 4 unchanged, 0 failed');
    expect(snapshot(out)).toEqual(before);
  });

  it('rebuilds exactly the leaflet whose row changed, and no other PDF’s bytes or mtime', async () => {
    const before = snapshot(out);
    fs.writeFileSync(csv(), fs.readFileSync(csv(), 'utf8').replace('Beta grows fast', 'Beta grows faster'));
    const r = await brief(project, ['build', '--jobs', '1']);
    expect(r.stderr).toContain('4 PDFs: 1 built, 3 unchanged, 0 failed');
    const after = snapshot(out);
    for (const name of NAMES) {
      if (name === 'leaflet-beta.pdf') expect(after.get(name)!.bytes.equals(before.get(name)!.bytes)).toBe(false);
      else expect(after.get(name)).toEqual(before.get(name));
    }
  });

  it('rebuilds only the leaflet whose rows of a joined dataset changed', async () => {
    const counts = path.join(project, 'content/topics/data/counts.csv');
    fs.writeFileSync(counts, fs.readFileSync(counts, 'utf8').replace('gamma,2020,', 'gamma,2020,9'));
    const r = await brief(project, ['build', '--jobs', '1']);
    expect(r.stderr).toContain('4 PDFs: 1 built, 3 unchanged, 0 failed');
    expect(r.stderr).toContain('content/topics#gamma');
  });

  it('rebuilds every user of a template partial that changed', async () => {
    const partial = path.join(project, 'templates/factsheet/partials/section.hbs');
    fs.appendFileSync(partial, '{{!-- touched by a test --}}\n');
    const r = await brief(project, ['build', '--jobs', '1']);
    expect(r.stderr).toContain('4 PDFs: 4 built, 0 unchanged, 0 failed');
  });

  it('rebuilds everything with --force', async () => {
    const r = await brief(project, ['build', '--force', '--jobs', '1']);
    expect(r.stderr).toContain('4 PDFs: 4 built, 0 unchanged, 0 failed');
  });

  // two jobs: built in this thread, charts drawn beside; three: by a pool of workers
  it.each([2, 3])('gives the same bytes with --jobs 1 and --jobs %i', async (jobs) => {
    const one = path.join(project, `jobs-1-${jobs}`);
    const two = path.join(project, `jobs-${jobs}`);
    expect((await brief(project, ['build', '--jobs', '1', '--out', one])).code).toBe(0);
    const r = await brief(project, ['build', '--jobs', String(jobs), '--out', two]);
    expect(r.code).toBe(0);
    // progress lines come in output-name order whatever order the workers finish in
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('built'));
    expect(lines.map((l) => /→ \S*?(leaflet-\w+\.pdf)/.exec(l)?.[1])).toEqual(NAMES);
    const a = snapshot(one);
    const b = snapshot(two);
    expect([...b.keys()]).toEqual(NAMES);
    for (const name of NAMES) expect(b.get(name)!.bytes.equals(a.get(name)!.bytes)).toBe(true);
  });

  it('splits the set into disjoint shards whose union is the whole set', async () => {
    const built: string[][] = [];
    for (let k = 1; k <= 3; k++) {
      const dir = path.join(project, `shard-${k}`);
      const r = await brief(project, ['build', '--jobs', '1', '--shard', `${k}/3`, '--out', dir]);
      expect(r.code).toBe(0);
      built.push([...snapshot(dir).keys()]);
      expect(fs.existsSync(path.join(dir, `.brief-manifest.shard-${k}-of-3.json`))).toBe(true);
    }
    const all = built.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(NAMES);
    // Kubernetes Indexed Jobs: JOB_COMPLETION_INDEX is 0-based, so index 1 is shard 2/3
    const dir = path.join(project, 'k8s');
    expect((await brief(project, ['build', '--jobs', '1', '--shard-count', '3', '--out', dir], { JOB_COMPLETION_INDEX: '1' })).code).toBe(0);
    expect([...snapshot(dir).keys()]).toEqual(built[1]);
  });

  it('points a missing column at the leaflet file and builds nothing for the set', async () => {
    const file = path.join(project, 'content/topics/leaflets.yaml');
    const good = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, good.replace('title: "{{headline}}"', 'title: "{{headlin}}"'));
      const before = snapshot(out);
      const r = await brief(project, ['build', '--jobs', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('4 failed');
      expect(r.stderr).toMatch(/leaflets\.yaml[\s\S]*no column `headlin`/);
      expect(snapshot(out)).toEqual(before);
    } finally {
      fs.writeFileSync(file, good);
    }
  });

  it('refuses a table with a repeated key, pointing at the row, and builds nothing of the set', async () => {
    const good = fs.readFileSync(csv(), 'utf8');
    try {
      fs.writeFileSync(csv(), good.replace('delta,Delta', 'beta,Delta'));
      const before = snapshot(out);
      const r = await brief(project, ['build', '--jobs', '1']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('1 more failed before building');
      expect(r.stderr).toMatch(/topics\.csv\s+5:1\s+error\s+slug `beta` is also the key of row 2/);
      expect(snapshot(out)).toEqual(before);
    } finally {
      fs.writeFileSync(csv(), good);
    }
  });
});
