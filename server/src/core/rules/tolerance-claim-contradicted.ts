// Diagnostic: tolerance-claim-contradicted — more failures claimed survivable, with writes available, than the
// write path's conditions allow (counted over every node: replicas, voters, electors).

import { plural } from '../text/format';
import { replaceFix } from './context';
import { finding } from './findings';
import { defineRule } from './rule';

export const toleranceClaimContradicted = defineRule({
  id: 'tolerance-claim-contradicted',
  severity: 'error',
  summary: 'The datastore is claimed to survive more failures, with writes available, than its write path allows.',
  check({ ds, facts, open }) {
    const v = open('tolerates');
    if (!v || !facts) return [];
    const model = facts.model;
    const survived = facts.writeFailuresSurvived;
    const nodes = model.topology.classes.reduce((t, c) => t + c.size, 0);
    return [
      finding(
        'tolerance-claim-contradicted',
        v.span,
        `'${ds.name}' claims to survive ${plural(Number(v.claimed), 'failure')} with writes available, but writes need ${model.write.needs}: ${plural(survived + 1, 'failure')} among its ${plural(nodes, 'node')} can stop them. It tolerates ${survived}.`,
        {
          related: model.origin.n ? [{ span: model.origin.n, message: `N = ${model.n}` }] : [],
          fixes: [replaceFix(`Claim ${survived}`, v.span, String(survived), true)],
          claims: ['tolerates'],
        },
      ),
    ];
  },
});
