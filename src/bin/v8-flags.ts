import v8 from 'node:v8';

/**
 * How often a function must run before V8 optimizes it: 16 times V8's default budget
 * (67,584 bytecode units).
 *
 * A build is a process of a second or a few, on a machine of few cores. V8 sends a
 * function to its optimizing compiler, on background threads, once it has run for a
 * while; in such a process most of that compilation ends too late to pay for itself, and
 * on two cores it takes CPU from the two threads a build runs in. With this budget only
 * code that runs long (the layout's and the map projection's loops, a batch's hundreds of
 * documents) is optimized. Measured on two cores, alternating runs, medians: the China
 * factsheet with an empty store 904 ms against 1,061 and a quarter less CPU; after a text
 * edit 449 ms against 494; the 19 PDFs of `content/` 3.1-3.4 s against 4.0.
 *
 * The threads a build starts (the chart worker above all) run with an old generation of
 * 48 MB before V8 collects it in full: the chart worker's heap fills with Vega and the
 * map's geometry to some 45 MB, and with V8's small first limit it was marked and
 * compacted while it drew the map, on the build's longest path. V8 keeps the limit for
 * the thread's life, so it is what such a thread may hold of garbage: 96 MB would also
 * spare the compaction after the last chart, but a batch of 100 leaflets then peaked at
 * 373-398 MB, against 353-361 without the flag and 355-358 with this one. The main
 * thread's heap is set up before any code runs, and keeps V8's limits. Measured on two
 * cores, alternating runs, medians of 21: an empty China build 712 ms against 734, with
 * 3% less CPU (at 96 MB: 700 ms); after a text edit, which draws no chart, no change
 * (322 against 320 ms, at 128 MB).
 *
 * V8 takes a code cache only under the flags it was made with. The caches of dist/ are
 * written by a process that set these (src/validate/code-cache.ts): a process that has not
 * set them compiles as without a cache. So does Node for its own built-in modules, whose
 * cache was made without them: the launcher sets the flags once the CLI is loaded, with
 * the built-in modules it imports. Only timing changes, never what runs.
 */
const V8_FLAGS = ['--interrupt-budget=1081344', '--initial-old-space-size=48'] as const;

/** Set V8_FLAGS in this process: before any file of dist/ with a code cache is run. */
export function setV8Flags(): void {
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
}
