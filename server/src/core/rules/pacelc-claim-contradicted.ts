// Diagnostic: pacelc-claim-contradicted — the claimed PACELC class is not what the settings give.

import { finding, type Finding } from '../findings';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkPacelcClaim({ ds, facts }: DatastoreRuleContext): Finding[] {
  const claim = ds.claims?.pacelc;
  if (!claim || !facts || claim.value === facts.pacelc) return [];
  const [claimedP, claimedE] = claim.value.split('/');
  const [actualP, actualE] = facts.pacelc.split('/');
  const reasons: string[] = [];
  if (claimedP !== actualP)
    reasons.push(
      actualP === 'PC'
        ? facts.minorityRefusesWrites
          ? 'on a partition the side without a quorum refuses writes, so it chooses consistency (PC)'
          : 'on a partition the side without a quorum refuses reads it cannot serve consistently, so it chooses consistency (PC)'
        : 'on a partition every side keeps accepting writes or serving stale reads, so it chooses availability (PA)',
    );
  if (claimedE !== actualE)
    reasons.push(
      actualE === 'EC'
        ? 'with no partition, requests wait for enough replicas that reads see the latest write, so it pays latency for consistency (EC)'
        : `with no partition, reads can still return stale data (${facts.consistencyWhileHealthy}), so it chooses latency (EL)`,
    );
  return [
    finding('pacelc-claim-contradicted', claim.span, `'${ds.name}' claims ${claim.value}, but the settings give ${facts.pacelc}: ${reasons.join('; and ')}.`, {
      fixes: [replaceFix(`Claim ${facts.pacelc}`, claim.span, facts.pacelc, true)],
    }),
  ];
}
