// Strings kept by a cached analysis, made compact. Messages, reasons and summaries are built from templates,
// and V8 keeps each as a tree of cons strings (one node per piece) for as long as the analysis lives: in a
// 5,000-datastore design, 640,000 nodes for the collector to trace on every major collection. Using a string
// as a property key internalizes it: one flat copy, shared by every equal string, which the collector then
// puts in place of the tree.

const table: Record<string, true> = Object.create(null);
let size = 0;

/** `s`, flat and shared with every equal string compacted before. */
export function compactString(s: string): string {
  // The table only exists to internalize; it is dropped now and then so it holds no strings for ever.
  if (++size > 100_000) {
    for (const k in table) delete table[k];
    size = 0;
  }
  table[s] = true;
  return s;
}

/**
 * Compacts every string reachable from `root` (see forEachString); returns `root`. Internalizing turns the
 * string itself into a reference to the shared copy, so nothing is written back.
 */
export function compactStrings<T>(root: T): T {
  forEachString(root, compactString);
  return root;
}

/**
 * Calls `f` on every string reachable from `root` through arrays and plain objects, each object once.
 * Frozen objects (an engine's shared tables, whose strings are literals already), maps, sets and class
 * instances are not entered.
 */
export function forEachString(root: unknown, f: (s: string) => void): void {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      f(value);
      return;
    }
    if (typeof value !== 'object' || value === null || seen.has(value) || Object.isFrozen(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (Object.getPrototypeOf(value) === Object.prototype) {
      const o = value as Record<string, unknown>;
      for (const k in o) visit(o[k]);
    }
  };
  visit(root);
}
