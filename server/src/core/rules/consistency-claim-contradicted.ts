// Diagnostic: consistency-claim-contradicted — a consistency claim stronger than what the settings provide,
// when no more specific rule (quorum overlap, consensus, async acks) has already explained why.

import { CONSISTENCY_MEANING, satisfies } from '../consistency';
import { finding, type Finding } from '../findings';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkConsistencyClaim({ ds, facts }: DatastoreRuleContext, alreadyExplained: boolean): Finding[] {
  const claim = ds.claims?.consistency;
  if (!claim || !facts || alreadyExplained || satisfies(facts.consistency, claim.value)) return [];
  return [
    finding('consistency-claim-contradicted', claim.span, `'${ds.name}' claims ${claim.value} consistency, but its settings provide ${facts.consistency}: ${facts.consistencyReason} (${claim.value}: ${CONSISTENCY_MEANING[claim.value]})`, {
      fixes: [replaceFix(`Claim ${facts.consistency}, what the settings give`, claim.span, facts.consistency, true)],
    }),
  ];
}
