// The bridge from the design model (what a *.cap.yaml says) to what the simulator runs: datastores become
// `SimStore`s with quorums resolved against N and the engine's own clocks, components become the clients that
// use them, in their regions.

import { analyzeDatastore, type DatastoreAnalysis } from '../derive/datastore';
import type { StoreTimers } from '../engines/store-model';
import { quorumSize } from '../semantics/quorum';
import type { Consistency } from '../semantics/consistency';
import type { Design, QuorumSpec, ReplicationFamily } from '../model/design';
import type { LatencyLegs } from './presets';
import type { ScenarioContext } from './scenarios';
import type { SimStore } from './types';
import { setOwn } from '../text/own';

export interface SimComponent {
  name: string;
  /** Datastores it uses (declared ones only). */
  uses: string[];
  /** The consistency it needs from each datastore it uses, where the design says. */
  needs?: Record<string, Consistency>;
  /** Regions its clients stand in; absent: every region. */
  regions?: string[];
}

export interface SimSystem {
  stores: SimStore[];
  components: SimComponent[];
  /** Declared regions, then any other region a placement names. */
  regions: string[];
}

/**
 * A store's protocol clocks from its engine's documented defaults: elections (consensus and leader families, with
 * the leader's step-down where the engine fences), and for leaderless stores the hinted handoff and anti-entropy
 * the engine runs on its own. What the engine does not document stays unset: the simulator derives election
 * timers from the latency model and leaves repair mechanisms off.
 */
export function storeTimers(
  family: ReplicationFamily,
  timers: StoreTimers | undefined,
): Pick<SimStore, 'timers' | 'antiEntropy' | 'hintedHandoff'> {
  if (!timers) return {};
  if (family === 'leaderless') {
    const out: Pick<SimStore, 'antiEntropy' | 'hintedHandoff'> = {};
    if (timers.antiEntropy) out.antiEntropy = timers.antiEntropy.ms;
    if (timers.hintedHandoff)
      out.hintedHandoff = timers.hintedHandoff.window
        ? { every: timers.hintedHandoff.every.ms, window: timers.hintedHandoff.window.ms }
        : { every: timers.hintedHandoff.every.ms };
    return out;
  }
  const t: NonNullable<SimStore['timers']> = {};
  if (timers.election) t.election = timers.election.ms;
  if (timers.heartbeat) t.heartbeat = timers.heartbeat.ms;
  if (timers.stepDown) t.stepDown = timers.stepDown.ms;
  return Object.keys(t).length > 0 ? { timers: t } : {};
}

/** The size of a quorum the design writes out, if it writes one. */
function writtenQuorumSize(q: QuorumSpec | undefined, n: number): number | undefined {
  return q === undefined ? undefined : quorumSize(q, n);
}

/**
 * The system the simulator runs, from the design and each datastore's one analysis (computed here when the
 * caller has none), so the simulator never runs a different store than the editor describes. With `only`, just
 * those datastores and the components that use them (uses of others dropped); regions are always all of them.
 */
export function systemFromDesign(
  design: Design,
  analyses?: ReadonlyMap<string, DatastoreAnalysis>,
  only?: ReadonlySet<string>,
): SimSystem {
  const regions = design.regions.map((r) => r.name);
  const known = new Set(regions);
  for (const ds of design.datastores) {
    for (const p of ds.placement?.regions ?? []) {
      if (known.has(p.name)) continue;
      known.add(p.name);
      regions.push(p.name);
    }
  }
  const stores = (only ? design.datastores.filter((ds) => only.has(ds.name)) : design.datastores).map((ds): SimStore => {
    const placement = ds.placement?.regions.map((r) => ({ region: r.name, count: r.count.value }));
    const placed = placement?.reduce((s, p) => s + p.count, 0);
    const analysis = analyses?.get(ds.name)?.ds === ds ? analyses.get(ds.name) : analyzeDatastore(ds);
    const effective = analysis?.effective;
    // The rules report impossible counts; the simulator still needs at least one whole replica to run.
    const n = Math.max(1, Math.floor(effective?.n ?? (placed && placed > 0 ? placed : 1)) || 1);
    const inRange = (q: number | undefined) => (q !== undefined && q >= 1 && q <= n ? q : undefined);
    const legs: Partial<LatencyLegs> = {};
    for (const [leg, d] of Object.entries(ds.latency?.legs ?? {})) if (d) legs[leg as keyof LatencyLegs] = d.value;
    const readRepair =
      ds.settings && Object.hasOwn(ds.settings.value, 'read_repair') ? ds.settings.value.read_repair.value : undefined;
    const family = effective?.family ?? ds.replication?.value ?? 'leaderless';
    return {
      name: ds.name,
      family,
      n,
      r: inRange(effective?.r) ?? writtenQuorumSize(ds.readQuorum?.value, n),
      w: inRange(effective?.w) ?? writtenQuorumSize(ds.writeQuorum?.value, n),
      readFrom: effective?.readFrom ?? ds.readFrom?.value,
      placement,
      latency: ds.latency ? { preset: ds.latency.preset?.value, legs } : undefined,
      readRepair: typeof readRepair === 'boolean' ? readRepair : undefined,
      conflicts: effective?.conflicts ?? ds.conflicts?.value,
      ...storeTimers(family, analysis?.model?.timers),
    };
  });
  const built = new Set(stores.map((s) => s.name));
  const components = (only ? design.components.filter((c) => c.uses.some((u) => built.has(u.datastore))) : design.components).map(
    (c): SimComponent => {
      const uses = c.uses.filter((u) => built.has(u.datastore));
      const needs: Record<string, Consistency> = {};
      for (const u of uses) if (u.needs) setOwn(needs, u.datastore, u.needs.value);
      const names = c.regions?.names.map((r) => r.name);
      return names && names.length > 0
        ? { name: c.name, uses: uses.map((u) => u.datastore), needs, regions: names }
        : { name: c.name, uses: uses.map((u) => u.datastore), needs };
    },
  );
  return { stores, components, regions };
}

/** What scenario validation needs to check names against. */
export function scenarioContextOf(system: SimSystem): ScenarioContext {
  return {
    regions: system.regions,
    datastores: system.stores.map((s) => ({ name: s.name, n: s.n, family: s.family, conflicts: s.conflicts })),
    components: system.components.map((c) => ({ name: c.name, regions: c.regions, needs: c.needs, uses: c.uses })),
  };
}
