// Diagnostic: claim-needs-quorum-overlap — strong, linearizable or sequential consistency, or CP, claimed
// while a read quorum can miss every replica of the last write (R+W≤N).

import { needsQuorumOverlap } from '../consistency';
import { finding, type Finding, type Fix } from '../findings';
import type { Located } from '../model/design';
import { percent, replaceFix, setDatastoreKeyFix, type DatastoreRuleContext } from './context';

export function checkClaimNeedsQuorumOverlap(ctx: DatastoreRuleContext): Finding[] {
  const { ds, facts } = ctx;
  if (!facts || facts.readWriteOverlap) return [];
  const { n, r, w, family, readFrom } = facts.settings;
  // Reads served by a leader see every acknowledged write whatever R is; other rules cover those stores.
  if (family !== 'leaderless' && readFrom === 'leader') return [];
  const claims: { claim: Located<string>; what: string; weaker: string }[] = [];
  const c = ds.claims?.consistency;
  if (c && needsQuorumOverlap(c.value)) claims.push({ claim: c, what: `${c.value} consistency`, weaker: facts.consistency });
  const cap = ds.claims?.cap;
  if (cap?.value === 'CP') claims.push({ claim: cap, what: 'CP', weaker: 'AP' });
  return claims.map(({ claim, what, weaker }) => {
    const raiseR = n - w + 1;
    const raiseW = n - r + 1;
    // With asynchronous acks (a leader store, W below a majority) overlapping reads still lose writes on
    // failover: raising R alone would not make the claim true.
    const asyncLeader = family === 'leader' && w < facts.majority;
    const fixes = [
      asyncLeader ? undefined : setDatastoreKeyFix(`Raise read_quorum to ${raiseR} (R+W = ${raiseR + w} > ${n})`, ctx, ds.readQuorum, 'read_quorum', String(raiseR), true),
      setDatastoreKeyFix(`Raise write_quorum to ${raiseW} (R+W = ${r + raiseW} > ${n})`, ctx, ds.writeQuorum, 'write_quorum', String(raiseW), asyncLeader),
      replaceFix(`Weaken the claim to ${weaker}`, claim.span, weaker),
    ].filter((f): f is Fix => f !== undefined);
    const related = [
      { span: claim.span, message: `claimed: ${what}` },
      ...(facts.settings.origin.r ? [{ span: facts.settings.origin.r, message: `R = ${r}` }] : []),
      ...(facts.settings.origin.w ? [{ span: facts.settings.origin.w, message: `W = ${w}` }] : []),
      ...(facts.settings.origin.n ? [{ span: facts.settings.origin.n, message: `N = ${n}` }] : []),
    ];
    return finding(
      'claim-needs-quorum-overlap',
      claim.span,
      `'${ds.name}' claims ${what}, but R+W = ${r}+${w} = ${r + w} ≤ N = ${n}: a read of ${r} ${r === 1 ? 'replica' : 'replicas'} can miss ${w === 1 ? 'the one replica' : `all ${w} replicas`} that acknowledged the latest write (${percent(facts.staleReadProbability)} of reads right after a write). Read and write quorums must overlap: R+W > N.`,
      { related, fixes },
    );
  });
}
