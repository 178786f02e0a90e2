// Findings grouped by where they start, for the per-datastore and per-component parts of `explain` and
// `report`: a binary search over the findings (sorted by start, as the analysis returns them) instead of a
// scan per entry, which made a report over 8,500 datastores take 47 s.

import type { Span } from '../model/design';

/** First index in `sorted` whose span starts at or after `offset`. */
function lowerBound(sorted: readonly { span: Span }[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid].span.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The items of `sorted` (ascending by span start) that start inside `span`; an empty span holds its own start. */
export function startingWithin<T extends { span: Span }>(sorted: readonly T[], span: Span): T[] {
  const end = Math.max(span.end, span.start + 1);
  const out: T[] = [];
  for (let i = lowerBound(sorted, span.start); i < sorted.length && sorted[i].span.start < end; i++) out.push(sorted[i]);
  return out;
}
