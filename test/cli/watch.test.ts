import fs from 'node:fs';
import os from 'node:os';
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
      onBuild: ({ reports, ok }) => {
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

  it('keeps watching folders that are deleted and restored, and files renamed over', async () => {
    const dir = makeProject('mini-set');
    const stop = new AbortController();
    const builds: TargetReport[][] = [];
    const stderr = new PassThrough();
    let err = '';
    stderr.on('data', (c) => (err += String(c)));
    const watching = runWatch(['--jobs', '1'], { cwd: dir, stdout: new PassThrough(), stderr, env: {} }, {
      signal: stop.signal,
      debounceMs: 50,
      onBuild: ({ reports }) => builds.push(reports),
    });
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    // Deleting a folder starts builds of its own (failing, or with nothing to do), so count
    // none: wait for a build of the leaflet from inputs not built before, i.e. from the edit.
    const seen = new Set<string>();
    const rebuilt = async (leaflet: string) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        for (const reports of builds) {
          const hash = reports.find((r) => r.status === 'built' && r.target.leaflet === leaflet)?.target.inputsHash;
          if (hash && !seen.has(hash)) {
            seen.add(hash);
            return reports;
          }
        }
        if (Date.now() > deadline) throw new Error(`no new build of ${leaflet} after ${builds.length} builds:\n${err}`);
        await sleep(20);
      }
    };

    try {
      await rebuilt('gamma');
      expect(builds[0]!.filter((r) => r.status === 'built')).toHaveLength(4);
      const brief = path.join(dir, 'content/topics');
      const data = path.join(brief, 'data');
      const csv = path.join(data, 'topics.csv');
      const good = fs.readFileSync(csv, 'utf8');
      const edit = (text: string) => fs.writeFileSync(csv, good.replace('Gamma is steady', text));

      // (a) the data folder deleted, then restored file by file
      const files = new Map(fs.readdirSync(data).map((f) => [f, fs.readFileSync(path.join(data, f))]));
      fs.rmSync(data, { recursive: true });
      await sleep(300);
      fs.mkdirSync(data);
      for (const [f, bytes] of files) fs.writeFileSync(path.join(data, f), bytes);
      await sleep(300);
      edit('Gamma came back');
      await rebuilt('gamma');

      // (b) the whole brief folder deleted, then copied back
      const saved = fs.mkdtempSync(path.join(os.tmpdir(), 'brief-watch-saved-'));
      try {
        fs.cpSync(brief, saved, { recursive: true });
        fs.rmSync(brief, { recursive: true });
        await sleep(300);
        fs.cpSync(saved, brief, { recursive: true });
      } finally {
        fs.rmSync(saved, { recursive: true, force: true });
      }
      await sleep(300);
      edit('Gamma came back again');
      await rebuilt('gamma');

      // (c) an editor's atomic save: a temporary file renamed over the CSV
      const temp = csv + '.tmp';
      fs.writeFileSync(temp, good.replace('Gamma is steady', 'Gamma saved atomically'));
      fs.renameSync(temp, csv);
      await rebuilt('gamma');

      expect(err).not.toContain('brief: watching:');
      stop.abort();
      expect(await watching).toBe(0);
    } finally {
      stop.abort();
      await watching.catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
