// What every bench module reports: table rows, and the percentile they are computed with.

/** One line of the bench's table; `target` and `ok` when the figure has a target. */
export interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

/** The `p`th percentile (0–100) of `values`, by the nearest rank below. */
export function percentile(values: number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
