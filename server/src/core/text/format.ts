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
