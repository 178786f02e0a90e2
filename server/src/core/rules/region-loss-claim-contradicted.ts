// Diagnostic: region-loss-claim-contradicted — the design claims the datastore survives losing a region, but
// with that region's nodes gone, clients in the other regions cannot read or write.

import { judgeRegionLoss } from '../derive/verdicts';
import { finding } from './findings';
import { defineRule } from './rule';
import { plural } from '../text/format';

export const regionLossClaimContradicted = defineRule({
  id: 'region-loss-claim-contradicted',
  severity: 'error',
  summary:
    'The datastore is claimed to survive losing a region, but its placement leaves the other regions without the replicas reads or writes need.',
  check({ ds, facts, open }) {
    const v = open('survives_region_loss');
    const claim = ds.claims?.survivesRegionLoss;
    if (!v || !facts || !claim) return [];
    const model = facts.model;
    if (facts.regionLosses.length === 0) {
      const written = ds.placement?.regions.reduce((t, p) => t + p.count.value, 0);
      const where =
        written !== undefined && written !== model.n
          ? `its placement puts ${plural(written, 'replica')} in regions and it has ${model.n}, so where they are is unknown`
          : ds.placement && ds.placement.regions.filter((p) => p.count.value > 0).length === 1
            ? `all ${plural(model.n, 'replica')} are placed in one region, which can be the one that is lost`
            : `its ${plural(model.n, 'replica')} are not placed over several regions (add \`placement:\` with the replicas per region): all of them can be in the region that is lost`;
      const related = ds.placement ? [{ span: ds.placement.keySpan, message: 'where the replicas are' }] : [];
      return [
        finding('region-loss-claim-contradicted', v.span, `'${ds.name}' claims to survive losing a region, but ${where}.`, {
          related,
          claims: ['survives_region_loss'],
        }),
      ];
    }
    const j = judgeRegionLoss(claim.value, facts);
    const byName = new Map(facts.regionLosses.map((l) => [l.region, l]));
    const parts = [
      ...j.failing.map((name) => {
        const loss = byName.get(name)!;
        const stops = [
          !loss.writes ? `writes (${model.write.needs})` : undefined,
          !loss.reads ? `reads (${model.read.needs})` : undefined,
        ]
          .filter(Boolean)
          .join(' and ');
        return `losing ${name} (${loss.replicas} of ${plural(
          model.topology.classes.reduce((t, c) => t + c.size, 0),
          'node',
        )}) stops ${stops}`;
      }),
    ];
    const related = ds.placement ? [{ span: ds.placement.keySpan, message: 'where the replicas are' }] : [];
    return [
      finding(
        'region-loss-claim-contradicted',
        v.span,
        `'${ds.name}' claims to survive losing ${v.claimed}, but ${parts.join('; ')}.`,
        { related, claims: ['survives_region_loss'] },
      ),
    ];
  },
});
