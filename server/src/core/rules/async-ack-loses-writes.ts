// Diagnostic: async-ack-loses-writes — a leader store acknowledging writes before a majority holds them,
// while the design claims CP, linearizability or that acknowledged writes are never lost.

import { finding, type Finding } from '../findings';
import { setDatastoreKeyFix, type DatastoreRuleContext } from './context';

export function checkAsyncAckLosesWrites(ctx: DatastoreRuleContext): Finding[] {
  const { ds, facts } = ctx;
  if (!facts || facts.settings.family !== 'leader' || facts.settings.w >= facts.majority) return [];
  const claims = [
    ds.claims?.cap?.value === 'CP' ? { span: ds.claims.cap.span, what: 'CP' } : undefined,
    ds.claims?.consistency?.value === 'linearizable' ? { span: ds.claims.consistency.span, what: 'linearizable' } : undefined,
    ds.claims?.lossFree?.value === true ? { span: ds.claims.lossFree.span, what: 'no lost writes' } : undefined,
  ].filter((c): c is { span: { start: number; end: number }; what: string } => c !== undefined);
  if (claims.length === 0) return [];
  const { n, w } = facts.settings;
  const fix = setDatastoreKeyFix(`Acknowledge after a majority: write_quorum ${facts.majority}`, ctx, ds.writeQuorum, 'write_quorum', String(facts.majority), true);
  return claims.map((claim) =>
    finding(
      'async-ack-loses-writes',
      claim.span,
      `'${ds.name}' claims ${claim.what}, but the primary acknowledges a write once W = ${w} of ${n} replicas hold it, fewer than a majority (${facts.majority}). If the primary fails, failover can promote a replica that never received it: an acknowledged write is lost.`,
      { related: facts.settings.origin.w ? [{ span: facts.settings.origin.w, message: `W = ${w}` }] : [], fixes: fix ? [fix] : [] },
    ),
  );
}
