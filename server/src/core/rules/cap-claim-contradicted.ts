// Diagnostic: cap-claim-contradicted — the claimed CAP side is not what the settings give, when no more
// specific rule (CA across nodes, quorum overlap, full quorum, lost writes, the engine) explains why.

import { replaceFix } from './context';
import { finding } from './findings';
import { defineRule } from './rule';

export const capClaimContradicted = defineRule({
  id: 'cap-claim-contradicted',
  severity: 'warning',
  summary: 'The claimed CAP side is not the one the settings give, for a reason the specific rules do not cover.',
  check({ ds, facts, open }) {
    const v = open('cap');
    if (!v || !facts) return [];
    const fix = facts.cap === 'neither' ? undefined : replaceFix(`Claim ${facts.cap}`, v.span, facts.cap, true);
    return [
      finding(
        'cap-claim-contradicted',
        v.span,
        `'${ds.name}' claims ${v.claimed}, but its settings make it ${v.derived}: ${facts.capReason}`,
        {
          fixes: fix ? [fix] : [],
          claims: ['cap'],
        },
      ),
    ];
  },
});
