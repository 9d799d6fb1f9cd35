import { describe, expect, it } from 'vitest';
import { eachAtMost } from '../../src/pipeline/batch.js';

/** Runs `items` through eachAtMost, each waiting 5 ms, and says when each started and ended. */
async function trace(items: string[], limit: number, alone: (item: string) => boolean): Promise<string[]> {
  const events: string[] = [];
  await eachAtMost(limit, items, alone, async (item) => {
    events.push(`start ${item}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
    events.push(`end ${item}`);
  });
  return events;
}

describe('eachAtMost', () => {
  it('runs at most `limit` at once, in order', async () => {
    expect(await trace(['a', 'b', 'c'], 2, () => false)).toEqual(['start a', 'start b', 'end a', 'start c', 'end b', 'end c']);
  });

  it('runs an item that must be alone after those before it end, with none beside it', async () => {
    const events = await trace(['a', 'b', 'H', 'c', 'd', 'J', 'K'], 2, (item) => item === item.toUpperCase());
    expect(events).toEqual([
      'start a', 'start b', 'end a', 'end b',
      'start H', 'end H',
      'start c', 'start d', 'end c', 'end d',
      'start J', 'end J',
      'start K', 'end K',
    ]);
  });
});
