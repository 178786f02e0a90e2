// Diagnostic: even-replica-majority — an even number of voters with majority quorums survives no more failures
// than one voter fewer. N may come from a generic `replicas:` or from the engine's own setting (etcd members,
// ZooKeeper servers, MongoDB members).

import { majorityOf } from '../semantics/quorum';
import { plural } from '../text/format';
import { replaceFix } from './context';
import { finding, type Fix } from './findings';
import { defineRule } from './rule';

export const evenReplicaMajority = defineRule({
  id: 'even-replica-majority',
  severity: 'info',
  summary: 'An even number of voters (or replicas, with majority quorums) survives no more failures than one fewer.',
  check({ ds, facts }) {
    const model = facts?.model;
    if (!model) return [];
    // Leaderless stores have no electorate; their write quorum plays the part, unless quorums are per region.
    const electorate = model.electorate ?? (model.family === 'leaderless' && !model.regions ? { voters: model.n, majority: facts.majority, what: 'replicas' } : undefined);
    if (!electorate) return [];
    const voters = electorate.voters;
    // The voter count's own setting (Sentinels, controllers), or N's when the voters are the replicas.
    const span = 'origin' in electorate && electorate.origin ? electorate.origin : voters === model.n ? model.origin.n : undefined;
    if (!span || span.start < 0 || voters < 2 || voters % 2 !== 0) return [];
    const { n, r, w } = model;
    // Leaderless replicas act as voters only where writes wait for exactly a majority.
    if (!model.electorate && w !== facts.majority) return [];
    const fixes: Fix[] = [];
    const generic = ds.replicas && span.start === ds.replicas.span.start;
    if (generic) {
      // Dropping a replica only keeps the same tolerance when R and W shrink with N (words or defaults).
      const quorumsFollowN = typeof (ds.readQuorum?.value ?? 'majority') === 'string' && typeof (ds.writeQuorum?.value ?? 'majority') === 'string';
      // Numeric quorums stay put when N changes, so only offer counts that keep R+W > N where it held.
      if (quorumsFollowN || r + w > n + 1 || r + w <= n) fixes.push(replaceFix(`Use ${plural(n + 1, 'replica')}`, span, String(n + 1), true));
      if (quorumsFollowN) fixes.push(replaceFix(`Use ${plural(n - 1, 'replica')}`, span, String(n - 1)));
    } else {
      fixes.push(replaceFix(`Use ${voters + 1}`, span, String(voters + 1), true), replaceFix(`Use ${voters - 1}`, span, String(voters - 1)));
    }
    const majority = electorate.majority;
    return [
      finding(
        'even-replica-majority',
        span,
        `With ${voters} ${electorate.what} a majority is ${majority}, so losing ${voters - majority + 1} of them stops '${ds.name}', exactly as with ${voters - 1}. The extra one adds cost and another node to fail, not tolerance; ${voters + 1} would survive ${plural(voters + 1 - majorityOf(voters + 1), 'failure')}.`,
        { fixes },
      ),
    ];
  },
});
