// Quorum arithmetic: resolving quorum words, overlap conditions, failure tolerance and the probability that
// a read right after an acknowledged write misses it.

import type { QuorumSpec } from './model/design';

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function resolveQuorum(spec: QuorumSpec, n: number): number {
  if (spec === 'one') return 1;
  if (spec === 'majority') return majorityOf(n);
  if (spec === 'all') return n;
  return spec;
}

/** log(C(n, k)), exact enough for probabilities and safe for n in the thousands. */
export function logBinomial(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  k = Math.min(k, n - k);
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
  return sum;
}

/**
 * Probability that a read of R replicas chosen uniformly among `pool` misses all W replicas holding an
 * acknowledged write: C(pool−W, R) / C(pool, R). 0 when R+W > pool (the quorums must intersect).
 */
export function missProbability(pool: number, r: number, w: number): number {
  if (r + w > pool) return 0;
  if (w <= 0) return 1;
  return Math.exp(logBinomial(pool - w, r) - logBinomial(pool, r));
}

/** Probability of reading a value more than k versions old (PBS k-staleness closed form). */
export function kStalenessProbability(n: number, r: number, w: number, k: number): number {
  return missProbability(n, r, w) ** k;
}
