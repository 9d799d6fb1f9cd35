/**
 * The entries a bounded cache file keeps, least recently used first: those of the file
 * that this process neither used nor made, then those it used, then those it made; of
 * all those, the last `limit`.
 */
export function inOrderOfUse<V>(file: Iterable<[string, V]>, used: ReadonlyArray<[string, V]>, made: ReadonlyMap<string, V>, limit: number): [string, V][] {
  const later = new Set([...used.map(([key]) => key), ...made.keys()]);
  const order: [string, V][] = [];
  for (const [key, value] of file) if (!later.has(key)) order.push([key, value]);
  for (const entry of used) if (!made.has(entry[0])) order.push(entry);
  order.push(...made);
  return order.slice(-limit);
}
