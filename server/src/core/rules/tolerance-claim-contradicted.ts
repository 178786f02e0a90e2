// Diagnostic: tolerance-claim-contradicted — more failures claimed survivable (with writes) than the quorums allow.

import { finding, type Finding } from '../findings';
import { plural } from '../text';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkToleranceClaim({ ds, facts }: DatastoreRuleContext): Finding[] {
  const claim = ds.claims?.tolerates;
  if (!claim || !facts || claim.value <= facts.writeFailuresSurvived) return [];
  const { n, w, family } = facts.settings;
  const needed = family === 'consensus' ? Math.max(w, facts.majority) : w;
  const because =
    family === 'consensus' && needed === facts.majority
      ? `${n} consensus replicas need a majority of ${needed} to commit`
      : `writes need W = ${w} of ${n} replicas`;
  return [
    finding(
      'tolerance-claim-contradicted',
      claim.span,
      `'${ds.name}' claims to survive ${plural(claim.value, 'failure')} with writes available, but ${because}: after ${plural(facts.writeFailuresSurvived + 1, 'failure')} only ${n - facts.writeFailuresSurvived - 1} remain and writes stop. It tolerates ${facts.writeFailuresSurvived}.`,
      {
        related: facts.settings.origin.n ? [{ span: facts.settings.origin.n, message: `N = ${n}` }] : [],
        fixes: [replaceFix(`Claim ${facts.writeFailuresSurvived}`, claim.span, String(facts.writeFailuresSurvived), true)],
      },
    ),
  ];
}
