import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerPool, type BuildJob, type BuildOutcome } from '../../src/pipeline/builder.js';
import { createBuildTask } from '../../src/pipeline/worker.js';
import { createSession, type Session } from '../../src/pipeline/session.js';
import { createBuilders } from '../../src/cli/build.js';
import { bundleWorker, makeProject, repoRoot } from './project.js';

const standIn = path.join(repoRoot, 'test/leaflets/fixtures/workers/stand-in.mjs');
const job = (dir: string): BuildJob => ({ dir, options: {} });
const internal = (o: BuildOutcome) => ('internal' in o ? o.internal : undefined);

describe('the worker pool', () => {
  it('fails only the job of a worker that dies, and goes on with fresh workers', async () => {
    const pool = createWorkerPool(2, repoRoot, standIn);
    try {
      const first = await Promise.all(['a', 'exit', 'b', 'throw', 'c', 'd'].map((d) => pool.build(job(d))));
      expect(first.map((o) => o.ok)).toEqual([true, false, true, false, true, true]);
      expect(internal(first[1]!)).toContain('exited with code: 3');
      expect(internal(first[3]!)).toContain('the stand-in worker blew up');
      const after = await Promise.all(['e', 'f', 'g', 'h'].map((d) => pool.build(job(d))));
      expect(after.every((o) => o.ok)).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('bounds each worker\'s heap, and says so when a build runs out of it', async () => {
    const pool = createWorkerPool(1, repoRoot, standIn, 32);
    try {
      const [hog, after] = [await pool.build(job('hog')), await pool.build(job('a'))];
      expect(internal(hog)).toMatch(/ran out of memory in its worker \(32 MB of heap\).*--jobs 1.*BRIEF_WORKER_HEAP_MB/);
      expect(after.ok).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('builds a document whose worker ran out of memory again in this thread, where it fails with its own errors', async () => {
    // three at once: a pool (up to two, documents are built in this thread)
    const builders = createBuilders(createSession(makeProject('mini-set')), 3, { BRIEF_WORKER_HEAP_MB: '32' }, standIn);
    try {
      const builder = builders.builderFor(3);
      const [hog, a] = await Promise.all([builder.build(job('hog')), builder.build(job('a'))]);
      expect(a.ok).toBe(true);
      // built here, `hog` is a folder with no brief: a user error, not the worker's internal one
      expect(internal(hog)).toBeUndefined();
      expect('diagnostics' in hog && hog.diagnostics[0]?.message).toBeTruthy();
    } finally {
      await builders.close();
    }
  });

  it('fails every job, instead of waiting forever, when no worker can start', async () => {
    const pool = createWorkerPool(2, repoRoot, path.join(repoRoot, 'test/leaflets/fixtures/workers/missing.mjs'));
    try {
      const outcomes = await Promise.all(['a', 'b', 'c'].map((d) => pool.build(job(d))));
      for (const o of outcomes) expect(internal(o)).toContain('missing.mjs');
      expect(internal(await pool.build(job('d')))).toContain('missing.mjs');
    } finally {
      await pool.close();
    }
  });

  it('settles the jobs still pending when it closes', async () => {
    const pool = createWorkerPool(1, repoRoot, standIn);
    const pending = Promise.allSettled(['hang', 'a', 'b'].map((d) => pool.build(job(d))));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await pool.close();
    for (const r of await pending) {
      expect(r.status).toBe('rejected');
      expect(String((r as PromiseRejectedResult).reason)).toMatch(/worker pool closed/);
    }
    await expect(pool.build(job('c'))).rejects.toThrow(/closed/);
  });

  it('sends each job the generation that forget has reached', async () => {
    const pool = createWorkerPool(2, repoRoot, standIn);
    try {
      const generations = async () => (await Promise.all(['a', 'b'].map((d) => pool.build(job(d))))).map((o) => (o.ok ? o.sha256.split('/')[1] : ''));
      expect(await generations()).toEqual(['0', '0']);
      pool.forget();
      pool.forget();
      expect(await generations()).toEqual(['2', '2']);
    } finally {
      await pool.close();
    }
  });
});

describe('a build worker', () => {
  it('forgets once for each newer generation it sees, and not again for the same one', async () => {
    let current = 0;
    const forgotten: number[] = [];
    const session = { projectRoot: '/nowhere', forget: () => forgotten.push(current) } as unknown as Session;
    const task = createBuildTask(session);
    for (const generation of [0, 0, 1, 1, 3, 2]) {
      current = generation;
      await task({ job: job('/nowhere'), generation });
    }
    expect(forgotten).toEqual([1, 3]);
  });
});

describe('forget on a pool of real build workers', () => {
  let project: string;
  let worker: string;
  beforeAll(async () => {
    worker = await bundleWorker();
    project = makeProject('mini-set');
  }, 60_000);
  afterAll(() => {
    fs.rmSync(project, { recursive: true, force: true });
    fs.rmSync(worker, { force: true });
  });

  it('makes every worker reload a template that changed', async () => {
    const pool = createWorkerPool(2, project, worker);
    const dir = path.join(project, 'content/topics');
    // two jobs at once on two idle workers: one each
    const build = async () => (await Promise.all(['alpha', 'beta'].map((leaflet) => pool.build({ dir, leaflet, options: { sourceDateEpoch: 1600000000 } })))).map((o) => (o.ok ? o.sha256 : internal(o)));
    try {
      const before = await build();
      const section = path.join(project, 'templates/factsheet/partials/section.hbs');
      fs.writeFileSync(section, fs.readFileSync(section, 'utf8').replace('thickness="3"', 'thickness="5"'));
      // still the cached template: the workers were not told
      expect(await build()).toEqual(before);
      pool.forget();
      const after = await build();
      expect(after[0]).not.toBe(before[0]);
      expect(after[1]).not.toBe(before[1]);
    } finally {
      await pool.close();
    }
  });
});
