// Each claim judged once, against the derived facts: the one place that decides ✓ or ✗. Rules explain the ✗
// verdicts; hovers, code lenses, `explain` and `report` print these verdicts and their derived values.

import { CONSISTENCY_MODELS, type Consistency } from '../semantics/consistency';
import type { ComponentUse, Datastore, Span } from '../model/design';
import type { ConsistencyStatement, StoreModel } from '../engines/store-model';
import { providesAny, type DatastoreFacts, type DerivedCap } from './facts';

export const CLAIM_KEYS = [
  'consistency',
  'cap',
  'pacelc',
  'on_partition',
  'tolerates',
  'loss_free',
  'survives_region_loss',
] as const;
export type ClaimKey = (typeof CLAIM_KEYS)[number];

export interface ClaimVerdict {
  key: ClaimKey;
  /** The claim's value as written, and its key. */
  span: Span;
  keySpan: Span;
  claimed: string;
  /** The derived value the verdict compares the claim with, as every surface prints it. */
  derived: string;
  holds: boolean;
}

/** Guarantees that are about one client's own view, which session-based engines give within a session. */
const SESSION_MODELS: readonly Consistency[] = ['read-your-writes', 'monotonic-reads', 'causal'];

export function isSessionModel(model: Consistency): boolean {
  return SESSION_MODELS.includes(model);
}

/** The strongest of `models` (linearizable first), for "weaken the claim to …" fixes. */
export function strongest(models: readonly Consistency[]): Consistency {
  return CONSISTENCY_MODELS.find((m) => models.includes(m)) ?? 'eventual';
}

/** "eventual", "read-your-writes + monotonic-reads", never empty. */
export function listModels(models: readonly Consistency[]): string {
  return models.length ? models.join(' + ') : 'eventual';
}

/** What a store gives, in one phrase: across failover, within a session, while healthy. */
export function describeConsistency(c: ConsistencyStatement): string {
  const parts = [listModels(c.provided)];
  if (c.session && !sameModels(c.session, c.provided)) parts.push(`${listModels(c.session)} within a client session`);
  if (!sameModels(c.whileHealthy, c.provided)) parts.push(`${listModels(c.whileHealthy)} while healthy`);
  return parts.length === 1 ? parts[0] : `${parts[0]} (${parts.slice(1).join('; ')})`;
}

function sameModels(a: readonly Consistency[], b: readonly Consistency[]): boolean {
  return a.length === b.length && a.every((m) => b.includes(m));
}

/**
 * Does the store give `needed` to a client? Session-scoped guarantees count when the need is one a session
 * gives and the client shares the writer's session (`scope: 'session'`), or when it is monotonic reads, which
 * concern only the reader's own session; otherwise only what every client gets.
 */
export function judgeConsistency(
  c: ConsistencyStatement,
  needed: Consistency,
  scope: 'session' | 'any-client',
): { holds: boolean; basis: string } {
  // Monotonic reads are about the reader's own view: a separate client has them within its own session.
  const ownSession = needed === 'monotonic-reads';
  if ((scope === 'session' || ownSession) && c.session && isSessionModel(needed)) {
    const models = [...c.provided, ...c.session];
    return {
      holds: providesAny(models, needed),
      basis: `${listModels(c.session)} within ${scope === 'session' ? 'a client session' : "the reader's own session"}`,
    };
  }
  return { holds: providesAny(c.provided, needed), basis: listModels(c.provided) };
}

export const CAP_DISPLAY: Record<DerivedCap, string> = { CP: 'CP', AP: 'AP', CA: 'CA', neither: 'neither CP nor AP' };

/** What a partition does to writes and reads, in one phrase: "one side refuses writes; reads there may be stale". */
export function minoritySide(f: DatastoreFacts): string {
  const writes = f.writesOnBothSides ? 'both sides keep accepting writes' : 'one side refuses writes';
  const reads = f.staleReadsUntilNoticed
    ? f.staleReadsUntilNoticed
    : f.staleReadsOnPartition
      ? 'one side can serve reads the other has overwritten'
      : f.readsOnBothSides
        ? 'both sides serve current reads'
        : 'no side serves stale reads';
  return `${writes}; ${reads}`;
}

