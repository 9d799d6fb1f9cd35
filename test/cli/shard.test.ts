import { describe, expect, it } from 'vitest';
import { readShard } from '../../src/cli/build.js';
import { UsageError } from '../../src/cli/io.js';
import { shardOf } from '../../src/pipeline/plan.js';

describe('sharding', () => {
  it('reads --shard K/N (1-based) and --shard-count N with the 0-based JOB_COMPLETION_INDEX', () => {
    expect(readShard('2/5', undefined, undefined)).toEqual({ index: 2, count: 5 });
    expect(readShard(undefined, '5', '0')).toEqual({ index: 1, count: 5 });
    expect(readShard(undefined, '5', '4')).toEqual({ index: 5, count: 5 });
    expect(readShard(undefined, undefined, '3')).toBeUndefined();
  });

  it('refuses shards that do not exist', () => {
    for (const [s, c, i] of [['0/3'], ['4/3'], ['x'], [undefined, '3', '3'], [undefined, '3', undefined], ['1/3', '3', '0']] as const) {
      expect(() => readShard(s, c, i)).toThrow(UsageError);
    }
  });

  it('gives disjoint shares whose union is everything, for any count', () => {
    const all = Array.from({ length: 23 }, (_, i) => `doc-${String(i).padStart(2, '0')}.pdf`);
    for (const count of [1, 2, 3, 7, 23, 40]) {
      const shares = Array.from({ length: count }, (_, k) => shardOf(all, { index: k + 1, count }));
      const union = shares.flat();
      expect(new Set(union).size).toBe(union.length);
      expect(union.sort()).toEqual(all);
    }
  });
});
