/**
 * A process's cache of values with a size (strings, buffers), bounded by their total
 * length: the oldest set is dropped first, and a value over a quarter of the budget is
 * not kept at all.
 */
export interface SizedCache<V extends { length: number }> {
  get(key: string): V | undefined;
  /** Keep `value` under `key`, as the newest entry. */
  set(key: string, value: V): void;
}

export function createSizedCache<V extends { length: number }>(budget: number): SizedCache<V> {
  const entries = new Map<string, V>();
  let size = 0;
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      const old = entries.get(key);
      if (old !== undefined) {
        entries.delete(key);
        size -= old.length;
      }
      if (value.length > budget / 4) return;
      entries.set(key, value);
      size += value.length;
      for (const [k, v] of entries) {
        if (size <= budget) break;
        entries.delete(k);
        size -= v.length;
      }
    },
  };
}
