// The consistency models the language knows, and the one place that says which implies which.

export const CONSISTENCY_MODELS = [
  'linearizable',
  'strong',
  'sequential',
  'causal',
  'read-your-writes',
  'monotonic-reads',
  'eventual',
] as const;
export type Consistency = (typeof CONSISTENCY_MODELS)[number];

/**
 * `a` implies every model listed for it (and itself). This is a partial order, not a ranking:
 * `strong` (a regular register: every read sees the latest acknowledged write, or one concurrent with it)
 * and `sequential` (one total order that respects each client's program order, not real time) are
 * incomparable, and a regular register does not promise monotonic reads (a read overlapping a write may see
 * the new value and the next one the old). Linearizability implies them all.
 */
const IMPLIES: Record<Consistency, readonly Consistency[]> = {
  linearizable: ['strong', 'sequential', 'causal', 'read-your-writes', 'monotonic-reads', 'eventual'],
  strong: ['read-your-writes', 'eventual'],
  sequential: ['causal', 'read-your-writes', 'monotonic-reads', 'eventual'],
  causal: ['read-your-writes', 'monotonic-reads', 'eventual'],
  'read-your-writes': ['eventual'],
  'monotonic-reads': ['eventual'],
  eventual: [],
};

/** Does a store that provides `provided` satisfy a need for `needed`? */
export function satisfies(provided: Consistency, needed: Consistency): boolean {
  return provided === needed || IMPLIES[provided].includes(needed);
}

/** Models that need read and write quorums to overlap (R+W>N) to hold at all. */
export function needsQuorumOverlap(model: Consistency): boolean {
  return model === 'linearizable' || model === 'strong' || model === 'sequential';
}

export const CONSISTENCY_MEANING: Record<Consistency, string> = {
  linearizable:
    'Every operation appears to take effect at one instant between its start and its end, in one real-time order shared by all clients.',
  strong:
    'Every read returns the latest acknowledged write (or one concurrent with it): a regular register. Unlike linearizability, two overlapping reads may disagree.',
  sequential:
    "All clients see one total order of operations that respects each client's own order, but not necessarily real time.",
  causal:
    'Writes that are causally related are seen in the same order by everyone; concurrent writes may be seen in different orders.',
  'read-your-writes': 'A client always sees its own acknowledged writes; other clients may still see older values.',
  'monotonic-reads': 'Once a client has seen a value it never sees an older one.',
  eventual: 'If writes stop, replicas converge; meanwhile a read may return any older value.',
};

export const CONSISTENCY_COST: Record<Consistency, string> = {
  linearizable:
    'Needs a single leader with majority (consensus) confirmation of reads and writes: every request pays a quorum round trip, and the minority side of a partition refuses.',
  strong:
    'Needs read and write quorums that overlap (R+W>N): requests wait for the slower replicas, and a side without a quorum refuses.',
  sequential: 'Needs one agreed order of writes, usually a leader or consensus log; reads may lag but never reorder.',
  causal: 'Needs dependency tracking (vector clocks or session tokens); stays available on both sides of a partition.',
  'read-your-writes':
    'Needs sticky sessions or session tokens; cheap, available under partition for a client that stays on its side.',
  'monotonic-reads': 'Needs sticky reads or version tokens; cheap and available under partition.',
  eventual: 'Cheapest and always available; the application must tolerate stale reads and merge concurrent writes.',
};
