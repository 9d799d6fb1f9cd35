/**
 * Functions in a document definition (a table's rules and paddings, the page footer),
 * each with the data it answers from. A definition holds functions where pdfmake asks
 * for them, and a function's text says nothing of the values it closes over; with its
 * description a definition can be compared by value (see src/perf/layout-reuse.ts).
 */
const DESCRIPTION = Symbol('description');

/** `value` (a function, or an object of functions), marked as answering from `data` alone. */
export function described<T extends object>(value: T, data: unknown): T {
  Object.defineProperty(value, DESCRIPTION, { value: data });
  return value;
}

/** What `value` was described by, if it was. */
export function descriptionOf(value: object): { data: unknown } | undefined {
  return Object.hasOwn(value, DESCRIPTION) ? { data: (value as Record<symbol, unknown>)[DESCRIPTION] } : undefined;
}
