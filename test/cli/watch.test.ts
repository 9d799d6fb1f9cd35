import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWatch } from '../../src/cli/watch.js';
import type { TargetReport } from '../../src/pipeline/batch.js';
import { makeProject } from '../leaflets/project.js';

describe('brief watch', () => {
  let project: string;
  beforeAll(() => {
    project = makeProject('mini-set');
  });
  afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

  it('rebuilds what a saved change affects, shows errors and keeps watching', async () => {
    const stop = new AbortController();
    const builds: { reports: TargetReport[]; ok: boolean }[] = [];
    let waiter: (() => void) | undefined;
    const nextBuild = () => new Promise<void>((resolve) => (waiter = resolve));
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c) => (err += String(c)));
    const count = (i: number, status: string) => builds[i]!.reports.filter((r) => r.status === status).length;

    const first = nextBuild();
    const watching = runWatch(['--jobs', '1'], { cwd: project, stdout: new PassThrough(), stderr, env: {} }, {
      signal: stop.signal,
      debounceMs: 50,
      onBuild: (reports, ok) => {
        builds.push({ reports, ok });
        waiter?.();
      },
    });
    await first;
    expect(count(0, 'built')).toBe(4);

    // a data edit: one leaflet, on the warm session
    const csv = path.join(project, 'content/topics/data/topics.csv');
    const good = fs.readFileSync(csv, 'utf8');
    let next = nextBuild();
    fs.writeFileSync(csv, good.replace('Gamma is steady', 'Gamma is steadier'));
    await next;
    expect(count(1, 'built')).toBe(1);
    expect(builds[1]!.reports.find((r) => r.status === 'built')!.target.leaflet).toBe('gamma');

    // a broken row: reported, the other changed row still built, and the watcher carries on
    next = nextBuild();
    fs.writeFileSync(csv, good.replace('delta,Delta,dna', 'delta,Delta,dnaa'));
    await next;
    expect(builds[2]!.ok).toBe(false);
    expect(err).toContain('unknown icon `dnaa`');
    expect(count(2, 'failed')).toBe(1);
    expect(count(2, 'built')).toBe(1); // gamma, back to its old text

    next = nextBuild();
    fs.writeFileSync(csv, good);
    await next;
    expect(builds[3]!.ok).toBe(true);
    expect(count(3, 'built')).toBe(1);

    stop.abort();
    expect(await watching).toBe(0);
  }, 60_000);
});
