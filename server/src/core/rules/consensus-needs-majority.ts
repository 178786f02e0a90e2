// Diagnostic: consensus-needs-majority — a consensus store whose reads or writes use fewer than a majority.

import { effectiveSettings } from '../derive';
import { finding, type Finding } from '../findings';
import { majorityOf } from '../quorum';
import { setDatastoreKeyFix, type DatastoreRuleContext } from './context';

export function checkConsensusNeedsMajority(ctx: DatastoreRuleContext): Finding[] {
  const { ds } = ctx;
  const s = effectiveSettings(ds);
  if (!s || s.family !== 'consensus') return [];
  const majority = majorityOf(s.n);
  const out: Finding[] = [];
  if (s.w >= 1 && s.w < majority) {
    const fix = setDatastoreKeyFix(`Set write_quorum to majority (${majority})`, ctx, ds.writeQuorum, 'write_quorum', 'majority', true);
    out.push(
      finding('consensus-needs-majority', s.origin.w ?? ds.nameSpan, `write_quorum = ${s.w} is below a majority of ${s.n} (${majority}): a consensus log commits an entry only once a majority holds it, so acknowledging earlier lets a new leader be elected without the write, and it is lost.`, {
        fixes: fix ? [fix] : [],
      }),
    );
  }
  // Follower reads are not quorum reads; they are judged by the consistency rules instead.
  if (s.readFrom === 'leader' && s.r >= 1 && s.r < majority) {
    const fix = setDatastoreKeyFix(`Set read_quorum to majority (${majority})`, ctx, ds.readQuorum, 'read_quorum', 'majority', true);
    out.push(
      finding('consensus-needs-majority', s.origin.r ?? ds.nameSpan, `read_quorum = ${s.r} is below a majority of ${s.n} (${majority}): the leader answers without confirming it still leads, so a deposed leader cut off on the minority side keeps serving stale reads.`, {
        fixes: fix ? [fix] : [],
      }),
    );
  }
  return out;
}
