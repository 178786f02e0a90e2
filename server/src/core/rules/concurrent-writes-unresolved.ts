// Diagnostic: concurrent-writes-unresolved — two writes can commit on disjoint replicas (2W≤N) and no
// conflict resolution is declared, so replicas diverge.

import { finding, type Finding, type Fix } from '../findings';
import { majorityOf } from '../quorum';
import { setDatastoreKeyFix, type DatastoreRuleContext } from './context';

export function checkConcurrentWritesUnresolved(ctx: DatastoreRuleContext): Finding[] {
  const { ds, facts } = ctx;
  if (!facts || facts.writeWriteOverlap || facts.settings.family !== 'leaderless') return [];
  if (facts.settings.conflicts && facts.settings.conflicts !== 'none') return [];
  const { n, w } = facts.settings;
  const at = ds.conflicts?.span ?? ds.writeQuorum?.span ?? ds.nameSpan;
  const fixes = [
    setDatastoreKeyFix(`Raise write_quorum to a majority (${majorityOf(n)})`, ctx, ds.writeQuorum, 'write_quorum', 'majority'),
    setDatastoreKeyFix('Resolve conflicts with vector clocks (siblings merged by the application)', ctx, ds.conflicts, 'conflicts', 'vector-clocks'),
    setDatastoreKeyFix('Resolve conflicts with CRDTs', ctx, ds.conflicts, 'conflicts', 'crdt'),
  ].filter((f): f is Fix => f !== undefined);
  return [
    finding(
      'concurrent-writes-unresolved',
      at,
      `2W = ${2 * w} ≤ N = ${n}: two writes to the same item can each be acknowledged by ${w} disjoint ${w === 1 ? 'replica' : 'replicas'}, and '${ds.name}' declares no way to merge them (conflicts: ${facts.settings.conflicts ?? 'not set'}), so replicas diverge.`,
      { fixes },
    ),
  ];
}
