// Diagnostic: engine-consistency-contradicted — a consistency (or CP) claim stronger than what the engine's own
// settings give, explained in the engine's terms with the setting responsible.

import type { Consistency } from '../semantics/consistency';
import { CONSISTENCY_MEANING } from '../semantics/consistency';
import { describeConsistency, isSessionModel, strongest } from '../derive/verdicts';
import { replaceFix } from './context';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';
import { relatedSetting, settingChangeFix } from './setting-edits';

export const engineConsistencyContradicted = defineRule({
  id: 'engine-consistency-contradicted',
  severity: 'error',
  summary: "The claimed consistency is stronger than what the engine's own settings give reads (e.g. LOCAL_QUORUM across datacenters, etcd serializable reads, Cosmos DB session reads claimed strong).",
  check(ctx) {
    const { ds, analysis, facts, open } = ctx;
    const c = facts?.model.consistency;
    if (!c || c.cause !== 'engine' || !analysis.engine) return [];
    const name = analysis.engine.displayName;
    const related = relatedSetting(ds, c.setting, `${c.setting} decides what reads see`);
    const out: Finding[] = [];
    const consistency = open('consistency');
    if (consistency) {
      const claimed = consistency.claimed as Consistency;
      const gives = strongest(isSessionModel(claimed) && c.session ? [...c.provided, ...c.session] : c.provided);
      out.push(
        finding('engine-consistency-contradicted', consistency.span, `'${ds.name}' claims ${claimed} consistency, but with these ${name} settings reads give ${describeConsistency(c)}: ${c.reason} (${claimed}: ${CONSISTENCY_MEANING[claimed]})`, {
          related,
          fixes: [...settingChangeFix(ctx, c.fix, true), replaceFix(`Claim ${gives}, what ${name} gives`, consistency.span, gives, !c.fix)],
          claims: ['consistency'],
        }),
      );
    }
    const cap = open('cap');
    if (cap?.claimed === 'CP') {
      out.push(
        finding('engine-consistency-contradicted', cap.span, `'${ds.name}' claims CP, but with these ${name} settings reads give ${describeConsistency(c)}, which a partition does not keep consistent: ${c.reason}`, {
          related,
          fixes: [...settingChangeFix(ctx, c.fix, true), ...(facts.cap === 'AP' ? [replaceFix('Claim AP, what the reads give', cap.span, 'AP', !c.fix)] : [])],
          claims: ['cap'],
        }),
      );
    }
    return out;
  },
});
