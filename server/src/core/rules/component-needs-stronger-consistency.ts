// Diagnostic: component-needs-stronger-consistency — a component needs more from a datastore than it provides.

import { providesConsistency } from '../derive';
import { finding, type Finding } from '../findings';
import type { DesignRuleContext } from './context';

export function checkComponentNeeds({ design, facts }: DesignRuleContext): Finding[] {
  const out: Finding[] = [];
  const byName = new Map(design.datastores.map((d) => [d.name, d]));
  for (const component of design.components) {
    for (const use of component.uses) {
      const ds = byName.get(use.datastore);
      const f = facts.get(use.datastore);
      if (!ds || !f || !use.needs || providesConsistency(f, use.needs.value)) continue;
      const related = [{ span: ds.nameSpan, message: `'${ds.name}' provides ${f.consistency}` }];
      if (ds.claims?.consistency) related.push({ span: ds.claims.consistency.span, message: `'${ds.name}' claims ${ds.claims.consistency.value}` });
      out.push(
        finding('component-needs-stronger-consistency', use.needs.span, `'${component.name}' needs ${use.needs.value} reads from '${ds.name}', but '${ds.name}' provides only ${f.consistency}: ${f.consistencyReason}`, { related }),
      );
    }
  }
  return out;
}
