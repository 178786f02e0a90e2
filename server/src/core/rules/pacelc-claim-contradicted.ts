// Diagnostic: pacelc-claim-contradicted — the claimed PACELC class is not what the settings give.

import { replaceFix } from './context';
import { finding } from './findings';
import { defineRule } from './rule';

export const pacelcClaimContradicted = defineRule({
  id: 'pacelc-claim-contradicted',
  severity: 'warning',
  summary: 'The claimed PACELC class is not the one the settings give.',
  check({ ds, facts, open }) {
    const v = open('pacelc');
    if (!v || !facts) return [];
    const [claimedP, claimedE] = v.claimed.split('/');
    const [actualP, actualE] = facts.pacelc.split('/');
    const reasons = [
      claimedP !== actualP ? facts.pacelcReasons.partition : undefined,
      claimedE !== actualE ? facts.pacelcReasons.otherwise : undefined,
    ].filter((r) => r !== undefined);
    return [
      finding(
        'pacelc-claim-contradicted',
        v.span,
        `'${ds.name}' claims ${v.claimed}, but the settings give ${facts.pacelc}: ${reasons.join('; and ')}.`,
        {
          fixes: [replaceFix(`Claim ${facts.pacelc}`, v.span, facts.pacelc, true)],
          claims: ['pacelc'],
        },
      ),
    ];
  },
});
