// Diagnostic: ap-component-on-cp-store — a component that chose AP depends on a datastore that refuses
// requests on the minority side of a partition, so the component cannot stay available there.

import { finding, type Finding } from '../findings';
import type { DesignRuleContext } from './context';

export function checkApComponentOnCpStore({ design, facts }: DesignRuleContext): Finding[] {
  const out: Finding[] = [];
  const byName = new Map(design.datastores.map((d) => [d.name, d]));
  for (const component of design.components) {
    if (component.choice?.value !== 'AP') continue;
    for (const use of component.uses) {
      const ds = byName.get(use.datastore);
      const f = facts.get(use.datastore);
      if (!ds || !f || !f.pacelc.startsWith('PC') || f.settings.n < 2) continue;
      const refuses = f.minorityRefusesWrites ? 'writes' : 'consistent reads';
      out.push(
        finding('ap-component-on-cp-store', use.datastoreSpan, `'${component.name}' chose AP, but '${ds.name}' is ${f.pacelc}: on the side of a partition without a quorum it refuses ${refuses}, so '${component.name}' cannot keep answering there with this datastore.`, {
          related: [
            { span: component.choice.span, message: `'${component.name}' chose AP` },
            { span: ds.nameSpan, message: `'${ds.name}' is ${f.cap} (${f.pacelc})` },
          ],
        }),
      );
    }
  }
  return out;
}
