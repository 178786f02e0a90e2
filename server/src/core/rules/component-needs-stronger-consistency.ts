// Diagnostic: component-needs-stronger-consistency — a component needs more from a datastore than it provides
// to that component: session guarantees count only for a component reading in the writer's session.

import { describeConsistency, judgeUse } from '../derive/verdicts';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const componentNeedsStrongerConsistency = defineRule({
  id: 'component-needs-stronger-consistency',
  severity: 'error',
  summary: 'A component needs more consistency from a datastore than the datastore provides.',
  checkComponent({ component, analyses }) {
    const out: Finding[] = [];
    for (const use of component.uses) {
      const a = analyses.get(use.datastore);
      const facts = a?.facts;
      const verdict = facts && judgeUse(use, facts);
      if (!a || !facts || !verdict || verdict.holds) continue;
      const ds = a.ds;
      const c = facts.model.consistency;
      const scope =
        use.session?.value === 'separate' && c.session
          ? ` to a client outside the writer's session (within a session: ${c.session.join(' + ')})`
          : '';
      const related = [{ span: ds.nameSpan, message: `'${ds.name}' provides ${describeConsistency(c)}` }];
      if (ds.claims?.consistency)
        related.push({ span: ds.claims.consistency.span, message: `'${ds.name}' claims ${ds.claims.consistency.value}` });
      if (use.session) related.push({ span: use.session.span, message: `session: ${use.session.value}` });
      out.push(
        finding(
          'component-needs-stronger-consistency',
          use.needs!.span,
          `'${component.name}' needs ${use.needs!.value} reads from '${ds.name}', but '${ds.name}' provides only ${verdict.derived}${scope}: ${c.reason}`,
          { related },
        ),
      );
    }
    return out;
  },
});