export function judgeClaims(ds: Datastore, f: DatastoreFacts): ClaimVerdict[] {
  const c = ds.claims;
  if (!c) return [];
  const out: ClaimVerdict[] = [];
  const push = (
    key: ClaimKey,
    located: { span: Span; keySpan: Span } | undefined,
    claimed: string,
    derived: string,
    holds: boolean,
  ) => {
    if (located) out.push({ key, span: located.span, keySpan: located.keySpan, claimed, derived, holds });
  };
  if (c.consistency) {
    const j = judgeConsistency(f.model.consistency, c.consistency.value, 'session');
    push('consistency', c.consistency, c.consistency.value, j.basis, j.holds);
  }
  if (c.cap) {
    const claimed = c.cap.value;
    const holds = claimed === f.cap || (claimed === 'CP' && f.cap === 'CA');
    push('cap', c.cap, claimed, CAP_DISPLAY[f.cap], holds);
  }
  if (c.pacelc) push('pacelc', c.pacelc, c.pacelc.value, f.pacelc, c.pacelc.value === f.pacelc);
  if (c.onPartition) {
    const v = c.onPartition.value;
    const holds = v === 'serve-stale' ? f.staleReadsOnPartition : !f.writesOnBothSides;
    push('on_partition', c.onPartition, v, minoritySide(f), holds);
  }
  if (c.tolerates)
    push(
      'tolerates',
      c.tolerates,
      String(c.tolerates.value),
      String(f.writeFailuresSurvived),
      c.tolerates.value <= f.writeFailuresSurvived,
    );
  if (c.lossFree) {
    const loses = f.model.writeLoss !== undefined;
    push(
      'loss_free',
      c.lossFree,
      c.lossFree.value ? 'never lost' : 'may be lost',
      loses ? 'can be lost' : 'kept',
      lossFreeHolds(c.lossFree.value, f.model),
    );
  }
  if (c.survivesRegionLoss) {
    const j = judgeRegionLoss(c.survivesRegionLoss.value, f);
    push(
      'survives_region_loss',
      c.survivesRegionLoss,
      c.survivesRegionLoss.value === 'any' ? 'any one region' : c.survivesRegionLoss.value.map((r) => r.name).join(' or '),
      j.derived,
      j.holds,
    );
  }
  return out;
}

/** Claims judged from the store model alone, without derived facts (conditions, partitions, regions). */
export const MODEL_CLAIMS = ['consistency', 'loss_free'] as const satisfies readonly ClaimKey[];
export type ModelClaim = (typeof MODEL_CLAIMS)[number];

export function isModelClaim(claim: ClaimKey): claim is ModelClaim {
  return (MODEL_CLAIMS as readonly ClaimKey[]).includes(claim);
}

function lossFreeHolds(claimed: boolean, model: StoreModel): boolean {
  return !claimed || model.writeLoss === undefined;
}

/**
 * The verdict on one of MODEL_CLAIMS from the model alone, exactly as judgeClaims gives it; undefined when the
 * datastore does not make that claim.
 */
export function judgeModelClaim(ds: Datastore, model: StoreModel, key: ModelClaim): boolean | undefined {
  const c = ds.claims;
  if (key === 'consistency')
    return c?.consistency ? judgeConsistency(model.consistency, c.consistency.value, 'session').holds : undefined;
  return c?.lossFree ? lossFreeHolds(c.lossFree.value, model) : undefined;
}

/** Which named regions (or which of all, for `any`) a store does not survive losing. */
export function judgeRegionLoss(
  claim: 'any' | readonly { name: string }[],
  f: DatastoreFacts,
): { holds: boolean; derived: string; failing: string[] } {
  if (f.regionLosses.length === 0) return { holds: false, derived: 'not placed in several regions', failing: [] };
  const names = claim === 'any' ? f.regionLosses.map((l) => l.region) : claim.map((r) => r.name);
  const byName = new Map(f.regionLosses.map((l) => [l.region, l]));
  // A region that holds none of the replicas takes nothing with it (unknown-reference reports undeclared names).
  const failing = names.filter((n) => byName.has(n) && !(byName.get(n)!.writes && byName.get(n)!.reads));
  const survived = f.regionLosses.filter((l) => l.writes && l.reads).map((l) => l.region);
  return {
    holds: failing.length === 0,
    derived:
      survived.length === f.regionLosses.length
        ? 'survives losing any one region'
        : survived.length
          ? `survives losing ${survived.join(' or ')} only`
          : 'survives losing no region',
    failing,
  };
}

export interface UseVerdict {
  use: ComponentUse;
  holds: boolean;
  /** What the verdict is based on: "eventual", "read-your-writes + monotonic-reads within a client session". */
  derived: string;
}

/** A component's need from a store it uses, judged in the component's session scope. */
export function judgeUse(use: ComponentUse, f: DatastoreFacts): UseVerdict | undefined {
  if (!use.needs) return undefined;
  const scope = use.session?.value === 'separate' ? 'any-client' : 'session';
  const j = judgeConsistency(f.model.consistency, use.needs.value, scope);
  return { use, holds: j.holds, derived: j.basis };
}
