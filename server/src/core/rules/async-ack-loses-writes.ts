// Diagnostic: async-ack-loses-writes — a leader store acknowledging writes before a majority holds them,
// while the design claims CP, a consistency failover cannot keep, or that acknowledged writes are never lost.

import { setDatastoreKeyFix } from './context';
import { finding } from './findings';
import { defineRule } from './rule';
import { plural } from '../text/format';

export const asyncAckLosesWrites = defineRule({
  id: 'async-ack-loses-writes',
  severity: 'error',
  summary:
    'A leader store acknowledges writes before a majority holds them, yet claims CP, a consistency that failover cannot keep, or no lost writes.',
  check(ctx) {
    const { ds, facts, open } = ctx;
    const model = facts?.model;
    // biome-ignore lint/complexity/useOptionalChain: the long form lets TypeScript narrow the facts it came from below
    if (!model || model.writeLoss?.cause !== 'async-acks') return [];
    const verdicts = [
      open('cap')?.claimed === 'CP' ? open('cap') : undefined,
      model.consistency.cause === 'async-acks' ? open('consistency') : undefined,
      open('loss_free'),
    ].filter((v) => v !== undefined);
    const { n, w } = model;
    const fix = setDatastoreKeyFix(
      `Acknowledge after a majority: write_quorum ${facts.majority}`,
      ctx,
      ds.writeQuorum,
      'write_quorum',
      String(facts.majority),
      true,
    );
    const what = (key: string, claimed: string) =>
      key === 'loss_free' ? 'no lost writes' : key === 'consistency' ? `${claimed} consistency` : claimed;
    return verdicts.map((v) =>
      finding(
        'async-ack-loses-writes',
        v.span,
        `'${ds.name}' claims ${what(v.key, v.claimed)}, but the primary acknowledges a write once W = ${w} of ${plural(n, 'replica')} hold it, fewer than a majority (${facts.majority}). If the primary fails, failover can promote a replica that never received it: an acknowledged write is lost.`,
        {
          related: model.origin.w ? [{ span: model.origin.w, message: `W = ${w}` }] : [],
          fixes: fix ? [fix] : [],
          claims: [v.key],
        },
      ),
    );
  },
});
