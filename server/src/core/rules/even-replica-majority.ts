// Diagnostic: even-replica-majority — an even N with majority quorums survives no more failures than N−1.

import { finding, type Finding } from '../findings';
import { majorityOf } from '../quorum';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkEvenReplicaMajority({ ds, facts }: DatastoreRuleContext): Finding[] {
  if (!facts || !ds.replicas) return [];
  const { n, r, w, family } = facts.settings;
  if (n < 2 || n % 2 !== 0) return [];
  // Only where writes wait for exactly a majority: then N−1 replicas tolerate as many failures.
  if (w !== facts.majority && !(family === 'consensus' && w < facts.majority)) return [];
  // Dropping a replica only keeps the same tolerance when R and W shrink with N (words or defaults).
  const quorumsFollowN = typeof (ds.readQuorum?.value ?? 'majority') === 'string' && typeof (ds.writeQuorum?.value ?? 'majority') === 'string';
  return [
    finding(
      'even-replica-majority',
      ds.replicas.span,
      `With ${n} replicas a majority is ${facts.majority}, so '${ds.name}' survives ${facts.writeFailuresSurvived} ${facts.writeFailuresSurvived === 1 ? 'failure' : 'failures'}, exactly as ${n - 1} replicas would. The extra replica adds cost and another node to fail, not tolerance; ${n + 1} would survive ${n + 1 - majorityOf(n + 1)}.`,
      // Numeric quorums stay put when N changes, so only offer counts that keep R+W > N where it held.
      { fixes: [...(quorumsFollowN || r + w > n + 1 || r + w <= n ? [replaceFix(`Use ${n + 1} replicas`, ds.replicas.span, String(n + 1), true)] : []), ...(quorumsFollowN ? [replaceFix(`Use ${n - 1} replicas`, ds.replicas.span, String(n - 1))] : [])] },
    ),
  ];
}
