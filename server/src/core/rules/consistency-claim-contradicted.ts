// Diagnostic: consistency-claim-contradicted — a consistency claim stronger than what the settings provide,
// when no more specific rule (quorum overlap, consensus, async acks, the engine's semantics) explains why.

import { CONSISTENCY_MEANING, type Consistency } from '../semantics/consistency';
import { describeConsistency, strongest } from '../derive/verdicts';
import { replaceFix } from './context';
import { finding } from './findings';
import { defineRule } from './rule';

export const consistencyClaimContradicted = defineRule({
  id: 'consistency-claim-contradicted',
  severity: 'error',
  summary: 'The claimed consistency is stronger than the settings provide, for a reason the specific rules do not cover.',
  check({ ds, facts, open }) {
    const v = open('consistency');
    if (!v || !facts) return [];
    const c = facts.model.consistency;
    const claimed = v.claimed as Consistency;
    const gives = strongest([...c.provided, ...(c.session ?? [])]);
    return [
      finding(
        'consistency-claim-contradicted',
        v.span,
        `'${ds.name}' claims ${claimed} consistency, but its settings provide ${describeConsistency(c)}: ${c.reason} (${claimed}: ${CONSISTENCY_MEANING[claimed]})`,
        {
          fixes: [replaceFix(`Claim ${gives}, what the settings give`, v.span, gives, true)],
          claims: ['consistency'],
        },
      ),
    ];
  },
});
