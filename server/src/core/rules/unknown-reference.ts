// Diagnostic: unknown-reference — a component uses an undeclared datastore, or a placement names an
// undeclared region (did-you-mean, with a quick fix to the closest name).

import { didYouMean } from '../text/suggest';
import { replaceFix, type DesignRuleContext } from './context';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const unknownReference = defineRule({
  id: 'unknown-reference',
  severity: 'error',
  summary: 'A component or placement names a datastore or region that is not declared.',
  checkDesign: checkUnknownReferences,
});

function checkUnknownReferences({ design }: DesignRuleContext): Finding[] {
  const out: Finding[] = [];
  const datastoreNames = design.datastores.map((d) => d.name);
  const known = new Set(datastoreNames);
  for (const component of design.components) {
    for (const use of component.uses) {
      if (known.has(use.datastore)) continue;
      const best = didYouMean(use.datastore, datastoreNames);
      out.push(
        finding('unknown-reference', use.datastoreSpan, `Component '${component.name}' uses '${use.datastore}', which is not a declared datastore.${best ? ` Did you mean '${best}'?` : ''}${datastoreNames.length ? ` Declared: ${datastoreNames.join(', ')}.` : ''}`, {
          fixes: best ? [replaceFix(`Change to '${best}'`, use.datastoreSpan, best, true)] : [],
        }),
      );
    }
  }
  // Region names are only checked against a declared `regions:` list.
  if (design.regionsKeySpan) {
    const regionNames = design.regions.map((r) => r.name);
    const regions = new Set(regionNames);
    for (const ds of design.datastores) {
      for (const p of ds.placement?.regions ?? []) {
        if (regions.has(p.name)) continue;
        const best = didYouMean(p.name, regionNames);
        out.push(
          finding('unknown-reference', p.nameSpan, `The placement of '${ds.name}' names region '${p.name}', which is not in regions (${regionNames.join(', ') || 'none'}).${best ? ` Did you mean '${best}'?` : ''}`, {
            related: [{ span: design.regionsKeySpan, message: 'regions are declared here' }],
            fixes: best ? [replaceFix(`Change to '${best}'`, p.nameSpan, best, true)] : [],
          }),
        );
      }
    }
  }
  return out;
}
