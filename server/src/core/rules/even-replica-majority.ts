// Diagnostic: even-replica-majority — an even number of voters with majority quorums survives no more failures
// than one voter fewer. N may come from a generic `replicas:` or from the engine's own setting (etcd members,
// ZooKeeper servers, MongoDB members).

import { majorityOf } from '../semantics/quorum';
import { plural } from '../text/format';
import { replaceFix } from './context';
import type { Electorate } from '../engines/store-model';
import { finding, type Finding, type Fix } from './findings';
import { defineRule } from './rule';

export const evenReplicaMajority = defineRule({
  id: 'even-replica-majority',
  severity: 'info',
  summary: 'An even number of voters (or replicas, with majority quorums) survives no more failures than one fewer.',
  check({ ds, facts }) {
    const model = facts?.model;
    if (!model) return [];
    // Leaderless stores have no electorate; their write quorum plays the part, unless quorums are per region,
    // and only where writes wait for exactly a majority.
    const leaderless = !model.electorate && model.family === 'leaderless' && !model.regions && model.w === facts.majority;
    const primary: Electorate | undefined =
      model.electorate ?? (leaderless ? { voters: model.n, majority: facts.majority, what: 'replicas' } : undefined);
    const out: Finding[] = [];
    for (const group of [...(primary ? [primary] : []), ...(model.coordinators ?? [])]) {
      const { voters, majority } = group;
      if (voters < 2 || voters % 2 !== 0) continue;
      // The voter count's own setting (Sentinels, arbiters, PD members), or N's when the voters are the replicas.
      const origin =
        group.origin ??
        (group === primary && voters === model.n && model.origin.n
          ? { span: model.origin.n, value: model.n, key: undefined, max: undefined }
          : undefined);
      if (!origin || origin.span.start < 0) continue;
      const span = origin.span;
      const fixes: Fix[] = [];
      if (ds.replicas && span.start === ds.replicas.span.start) {
        const { n, r, w } = model;
        // Dropping a replica only keeps the same tolerance when R and W shrink with N (words or defaults).
        const quorumsFollowN =
          typeof (ds.readQuorum?.value ?? 'majority') === 'string' && typeof (ds.writeQuorum?.value ?? 'majority') === 'string';
        // Numeric quorums stay put when N changes, so only offer counts that keep R+W > N where it held.
        if (quorumsFollowN || r + w > n + 1 || r + w <= n)
          fixes.push(replaceFix(`Use ${plural(origin.value + 1, 'replica')}`, span, String(origin.value + 1), true));
        if (quorumsFollowN) fixes.push(replaceFix(`Use ${plural(origin.value - 1, 'replica')}`, span, String(origin.value - 1)));
      } else {
        // Move the written count by one: the voters become odd either way.
        const title = (v: number) => (origin.key ? `Use ${origin.key}: ${v}` : `Use ${v}`);
        const more = origin.max === undefined || origin.value + 1 <= origin.max;
        if (more) fixes.push(replaceFix(title(origin.value + 1), span, String(origin.value + 1), true));
        if (origin.value - 1 >= 0 && voters - 1 >= 1)
          fixes.push(replaceFix(title(origin.value - 1), span, String(origin.value - 1), !more));
      }
      const stops =
        group.stops === 'failover'
          ? `failover for '${ds.name}' (its master keeps serving, but one that fails is not replaced)`
          : `'${ds.name}'`;
      out.push(
        finding(
          'even-replica-majority',
          span,
          `With ${voters} ${group.what} a majority is ${majority}, so losing ${voters - majority + 1} of them stops ${stops}, exactly as with ${voters - 1}. The extra one adds cost and another node to fail, not tolerance; ${voters + 1} would survive ${plural(voters + 1 - majorityOf(voters + 1), 'failure')}.`,
          { fixes },
        ),
      );
    }
    return out;
  },
});
