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
 * The threads a build starts (the chart worker above all) begin with an old generation
 * of 96 MB before their first full collection: the chart worker's heap fills with Vega
 * and the map's geometry to some 45 MB, and with V8's small first limit it was marked and
 * compacted twice while it drew, some 30 ms on the build's longest path. The limit says
 * when to collect, not what to take: a thread that makes less garbage holds less. The
 * main thread's heap is set up before any code runs, and keeps V8's limits. Measured on
 * two cores, alternating runs, medians of 21: an empty China build 728 ms against 756,
 * with 5% less CPU (at 128 MB, 658 against 689 and 637 against 666; at 64 MB, one of the
 * two collections was left); after a text edit no change (322 against 320, at 128 MB).
 *
 * V8 takes a code cache only under the flags it was made with. The caches of dist/ are
 * written by a process that set these (src/validate/code-cache.ts): a process that has not
 * set them compiles as without a cache. So does Node for its own built-in modules, whose
 * cache was made without them: the launcher sets the flags once the CLI is loaded, with
 * the built-in modules it imports. Only timing changes, never what runs.
 */
const V8_FLAGS = ['--interrupt-budget=1081344', '--initial-old-space-size=96'] as const;

/** Set V8_FLAGS in this process: before any file of dist/ with a code cache is run. */
export function setV8Flags(): void {
  for (const flag of V8_FLAGS) v8.setFlagsFromString(flag);
}
