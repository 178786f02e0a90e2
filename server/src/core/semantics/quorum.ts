// Quorum arithmetic: the sizes quorum words stand for, overlap conditions, failure tolerance and the probability that
// a read right after an acknowledged write misses it.

import type { QuorumSpec } from './vocabulary';

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** How many replicas a quorum as written means among N: `one` 1, `majority` ⌊N/2⌋+1, `all` N, a number itself. */
export function quorumSize(spec: QuorumSpec, n: number): number {
  if (spec === 'one') return 1;
  if (spec === 'majority') return majorityOf(n);
  if (spec === 'all') return n;
  return spec;
}

/**
 * Probability that a read of R replicas chosen uniformly among `pool` misses all W replicas holding an
 * acknowledged write: C(pool−W, R) / C(pool, R) = ∏ (pool−W−i)/(pool−i) for i < R. 0 when R+W > pool (the
 * quorums must intersect). The product never overflows, for any N.
 */
export function missProbability(pool: number, r: number, w: number): number {
  if (r + w > pool) return 0;
  if (w <= 0) return 1;
  let p = 1;
  for (let i = 0; i < r; i++) p *= (pool - w - i) / (pool - i);
  return p;
}
