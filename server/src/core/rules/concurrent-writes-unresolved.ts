// Diagnostic: concurrent-writes-unresolved — two writes can commit on disjoint replicas (2W≤N) and no
// conflict resolution is declared, so replicas diverge.

import { majorityOf } from '../semantics/quorum';
import { setDatastoreKeyFix } from './context';
import { finding, type Fix } from './findings';
import { defineRule } from './rule';

export const concurrentWritesUnresolved = defineRule({
  id: 'concurrent-writes-unresolved',
  severity: 'warning',
  summary: 'Two writes can commit on disjoint replicas (2W≤N) and nothing resolves the conflict.',
  check(ctx) {
    const { ds, facts } = ctx;
    const model = facts?.model;
    if (!model || facts.writeWriteOverlap || model.family !== 'leaderless') return [];
    // The engine (or the design) merges concurrent writes: nothing left unresolved.
    if (model.conflicts && model.conflicts !== 'none') return [];
    const { n, w } = model;
    const at = ds.conflicts?.span ?? ds.writeQuorum?.span ?? ds.nameSpan;
    const fixes = [
      setDatastoreKeyFix(`Raise write_quorum to a majority (${majorityOf(n)})`, ctx, ds.writeQuorum, 'write_quorum', 'majority'),
      setDatastoreKeyFix(
        'Resolve conflicts with vector clocks (siblings merged by the application)',
        ctx,
        ds.conflicts,
        'conflicts',
        'vector-clocks',
      ),
      setDatastoreKeyFix('Resolve conflicts with CRDTs', ctx, ds.conflicts, 'conflicts', 'crdt'),
    ].filter((f): f is Fix => f !== undefined);
    return [
      finding(
        'concurrent-writes-unresolved',
        at,
        `2W = ${2 * w} ≤ N = ${n}: two writes to the same item can each be acknowledged by ${w} disjoint ${w === 1 ? 'replica' : 'replicas'}, and '${ds.name}' declares no way to merge them (conflicts: ${model.conflicts ?? 'not set'}), so replicas diverge.`,
        { fixes },
      ),
    ];
  },
});
