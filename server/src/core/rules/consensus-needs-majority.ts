// Diagnostic: consensus-needs-majority — a consensus store whose reads or writes use fewer than a majority.
// Reported on the quorum setting; it also explains the claims that setting breaks (consistency, CP, no lost
// writes), which it names as related locations.

import { majorityOf } from '../semantics/quorum';
import type { ClaimKey } from '../derive/verdicts';
import { setDatastoreKeyFix } from './context';
import { claimedAt } from './claim-locations';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const consensusNeedsMajority = defineRule({
  id: 'consensus-needs-majority',
  severity: 'error',
  summary: 'A consensus store reads or writes with less than a majority, which loses the guarantees consensus gives.',
  check(ctx) {
    const { ds, analysis, open } = ctx;
    const s = analysis.effective;
    const model = analysis.model;
    // With an engine's own model the quorums are the engine's, explained by the engine rules.
    if (!s || !model || analysis.engineModel || s.family !== 'consensus') return [];
    const majority = majorityOf(s.n);
    const out: Finding[] = [];
    const consistencyFromHere = model.consistency.cause === 'consensus-minority';
    /** The open ✗ claims this finding explains, and related locations on them. */
    const explains = (keys: ClaimKey[]) => {
      const verdicts = keys.map((k) => open(k)).filter((v) => v !== undefined);
      return { claims: verdicts.map((v) => v.key), related: verdicts.map(claimedAt) };
    };
    if (s.w >= 1 && s.w < majority) {
      const fix = setDatastoreKeyFix(
        `Set write_quorum to majority (${majority})`,
        ctx,
        ds.writeQuorum,
        'write_quorum',
        'majority',
        true,
      );
      const keys: ClaimKey[] = ['loss_free', ...(consistencyFromHere ? (['consistency', 'cap'] as const) : [])];
      out.push(
        finding(
          'consensus-needs-majority',
          s.origin.w ?? ds.nameSpan,
          `write_quorum = ${s.w} is below a majority of ${s.n} (${majority}): a consensus log commits an entry only once a majority holds it, so acknowledging earlier lets a new leader be elected without the write, and it is lost.`,
          {
            fixes: fix ? [fix] : [],
            ...explains(keys),
          },
        ),
      );
    }
    // Follower reads are not quorum reads; they are judged by the consistency rules instead.
    if (s.readFrom === 'leader' && s.r >= 1 && s.r < majority) {
      const fix = setDatastoreKeyFix(
        `Set read_quorum to majority (${majority})`,
        ctx,
        ds.readQuorum,
        'read_quorum',
        'majority',
        true,
      );
      const keys: ClaimKey[] = consistencyFromHere && s.w >= majority ? ['consistency', 'cap'] : [];
      out.push(
        finding(
          'consensus-needs-majority',
          s.origin.r ?? ds.nameSpan,
          `read_quorum = ${s.r} is below a majority of ${s.n} (${majority}): the leader answers without confirming it still leads, so a deposed leader cut off on the minority side keeps serving stale reads.`,
          {
            fixes: fix ? [fix] : [],
            ...explains(keys),
          },
        ),
      );
    }
    return out;
  },
});
