// How numbers read in messages, hovers, tables, reports and the simulator panel: one formatter per kind of
// quantity, so every surface prints the same figure the same way.

/**
 * A fraction 0..1 as a percentage. `decimals` fixes the precision (a table keeps its column aligned with 2);
 * without it, a figure to read at a glance: `1.2%` below 10%, `67%` from there. Exactly 0 and 1 read `0%` and
 * `100%`; a nonzero fraction too small for the precision reads `<0.1%` (`<0.01%`, …) rather than zero; a value
 * that is not a number reads `–`.
 */
export function percent(fraction: number, decimals?: number): string {
  if (!Number.isFinite(fraction)) return '–';
  if (fraction === 0 || fraction === 1) return `${fraction * 100}%`;
  const digits = decimals ?? (fraction < 0.1 ? 1 : 0);
  const smallest = 10 ** -digits;
  if (fraction > 0 && fraction * 100 < smallest) return `<${smallest.toFixed(digits)}%`;
  return `${(fraction * 100).toFixed(digits)}%`;
}

/**
 * A latency or an instant of a run in milliseconds: two decimals below 10 ms (`0.53 ms`, `5.12 ms`), then
 * `decimals` (default 1: `12.3 ms`, `2068.4 ms`). Zero reads `0 ms`; a value that is not a number reads `–`.
 */
export function milliseconds(t: number, decimals = 1): string {
  if (!Number.isFinite(t)) return '–';
  if (t === 0) return '0 ms';
  return `${t.toFixed(Math.abs(t) < 10 ? 2 : decimals)} ms`;
}

/**
 * A length of time for a person to read: `850 ms` below a second, then seconds (two decimals below 10 s, one
 * above: `1.38 s`, `12.5 s`), minutes (`2.5 min`) and hours. A whole number of its unit has no decimals (`5 s`).
 */
export function duration(t: number): string {
  if (!Number.isFinite(t)) return '–';
  if (Math.round(t) < 1000) return `${Math.round(t)} ms`;
  const [value, decimals, unit] =
    t < 60_000 ? [t / 1000, t < 10_000 ? 2 : 1, 's'] : t < 3_600_000 ? [t / 60_000, 1, 'min'] : [t / 3_600_000, 1, 'h'];
  return `${Number.isInteger(value) ? value : value.toFixed(decimals)} ${unit}`;
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
