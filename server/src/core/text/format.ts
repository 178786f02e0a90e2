// How numbers read in messages, hovers, tables and reports: one formatter per kind of quantity, so every
// surface prints the same figure the same way.

/** A probability 0..1 as a percentage: `0%`, `<0.1%`, `1.2%`, `67%`. */
export function percent(p: number): string {
  if (p === 0) return '0%';
  if (p < 0.001) return '<0.1%';
  return `${(p * 100).toFixed(p < 0.1 ? 1 : 0)}%`;
}

/** `1 failure`, `2 failures`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * A value from a design in YAML flow style for messages and hovers: `3`, `ONE`, `[a, b]`, `{dc1: 3}`. Never
 * throws: maps built from a design have no prototype, so template literals cannot turn them into text.
 * Collections nested deeper than `depth` read `…`.
 */
export function flowText(v: unknown, depth = 3): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v !== 'object') return String(v);
  if (depth <= 0) return '…';
  if (Array.isArray(v)) return `[${v.map((x) => flowText(x, depth - 1)).join(', ')}]`;
  return `{${Object.keys(v)
    .map((k) => `${k}: ${flowText((v as Record<string, unknown>)[k], depth - 1)}`)
    .join(', ')}}`;
}
