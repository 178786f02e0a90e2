// Reading the quantities people write in scenario files: durations (`30s`, `500ms`, `2m`), percentages
// (`80%`), rates (`200/s`) and comparisons (`< 1%`, `>= 99%`, `<= 50ms`). Each returns undefined when the
// text is not one, so the caller can say what was expected where.

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Milliseconds. A bare number is already in ms. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  // Trimmed first: `\s*` at both ends of a pattern backtracks quadratically on a long run of spaces.
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|sec|m|min|h)?$/.exec(v.trim());
  if (!m) return undefined;
  return Number(m[1]) * DURATION_UNITS[m[2] ?? 'ms'];
}

/** A percentage as written (`80%` or 80) in [0, 100]. */
export function parsePercent(v: unknown): number | undefined {
  const x = typeof v === 'number' ? v : typeof v === 'string' ? Number(/^(\d+(?:\.\d+)?)\s*%$/.exec(v.trim())?.[1] ?? NaN) : NaN;
  return Number.isFinite(x) && x >= 0 && x <= 100 ? x : undefined;
}

/** Operations per second: a number or `N/s`. */
export function parseRate(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(?:(?:ops?\s*)?\/\s*s(?:ec)?)?$/.exec(v.trim());
  return m ? Number(m[1]) : undefined;
}

export type Comparator = '<' | '<=' | '>' | '>=';

export interface Threshold {
  op: Comparator;
  /** A fraction when unit is 'fraction' (1% → 0.01), milliseconds for 'ms', a plain number for 'count'. */
  value: number;
  unit: 'fraction' | 'ms' | 'count';
  /** As written, for messages. */
  text: string;
}

/**
 * A comparison like `< 1%`, `>= 99%`, `≤ 50ms` or `3`. Without an operator, `defaultOp` applies (an upper bound
 * for bad things such as stale reads, a lower bound for availability).
 */
export function parseThreshold(v: unknown, defaultOp: Comparator): Threshold | undefined {
  if (typeof v === 'number')
    return Number.isFinite(v) ? { op: defaultOp, value: v, unit: 'count', text: `${opText(defaultOp)} ${v}` } : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(<=|>=|≤|≥|<|>|=<|=>)?\s*(\d+(?:\.\d+)?)\s*(%|ms|s)?$/.exec(v.trim());
  if (!m) return undefined;
  const op =
    ({ '<=': '<=', '≤': '<=', '=<': '<=', '>=': '>=', '≥': '>=', '=>': '>=', '<': '<', '>': '>' } as const)[m[1] ?? ''] ??
    defaultOp;
  const n = Number(m[2]);
  const unit = m[3] === '%' ? 'fraction' : m[3] === 'ms' || m[3] === 's' ? 'ms' : 'count';
  const value = m[3] === '%' ? n / 100 : m[3] === 's' ? n * 1000 : n;
  return { op, value, unit, text: v.trim() };
}

export function compare(x: number, t: Threshold): boolean {
  switch (t.op) {
    case '<':
      return x < t.value;
    case '<=':
      return x <= t.value;
    case '>':
      return x > t.value;
    case '>=':
      return x >= t.value;
  }
}

function opText(op: Comparator): string {
  return op === '<=' ? '≤' : op === '>=' ? '≥' : op;
}
