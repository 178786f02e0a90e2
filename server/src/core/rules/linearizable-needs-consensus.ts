// Diagnostic: linearizable-needs-consensus — linearizable claimed where the settings only give `strong`.

import { replaceFix } from './context';
import { finding } from './findings';
import { defineRule } from './rule';

export const linearizableNeedsConsensus = defineRule({
  id: 'linearizable-needs-consensus',
  severity: 'error',
  summary:
    'Linearizable is claimed where the settings give only strong consistency (leaderless quorums, follower reads, failover without consensus).',
  check({ ds, facts, open }) {
    const v = open('consistency');
    const model = facts?.model;
    if (v?.claimed !== 'linearizable' || !model || model.consistency.cause !== 'no-consensus') return [];
    const { family, readFrom } = model;
    const why =
      family === 'leaderless'
        ? 'leaderless quorums give every read the latest acknowledged write, but two overlapping reads can disagree while a write is in flight (no read repair before answering), so there is no single real-time order'
        : readFrom === 'followers'
          ? 'reads served by followers can miss the newest write that the leader already acknowledged to another client'
          : 'without consensus, a deposed primary can keep answering after failover, so two clients can see the history in different orders';
    return [
      finding(
        'linearizable-needs-consensus',
        v.span,
        `'${ds.name}' claims linearizable, but its settings give only strong consistency: ${why}. Linearizability needs a consensus leader that confirms reads with a majority.`,
        {
          related: ds.replication
            ? [{ span: ds.replication.span, message: `replication: ${family}` }]
            : ds.readFrom
              ? [{ span: ds.readFrom.span, message: `read_from: ${readFrom}` }]
              : [],
          fixes: [replaceFix('Weaken the claim to strong', v.span, 'strong', true)],
          claims: ['consistency'],
        },
      ),
    ];
  },
});
