// Diagnostic: cap-claim-contradicted — the claimed CAP side is not what the settings give, when no more
// specific rule (CA across nodes, quorum overlap, full quorum, async acks) has already explained why.

import { finding, type Finding } from '../findings';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkCapClaim({ ds, facts }: DatastoreRuleContext, alreadyExplained: boolean): Finding[] {
  const claim = ds.claims?.cap;
  if (!claim || !facts || alreadyExplained) return [];
  if (claim.value === 'AP' && facts.cap === 'AP' && facts.minorityRefusesWrites && facts.settings.family === 'leaderless' && facts.settings.n > 1) {
    // Not consistent, yet not available either: the side without W replicas refuses writes. (Leader and
    // consensus stores with stale follower reads are left alone: "AP for reads" is their documented mode.)
    const { n, w } = facts.settings;
    return [
      finding('cap-claim-contradicted', claim.span, `'${ds.name}' claims AP, but writes need W = ${w} of ${n} replicas (2W > N), so the side of a partition with fewer refuses writes: it is not available there. Its reads are not consistent either (${facts.consistency}), so during a partition it is neither CP nor AP.`, {
        fixes: ds.writeQuorum ? [replaceFix('Accept writes on any replica: write_quorum one', ds.writeQuorum.span, 'one', true)] : [],
      }),
    ];
  }
  if (claim.value === facts.cap) return [];
  // A single replica in one region is trivially consistent: CP and CA both describe it.
  if (facts.cap === 'CA' && claim.value === 'CP') return [];
  const why =
    facts.cap === 'CP'
      ? `it stays consistent (${facts.consistency}) by refusing requests on the side of a partition that cannot reach a quorum.`
      : facts.cap === 'CA'
        ? 'it is a single replica in one place, so there is no partition between copies to choose a side in: it is consistent, and simply unavailable while its one node is unreachable.'
        : `it does not stay consistent under partition (${facts.consistency}): ${facts.consistencyReason}`;
  return [
    finding('cap-claim-contradicted', claim.span, `'${ds.name}' claims ${claim.value}, but its settings make it ${facts.cap}: ${why}`, {
      fixes: [replaceFix(`Claim ${facts.cap}`, claim.span, facts.cap, true)],
    }),
  ];
}
