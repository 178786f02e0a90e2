// The bridge from the design model (what a *.cap.yaml says) to what the simulator runs: datastores become
// `SimStore`s with quorums resolved against N, components become the clients that use them.

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
  if (q === undefined) return undefined;
  if (typeof q === 'number') return q;
  return q === 'one' ? 1 : q === 'all' ? n : Math.floor(n / 2) + 1;
}

export function systemFromDesign(design: Design): SimSystem {
  const regions = design.regions.map((r) => r.name);
  const stores = design.datastores.map((ds): SimStore => {
    const placement = ds.placement?.regions.map((r) => ({ region: r.name, count: r.count.value }));
    for (const p of placement ?? []) if (!regions.includes(p.region)) regions.push(p.region);
    const placed = placement?.reduce((s, p) => s + p.count, 0);
    // The rules report impossible counts; the simulator still needs at least one whole replica to run.
    const n = Math.max(1, Math.floor(ds.replicas?.value ?? (placed && placed > 0 ? placed : 1)) || 1);
    const legs: Partial<LatencyLegs> = {};
    for (const [leg, d] of Object.entries(ds.latency?.legs ?? {})) if (d) legs[leg as keyof LatencyLegs] = d.value;
    const readRepair = ds.settings?.value.read_repair?.value;
    return {
      name: ds.name,
      // A datastore that does not say how it replicates is simulated as a primary with its followers.
      family: ds.replication?.value ?? 'leader',
      n,
      r: resolveQuorum(ds.readQuorum?.value, n),
      w: resolveQuorum(ds.writeQuorum?.value, n),
      readFrom: ds.readFrom?.value,
      placement,
      latency: ds.latency ? { preset: ds.latency.preset?.value, legs } : undefined,
      readRepair: typeof readRepair === 'boolean' ? readRepair : undefined,
      conflicts: ds.conflicts?.value,
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
