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

/** The keystroke → diagnostics rows (median and p95, ms) of `latencies`, with the editor's targets when asked. */
export function keystrokeRows(label: string, latencies: number[], targets: boolean): Row[] {
  const median = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  return [
    {
      name: `${label}: keystroke → diagnostics, median`,
      value: median,
      unit: 'ms',
      ...(targets ? { target: '≤ 50', ok: median <= 50 } : {}),
    },
    {
      name: `${label}: keystroke → diagnostics, p95`,
      value: p95,
      unit: 'ms',
      ...(targets ? { target: '≤ 100', ok: p95 <= 100 } : {}),
    },
  ];
}
