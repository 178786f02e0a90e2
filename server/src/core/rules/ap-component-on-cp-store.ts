// Diagnostic: ap-component-on-cp-store — a component that chose AP depends on a datastore that refuses
// requests on the side of a partition without a quorum, so the component cannot stay available there.

import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const apComponentOnCpStore = defineRule({
  id: 'ap-component-on-cp-store',
  severity: 'warning',
  summary: 'A component that chose AP depends on a datastore that refuses requests on the minority side of a partition.',
  checkComponent({ component, analyses }) {
    const out: Finding[] = [];
    if (component.choice?.value !== 'AP') return out;
    for (const use of component.uses) {
      const a = analyses.get(use.datastore);
      const f = a?.facts;
      if (!a || !f || f.model.n < 2 || (f.writesOnBothSides && f.readsOnBothSides)) continue;
      const refuses = !f.writesOnBothSides
        ? `writes (they need ${f.model.write.needs})`
        : `reads (they need ${f.model.read.needs})`;
      out.push(
        finding(
          'ap-component-on-cp-store',
          use.datastoreSpan,
          `'${component.name}' chose AP, but '${a.ds.name}' is ${f.pacelc}: on the side of a partition without a quorum it refuses ${refuses}, so '${component.name}' cannot keep answering there with this datastore.`,
          {
            related: [
              { span: component.choice.span, message: `'${component.name}' chose AP` },
              {
                span: a.ds.nameSpan,
                message: `'${a.ds.name}' is ${f.cap === 'neither' ? 'neither CP nor AP' : f.cap} (${f.pacelc})`,
              },
            ],
          },
        ),
      );
    }
    return out;
  },
});
