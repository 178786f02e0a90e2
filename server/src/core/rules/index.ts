// Runs the rules: per-datastore rules (cached per entry by the incremental analysis) and design-wide rules
// that relate components, datastores and regions.

import type { Finding } from '../findings';
import { withEngineFindings } from '../engines/checks';
import { findEngine } from '../engines/registry';
import { checkApBlockedByFullQuorum } from './ap-blocked-by-full-quorum';
import { checkApComponentOnCpStore } from './ap-component-on-cp-store';
import { checkAsyncAckLosesWrites } from './async-ack-loses-writes';
import { checkCaAcrossNodes } from './ca-across-nodes';
import { checkCapClaim } from './cap-claim-contradicted';
import { checkClaimNeedsQuorumOverlap } from './claim-needs-quorum-overlap';
import { checkComponentNeeds } from './component-needs-stronger-consistency';
import { checkConcurrentWritesUnresolved } from './concurrent-writes-unresolved';
import { checkConsensusNeedsMajority } from './consensus-needs-majority';
import { checkConsistencyClaim } from './consistency-claim-contradicted';
import type { DatastoreRuleContext, DesignRuleContext } from './context';
import { checkEvenReplicaMajority } from './even-replica-majority';
import { checkLinearizableNeedsConsensus } from './linearizable-needs-consensus';
import { checkLwwDropsWrites } from './lww-drops-writes';
import { checkPacelcClaim } from './pacelc-claim-contradicted';
import { checkPartitionBehaviour } from './partition-behaviour-contradicts-claim';
import { checkQuorumOutOfRange } from './quorum-out-of-range';
import { checkToleranceClaim } from './tolerance-claim-contradicted';
import { checkUnknownEngine } from './unknown-engine';
import { checkUnknownReferences } from './unknown-reference';

export function checkDatastore(ctx: DatastoreRuleContext): Finding[] {
  const specific = [
    ...checkQuorumOutOfRange(ctx),
    ...checkClaimNeedsQuorumOverlap(ctx),
    ...checkCaAcrossNodes(ctx),
    ...checkConcurrentWritesUnresolved(ctx),
    ...checkPartitionBehaviour(ctx),
    ...checkApBlockedByFullQuorum(ctx),
    ...checkConsensusNeedsMajority(ctx),
    ...checkLinearizableNeedsConsensus(ctx),
    ...checkAsyncAckLosesWrites(ctx),
    ...checkPacelcClaim(ctx),
    ...checkToleranceClaim(ctx),
    ...checkEvenReplicaMajority(ctx),
    ...checkUnknownEngine(ctx),
  ];
  const explains = (span: { start: number } | undefined) => span !== undefined && specific.some((f) => f.span.start === span.start || f.related.some((r) => r.span.start === span.start));
  // The consensus rule explains consistency shortfalls of under-majority quorums without pointing at the claim.
  const consensusFired = specific.some((f) => f.rule === 'consensus-needs-majority');
  const engineFindings = ctx.ds.engine ? (findEngine(ctx.ds.engine.value)?.check?.(ctx.ds) ?? []) : [];
  // Engine findings (native settings, engine-only rules) replace generic findings on the claims they explain.
  return withEngineFindings(ctx, [
    ...specific,
    ...checkConsistencyClaim(ctx, consensusFired || explains(ctx.ds.claims?.consistency?.span)),
    ...checkCapClaim(ctx, consensusFired || explains(ctx.ds.claims?.cap?.span)),
    ...engineFindings,
  ]);
}

export function checkDesign(ctx: DesignRuleContext): Finding[] {
  return [...checkUnknownReferences(ctx), ...checkComponentNeeds(ctx), ...checkApComponentOnCpStore(ctx), ...checkLwwDropsWrites(ctx)];
}
