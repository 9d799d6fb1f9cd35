import { describe, expect, it } from 'vitest';
import { runBatch } from '../../src/pipeline/batch.js';
import type { BuildOutcome, Builder } from '../../src/pipeline/builder.js';
import type { Plan } from '../../src/pipeline/plan.js';

const plan: Plan = {
  targets: ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((key) => ({ output: `leaflet-${key}.pdf`, dir: '/set', source: 'set', leaflet: key })),
  failures: [],
};

/** A builder that takes a while over each job and records how many ran at once, and in what order they started. */
function slowBuilder(): Builder & { most: number; started: string[] } {
  let running = 0;
  const builder = {
    most: 0,
    started: [] as string[],
    async build(job: { leaflet?: string }): Promise<BuildOutcome> {
      builder.started.push(job.leaflet!);
      builder.most = Math.max(builder.most, ++running);
      // the later jobs finish sooner, so reports must wait for plan order
      await new Promise((resolve) => setTimeout(resolve, 40 - 5 * builder.started.length));
      running--;
      return { ok: true, pages: 1, bytes: 0, sha256: job.leaflet!, ms: 1 };
    },
    forget() {},
    async close() {},
  };
  return builder;
}

describe('runBatch', () => {
  for (const jobs of [1, 3]) {
    it(`builds at most ${jobs} at a time, starting and reporting in plan order (--jobs ${jobs})`, async () => {
      const builder = slowBuilder();
      const reported: string[] = [];
      const reports = await runBatch(plan, () => builder, { jobs }, { report: (r) => reported.push(r.target.leaflet!) });
      expect(builder.most).toBe(jobs);
      expect(builder.started).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      expect(reported).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
      expect(reports.every((r) => r.status === 'built')).toBe(true);
    });
  }
});
