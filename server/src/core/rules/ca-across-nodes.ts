// Diagnostic: ca-across-nodes — CA claimed where a partition can happen (more than one replica or region).

import { finding, type Finding } from '../findings';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkCaAcrossNodes({ ds, facts }: DatastoreRuleContext): Finding[] {
  const cap = ds.claims?.cap;
  if (cap?.value !== 'CA' || !facts) return [];
  const regions = ds.placement?.regions.filter((p) => p.count.value > 0).length ?? 0;
  if (facts.settings.n <= 1 && regions <= 1) return [];
  const where = facts.settings.n > 1 ? `${facts.settings.n} replicas` : `${regions} regions`;
  const alternative = facts.cap === 'CA' ? 'CP' : facts.cap;
  return [
    finding(
      'ca-across-nodes',
      cap.span,
      `'${ds.name}' claims CA, but it runs on ${where}, and the network between them can partition. CA only exists for a single node: when a partition comes, a replicated store must either refuse requests (CP) or answer with possibly stale data (AP). These settings make it ${facts.cap}.`,
      { related: facts.settings.origin.n ? [{ span: facts.settings.origin.n, message: `N = ${facts.settings.n}` }] : [], fixes: [replaceFix(`Claim ${alternative}, what the settings give`, cap.span, alternative, true)] },
    ),
  ];
}
