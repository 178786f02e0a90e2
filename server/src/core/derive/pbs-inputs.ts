// What Probabilistically Bounded Staleness (Bailis et al., VLDB 2012) can chart for a datastore, read from the
// one staleness model of its analysis: PBS assumes a read asks R replicas picked uniformly from a pool of which
// W hold the write at commit. Where the store reads that way the chart is its own; where reads go to a leader it
// is a what-if (reading one follower instead); where reads are decided by something else (per-datacenter
// quorums, sessions, an index updated asynchronously) PBS does not describe them and nothing is charted.

import type { DatastoreFacts } from './facts';

export type PbsInputs =
  /** The store's own reads: R of `pool` replicas, W of which hold the write when it commits. */
  | { kind: 'actual'; pool: number; r: number; w: number }
  /** Reads are fresh (a leader answers); the figures are what reading one follower would give. */
  | { kind: 'what-if'; pool: number; r: number; w: number; reason: string }
  /** PBS's uniform pick does not describe these reads; `reason` says what does. */
  | { kind: 'none'; reason: string };

/**
 * PBS inputs for a store. Units: replica counts. A follower what-if reads 1 of the N − 1 followers, of which
 * W − 1 hold the write at commit (at least one: an asynchronous follower gets it one hop later).
 */
export function pbsInputs(f: DatastoreFacts): PbsInputs {
  const m = f.model.staleness;
  switch (m.kind) {
    case 'uniform':
      return { kind: 'actual', pool: m.pool, r: m.r, w: Math.max(1, m.w) };
    case 'fresh': {
      const followers = f.model.n - 1;
      if (followers < 1) return { kind: 'none', reason: `a single copy: ${m.reason}` };
      return { kind: 'what-if', pool: followers, r: 1, w: Math.max(1, Math.min(followers, f.model.w - 1)), reason: m.reason };
    }
    default:
      return { kind: 'none', reason: f.staleRead.summary };
  }
}
