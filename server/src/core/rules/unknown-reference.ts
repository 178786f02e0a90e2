// Diagnostic: unknown-reference — a component uses an undeclared datastore, or a placement, a region-loss claim or
// a component's `regions:` names an undeclared region (did-you-mean, with a quick fix to the closest name).

import { didYouMean } from '../text/suggest';
import { replaceFix, type DesignRuleContext } from './context';
import { finding, type Finding } from './findings';
import { defineRule } from './rule';

export const unknownReference = defineRule({
  id: 'unknown-reference',
  severity: 'error',
  summary: 'A component, placement or region-loss claim names a datastore or region that is not declared.',
  checkDesign: checkUnknownReferences,
});

function checkUnknownReferences({ design }: DesignRuleContext): Finding[] {
  const out: Finding[] = [];
  const datastoreNames = design.datastores.map((d) => d.name);
  const known = new Set(datastoreNames);
  for (const component of design.components) {
    for (const use of component.uses) {
      if (known.has(use.datastore)) continue;
      // Never suggest a name this `uses:` map already has: the fix would write a duplicate key.
      const best = didYouMean(
        use.datastore,
        datastoreNames.filter((n) => !component.uses.some((u) => u.datastore === n)),
      );
      out.push(
        finding(
          'unknown-reference',
          use.datastoreSpan,
          `Component '${component.name}' uses '${use.datastore}', which is not a declared datastore.${best ? ` Did you mean '${best}'?` : ''}${datastoreNames.length ? ` Declared: ${datastoreNames.join(', ')}.` : ''}`,
          {
            fixes: best ? [replaceFix(`Change to '${best}'`, use.datastoreSpan, best, true)] : [],
          },
        ),
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
        const best = didYouMean(
          p.name,
          regionNames.filter((n) => !ds.placement!.regions.some((q) => q.name === n)),
        );
        out.push(
          finding(
            'unknown-reference',
            p.nameSpan,
            `The placement of '${ds.name}' names region '${p.name}', which is not in regions (${regionNames.join(', ') || 'none'}).${best ? ` Did you mean '${best}'?` : ''}`,
            {
              related: [{ span: design.regionsKeySpan, message: 'regions are declared here' }],
              fixes: best ? [replaceFix(`Change to '${best}'`, p.nameSpan, best, true)] : [],
            },
          ),
        );
      }
    }
    for (const c of design.components) {
      for (const r of c.regions?.names ?? []) {
        if (regions.has(r.name)) continue;
        const best = didYouMean(r.name, regionNames);
        out.push(
          finding(
            'unknown-reference',
            r.span,
            `Component '${c.name}' runs in region '${r.name}', which is not in regions (${regionNames.join(', ') || 'none'}).${best ? ` Did you mean '${best}'?` : ''}`,
            {
              related: [{ span: design.regionsKeySpan, message: 'regions are declared here' }],
              fixes: best ? [replaceFix(`Change to '${best}'`, r.span, best, true)] : [],
            },
          ),
        );
      }
    }
  }
  // Regions named by a survives_region_loss claim: declared ones, or the store's placed ones without `regions:`.
  for (const ds of design.datastores) {
    const claim = ds.claims?.survivesRegionLoss?.value;
    if (!claim || claim === 'any') continue;
    const names = design.regionsKeySpan ? design.regions.map((r) => r.name) : (ds.placement?.regions ?? []).map((p) => p.name);
    const declared = new Set(names);
    for (const region of claim) {
      if (declared.has(region.name)) continue;
      const best = didYouMean(region.name, names);
      out.push(
        finding(
          'unknown-reference',
          region.span,
          `'${ds.name}' claims to survive losing region '${region.name}', which is not ${design.regionsKeySpan ? `in regions (${names.join(', ') || 'none'})` : `in its placement (${names.join(', ') || 'none'})`}.${best ? ` Did you mean '${best}'?` : ''}`,
          {
            related: design.regionsKeySpan
              ? [{ span: design.regionsKeySpan, message: 'regions are declared here' }]
              : ds.placement
                ? [{ span: ds.placement.keySpan, message: 'where the replicas are' }]
                : [],
            fixes: best ? [replaceFix(`Change to '${best}'`, region.span, best, true)] : [],
          },
        ),
      );
    }
  }
  return out;
}
