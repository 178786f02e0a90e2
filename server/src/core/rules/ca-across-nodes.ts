// Diagnostic: ca-across-nodes — CA claimed where a partition can happen (more than one replica or region).

import { replaceFix } from './context';
import { finding } from './findings';
import { defineRule } from './rule';
import { plural } from '../text/format';

export const caAcrossNodes = defineRule({
  id: 'ca-across-nodes',
  severity: 'error',
  summary: 'CA is claimed for a datastore with more than one node or region, where partitions can happen.',
  check({ ds, facts, open }) {
    const v = open('cap');
    if (v?.claimed !== 'CA' || !facts) return [];
    const nodes = facts.model.topology.classes.reduce((t, c) => t + c.size, 0);
    const regions = facts.model.topology.placed ? facts.model.topology.groups.length : 1;
    const where = nodes > 1 ? `${plural(nodes, 'node')}` : `${plural(regions, 'region')}`;
    const alternative = facts.cap === 'CA' || facts.cap === 'neither' ? 'CP' : facts.cap;
    return [
      finding(
        'ca-across-nodes',
        v.span,
        `'${ds.name}' claims CA, but it runs on ${where}, and the network between them can partition. CA only exists for a single node: when a partition comes, a replicated store must either refuse requests (CP) or answer with possibly stale data (AP). These settings make it ${v.derived}: ${facts.capReason}`,
        {
          related: facts.model.origin.n ? [{ span: facts.model.origin.n, message: `N = ${facts.model.n}` }] : [],
          fixes:
            facts.cap === 'neither'
              ? []
              : [replaceFix(`Claim ${alternative}, what the settings give`, v.span, alternative, true)],
          claims: ['cap'],
        },
      ),
    ];
  },
});
