// From a datastore as written to its store model: the engine's translation (computed once), the generic keys
// that override it, and the model the rest of the analysis reasons about. When a generic key says something
// other than the engine's settings, the generic key wins and the engine's own semantics no longer apply.

import type { Datastore, Span } from '../model/design';
import type { Engine, EngineTranslation } from '../engines/engine';
import { genericModel, type GenericInput } from '../engines/generic';
import type { StoreModel } from '../engines/store-model';
import { findEngine } from '../engines/registry';
import { majorityOf, quorumSize } from '../semantics/quorum';

/** Upper bound on what the maths is asked to model; larger counts get a schema diagnostic instead. */
export const MAX_REPLICAS = 10_000;

/** N, R and W as the analysis uses them, and where each was written. */
export interface EffectiveNumbers extends GenericInput {
  origin: { n?: Span; r?: Span; w?: Span };
}

/** A generic key that says something other than the engine's settings. */
export interface Override {
  key: 'replicas' | 'read_quorum' | 'write_quorum' | 'replication' | 'read_from';
  span: Span;
  written: string;
  /** What the engine's settings give for it. */
  engineValue: string;
  /** What it stands for: "N", "R", "the replication family". */
  what: string;
}

export interface ComposedStore {
  engine?: Engine;
  translation?: EngineTranslation;
  /** Undefined when N is unknown or beyond MAX_REPLICAS. */
  effective?: EffectiveNumbers;
  /** Undefined when `effective` is, or when R or W is outside 1..N (quorum-out-of-range reports it). */
  model?: StoreModel;
  overrides: Override[];
  /** The engine's semantics apply (no generic key overrides them). */
  engineModel: boolean;
}

export function composeStore(ds: Datastore): ComposedStore {
  const engine = ds.engine ? findEngine(ds.engine.value) : undefined;
  const t = engine?.translate(ds);
  const family = ds.replication?.value ?? t?.replication ?? engine?.family ?? 'leaderless';
  const n = ds.replicas?.value ?? t?.replicas;
  const overrides = t ? overridesOf(ds, t) : [];
  if (n === undefined || n < 1 || n > MAX_REPLICAS || !Number.isInteger(n))
    return { engine, translation: t, overrides, engineModel: false };
  const defaultQuorum = family === 'consensus' ? majorityOf(n) : 1;
  const placement = ds.placement?.regions.map((p) => ({ region: p.name, count: p.count.value }));
  const effective: EffectiveNumbers = {
    n,
    r: ds.readQuorum ? quorumSize(ds.readQuorum.value, n) : (t?.readQuorum ?? defaultQuorum),
    w: ds.writeQuorum ? quorumSize(ds.writeQuorum.value, n) : (t?.writeQuorum ?? defaultQuorum),
    family,
    readFrom: ds.readFrom?.value ?? t?.readFrom ?? 'leader',
    conflicts: ds.conflicts?.value ?? t?.conflicts,
    placement,
    origin: {
      n: ds.replicas?.span ?? t?.origin?.replicas,
      r: ds.readQuorum?.span ?? t?.origin?.readQuorum,
      w: ds.writeQuorum?.span ?? t?.origin?.writeQuorum,
    },
  };
  const { r, w } = effective;
  if (r < 1 || r > n || w < 1 || w > n) return { engine, translation: t, effective, overrides, engineModel: false };
  const base = genericModel(effective);
  const engineModel = !!t && overrides.length === 0;
  if (!t) return { engine, effective, model: base, overrides, engineModel };
  // The explanation is shown when the engine supplied something: native settings were written, or a generic key was left out.
  const explains = Object.keys(ds.settings?.value ?? {}).length > 0 || !ds.replicas || !ds.readQuorum || !ds.writeQuorum;
  // The engine's clocks hold whatever the generic keys say: its nodes still run its elections and repairs.
  const described: StoreModel = {
    ...base,
    explanation: explains ? t.explanation : [],
    bySetting: t.bySetting ?? {},
    regions: t.regions,
    timers: t.timers,
  };
  if (!engineModel) return { engine, translation: t, effective, model: described, overrides, engineModel };
  const availability = t.availability?.(placement);
  const model: StoreModel = {
    ...described,
    topology: availability?.topology ?? base.topology,
    write: availability?.write ?? base.write,
    read: availability?.read ?? base.read,
    consistency: t.consistency
      ? {
          provided: t.consistency.provided,
          whileHealthy: t.consistency.whileHealthy ?? base.consistency.whileHealthy,
          session: t.consistency.session,
          reason: t.consistency.reason,
          cause: 'engine',
          setting: t.consistency.setting,
          fix: t.consistency.fix,
        }
      : base.consistency,
    // An engine with its own model says when writes are lost; without one, the family's rule applies.
    writeLoss: t.writeLoss ? { ...t.writeLoss, cause: 'engine' } : availability ? undefined : base.writeLoss,
    staleness: t.staleness ?? base.staleness,
    // An engine with nodes of its own declares its electorate (or has none: external failover, leaderless).
    electorate: t.electorate ?? (availability ? undefined : base.electorate),
    coordinators: t.coordinators,
  };
  return { engine, translation: t, effective, model, overrides, engineModel };
}

/** Generic keys written beside an engine whose value differs from what the engine's settings give. */
function overridesOf(ds: Datastore, t: EngineTranslation): Override[] {
  const n = ds.replicas?.value ?? t.replicas;
  const resolved = (v: unknown) => (n !== undefined && (v === 'one' || v === 'majority' || v === 'all') ? quorumSize(v, n) : v);
  const pairs = [
    { located: ds.replicas, key: 'replicas' as const, translated: t.replicas, what: 'N' },
    { located: ds.readQuorum, key: 'read_quorum' as const, translated: t.readQuorum, what: 'R' },
    { located: ds.writeQuorum, key: 'write_quorum' as const, translated: t.writeQuorum, what: 'W' },
    { located: ds.replication, key: 'replication' as const, translated: t.replication, what: 'the replication family' },
    { located: ds.readFrom, key: 'read_from' as const, translated: t.readFrom, what: 'where reads go' },
  ];
  return pairs
    .filter((p) => p.located && p.translated !== undefined && String(resolved(p.located.value)) !== String(p.translated))
    .map((p) => ({
      key: p.key,
      span: p.located!.span,
      written: String(p.located!.value),
      engineValue: String(p.translated),
      what: p.what,
    }));
}
