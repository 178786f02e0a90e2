// Diagnostic: engine-consistency-contradicted — a consistency (or CP) claim stronger than what the engine's own
// settings give, explained in the engine's terms with the setting responsible.

import type { Consistency } from '../semantics/consistency';
import { CONSISTENCY_MEANING } from '../semantics/consistency';
import { describeConsistency, strongest } from '../derive/verdicts';
import { replaceFix } from './context';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';
import { relatedSetting, settingChangeFix } from './setting-edits';

export const engineConsistencyContradicted = defineRule({
  id: 'engine-consistency-contradicted',
  severity: 'error',
  summary:
    "The claimed consistency is stronger than what the engine's own settings give reads (e.g. LOCAL_QUORUM across datacenters, etcd serializable reads, Cosmos DB session reads claimed strong).",
  check(ctx) {
    const { ds, analysis, facts, open } = ctx;
    const c = facts?.model.consistency;
    // biome-ignore lint/complexity/useOptionalChain: the long form lets TypeScript narrow the facts it came from below
    if (!c || c.cause !== 'engine' || !analysis.engine) return [];
    const name = analysis.engine.displayName;
    const related = relatedSetting(ds, c.setting, `${c.setting} decides what reads see`);
    const out: Finding[] = [];
    // The engine's suggested change, offered only where it makes the claim hold.
    const fix = (claim: 'consistency' | 'cap') => settingChangeFix(ctx, c.fix, true, claim);
    const consistency = open('consistency');
    if (consistency) {
      const claimed = consistency.claimed as Consistency;
      // The strongest claim that would hold: session guarantees count for a datastore's own claims.
      const gives = strongest([...c.provided, ...(c.session ?? [])]);
      out.push(
        finding(
          'engine-consistency-contradicted',
          consistency.span,
          `'${ds.name}' claims ${claimed} consistency, but with these ${name} settings reads give ${describeConsistency(c)}: ${c.reason} (${claimed}: ${CONSISTENCY_MEANING[claimed]})`,
          {
            related,
            fixes: [
              ...fix('consistency'),
              replaceFix(`Claim ${gives}, what ${name} gives`, consistency.span, gives, fix('consistency').length === 0),
            ],
            claims: ['consistency'],
          },
        ),
      );
    }
    const cap = open('cap');
    if (cap?.claimed === 'CP') {
      out.push(
        finding(
          'engine-consistency-contradicted',
          cap.span,
          `'${ds.name}' claims CP, but with these ${name} settings reads give ${describeConsistency(c)}, which a partition does not keep consistent: ${c.reason}`,
          {
            related,
            fixes: [
              ...fix('cap'),
              ...(facts.cap === 'AP'
                ? [replaceFix('Claim AP, what the reads give', cap.span, 'AP', fix('cap').length === 0)]
                : []),
            ],
            claims: ['cap'],
          },
        ),
      );
    }
    return out;
  },
});
