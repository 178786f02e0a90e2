// Quorum arithmetic: resolving quorum words, overlap conditions, failure tolerance and the probability that
// a read right after an acknowledged write misses it.

import type { QuorumSpec, ReadSource, ReplicationFamily } from './vocabulary';

export function majorityOf(n: number): number {
  return Math.floor(n / 2) + 1;
}

export function resolveQuorum(spec: QuorumSpec, n: number): number {
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

/** Which replicas a read chooses among, how many it asks, and how many hold a write the moment it is acknowledged. */
export interface ReadModel {
  pool: number;
  r: number;
  w: number;
  /** False when reads go to the leader, which holds every acknowledged write: never stale while it leads. */
  partial: boolean;
}

/**
 * The one staleness model shared by the hover, the CLI and the staleness tab. Leaderless reads pick R of all
 * N replicas, W of which hold the write. Follower reads pick R of the N−1 followers, W−1 of which hold it
 * (the primary's own copy counts in W but is never read).
 */
export function readModel(family: ReplicationFamily, readFrom: ReadSource, n: number, r: number, w: number): ReadModel {
  if (family === 'leaderless') return { pool: n, r, w, partial: true };
  if (readFrom === 'followers') {
    const pool = Math.max(1, n - 1);
    return { pool, r: Math.min(r, pool), w: Math.max(0, w - 1), partial: true };
  }
  return { pool: n, r, w, partial: false };
}

/** Probability that a read right after an acknowledged write misses it, under `readModel`. */
export function staleReadProbability(m: ReadModel): number {
  return m.partial ? missProbability(m.pool, m.r, m.w) : 0;
}
