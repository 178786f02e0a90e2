// Diagnostic: cap-claim-contradicted — the claimed CAP side is not what the settings give, when no more
// specific rule (CA across nodes, quorum overlap, full quorum, async acks) has already explained why.

import { finding, type Finding } from '../findings';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkCapClaim({ ds, facts }: DatastoreRuleContext, alreadyExplained: boolean): Finding[] {
  const claim = ds.claims?.cap;
  if (!claim || !facts || alreadyExplained || claim.value === facts.cap) return [];
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
