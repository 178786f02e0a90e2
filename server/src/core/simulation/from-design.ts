// The bridge from the design model (what a *.cap.yaml says) to what the simulator runs: datastores become
// `SimStore`s with quorums resolved against N, components become the clients that use them.

import { analyzeDatastore, type DatastoreAnalysis } from '../derive/datastore';
import { resolveQuorum as resolveCoreQuorum } from '../semantics/quorum';
import type { Design, QuorumSpec } from '../model/design';
import type { LatencyLegs } from './presets';
import type { ScenarioContext } from './scenarios';
import type { SimStore } from './types';

export interface SimSystem {
  stores: SimStore[];
  components: { name: string; uses: string[] }[];
  /** Declared regions, then any other region a placement names. */
  regions: string[];
}

export function resolveQuorum(q: QuorumSpec | undefined, n: number): number | undefined {
  return q === undefined ? undefined : resolveCoreQuorum(q, n);
}

/**
 * The system the simulator runs, from the design and each datastore's one analysis (computed here when the
 * caller has none), so the simulator never runs a different store than the editor describes.
 */
export function systemFromDesign(design: Design, analyses?: ReadonlyMap<string, DatastoreAnalysis>): SimSystem {
  const regions = design.regions.map((r) => r.name);
  const stores = design.datastores.map((ds): SimStore => {
    const placement = ds.placement?.regions.map((r) => ({ region: r.name, count: r.count.value }));
    for (const p of placement ?? []) if (!regions.includes(p.region)) regions.push(p.region);
    const placed = placement?.reduce((s, p) => s + p.count, 0);
    const analysis = analyses?.get(ds.name)?.ds === ds ? analyses.get(ds.name) : analyzeDatastore(ds);
    const effective = analysis?.effective;
    // The rules report impossible counts; the simulator still needs at least one whole replica to run.
    const n = Math.max(1, Math.floor(effective?.n ?? (placed && placed > 0 ? placed : 1)) || 1);
    const inRange = (q: number | undefined) => (q !== undefined && q >= 1 && q <= n ? q : undefined);
    const legs: Partial<LatencyLegs> = {};
    for (const [leg, d] of Object.entries(ds.latency?.legs ?? {})) if (d) legs[leg as keyof LatencyLegs] = d.value;
    const readRepair = ds.settings && Object.hasOwn(ds.settings.value, 'read_repair') ? ds.settings.value.read_repair.value : undefined;
    return {
      name: ds.name,
      family: effective?.family ?? ds.replication?.value ?? 'leaderless',
      n,
      r: inRange(effective?.r) ?? resolveQuorum(ds.readQuorum?.value, n),
      w: inRange(effective?.w) ?? resolveQuorum(ds.writeQuorum?.value, n),
      readFrom: effective?.readFrom ?? ds.readFrom?.value,
      placement,
      latency: ds.latency ? { preset: ds.latency.preset?.value, legs } : undefined,
      readRepair: typeof readRepair === 'boolean' ? readRepair : undefined,
      conflicts: effective?.conflicts ?? ds.conflicts?.value,
    };
  });
  const known = new Set(stores.map((s) => s.name));
  const components = design.components.map((c) => ({ name: c.name, uses: c.uses.map((u) => u.datastore).filter((d) => known.has(d)) }));
  return { stores, components, regions };
}

/** What scenario validation needs to check names against. */
export function scenarioContextOf(system: SimSystem): ScenarioContext {
  return {
    regions: system.regions,
    datastores: system.stores.map((s) => ({ name: s.name, n: s.n, family: s.family })),
    components: system.components.map((c) => c.name),
  };
}
