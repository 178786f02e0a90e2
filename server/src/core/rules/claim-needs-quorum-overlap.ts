// Diagnostic: claim-needs-quorum-overlap — strong, linearizable or sequential consistency, or CP, claimed
// while a read quorum can miss every replica of the last write (R+W≤N).

import { needsQuorumOverlap, type Consistency } from '../semantics/consistency';
import { percent, plural } from '../text/format';
import { strongest } from '../derive/verdicts';
import { replaceFix, setDatastoreKeyFix } from './context';
import { finding, type Fix } from './findings';
import { defineRule } from './rule';

export const claimNeedsQuorumOverlap = defineRule({
  id: 'claim-needs-quorum-overlap',
  severity: 'error',
  summary:
    'Strong, linearizable or sequential consistency, or CP, is claimed while read and write quorums need not overlap (R+W≤N).',
  check(ctx) {
    const { ds, facts, open } = ctx;
    const model = facts?.model;
    // biome-ignore lint/complexity/useOptionalChain: the long form lets TypeScript narrow `facts` (whose model this is) below
    if (!model || model.consistency.cause !== 'quorum-overlap') return [];
    const { n, r, w, family } = model;
    const consistency = open('consistency');
    const cap = open('cap');
    const targets = [
      consistency && needsQuorumOverlap(consistency.claimed as Consistency)
        ? { v: consistency, what: `${consistency.claimed} consistency`, weaker: strongest(model.consistency.provided) }
        : undefined,
      cap?.claimed === 'CP' ? { v: cap, what: 'CP', weaker: facts.cap === 'AP' ? 'AP' : undefined } : undefined,
    ].filter((t) => t !== undefined);
    const stale = facts.staleRead.probability;
    return targets.map(({ v, what, weaker }) => {
      const raiseR = n - w + 1;
      const raiseW = n - r + 1;
      // With asynchronous acks (a leader store, W below a majority) overlapping reads still lose writes on
      // failover: raising R alone would not make the claim true.
      const asyncLeader = family === 'leader' && w < facts.majority;
      const fixes = [
        asyncLeader
          ? undefined
          : setDatastoreKeyFix(
              `Raise read_quorum to ${raiseR} (R+W = ${raiseR + w} > ${n})`,
              ctx,
              ds.readQuorum,
              'read_quorum',
              String(raiseR),
              true,
            ),
        setDatastoreKeyFix(
          `Raise write_quorum to ${raiseW} (R+W = ${r + raiseW} > ${n})`,
          ctx,
          ds.writeQuorum,
          'write_quorum',
          String(raiseW),
          asyncLeader,
        ),
        weaker ? replaceFix(`Weaken the claim to ${weaker}`, v.span, weaker) : undefined,
      ].filter((f): f is Fix => f !== undefined);
      const related = [
        { span: v.span, message: `claimed: ${what}` },
        ...(model.origin.r ? [{ span: model.origin.r, message: `R = ${r}` }] : []),
        ...(model.origin.w ? [{ span: model.origin.w, message: `W = ${w}` }] : []),
        ...(model.origin.n ? [{ span: model.origin.n, message: `N = ${n}` }] : []),
      ];
      return finding('claim-needs-quorum-overlap', v.span, quorumsMissMessage(ds.name, what, { n, r, w }, stale), {
        related,
        fixes,
        claims: [v.key],
      });
    });
  },
});

/** The finding's message: which claim, the arithmetic, and how often a read right after a write misses it. */
function quorumsMissMessage(
  store: string,
  what: string,
  { n, r, w }: { n: number; r: number; w: number },
  stale: number | undefined,
): string {
  const reads = `a read of ${plural(r, 'replica')}`;
  const writers = w === 1 ? 'the one replica' : `all ${plural(w, 'replica')}`;
  const often = stale !== undefined ? ` (${percent(stale)} of reads right after a write)` : '';
  return `'${store}' claims ${what}, but R+W = ${r}+${w} = ${r + w} ≤ N = ${n}: ${reads} can miss ${writers} that acknowledged the latest write${often}. Read and write quorums must overlap: R+W > N.`;
}
