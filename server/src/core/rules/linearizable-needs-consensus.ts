// Diagnostic: linearizable-needs-consensus — linearizable claimed where the settings only give `strong`.

import { finding, type Finding } from '../findings';
import { replaceFix, type DatastoreRuleContext } from './context';

export function checkLinearizableNeedsConsensus({ ds, facts }: DatastoreRuleContext): Finding[] {
  const claim = ds.claims?.consistency;
  if (claim?.value !== 'linearizable' || !facts || facts.consistency !== 'strong') return [];
  const { family, readFrom } = facts.settings;
  const why =
    family === 'leaderless'
      ? 'leaderless quorums give every read the latest acknowledged write, but two overlapping reads can disagree while a write is in flight (no read repair before answering), so there is no single real-time order'
      : readFrom === 'followers'
        ? 'reads served by followers can miss the newest write that the leader already acknowledged to another client'
        : 'without consensus, a deposed primary can keep answering after failover, so two clients can see the history in different orders';
  return [
    finding('linearizable-needs-consensus', claim.span, `'${ds.name}' claims linearizable, but its settings give only strong consistency: ${why}. Linearizability needs a consensus leader that confirms reads with a majority.`, {
      related: ds.replication ? [{ span: ds.replication.span, message: `replication: ${family}` }] : ds.readFrom ? [{ span: ds.readFrom.span, message: `read_from: ${readFrom}` }] : [],
      fixes: [replaceFix('Weaken the claim to strong', claim.span, 'strong', true)],
    }),
  ];
}
