// Turning a validated scenario into a simulator configuration for a given system (clients per component
// and region, component names in partitions expanded to their clients), and running it with its expectations.

import { runScenario } from './engine';
import { runScenarioExpectations, type ExpectationResult } from './expectations';
import type { SimSystem } from './from-design';
import type { Scenario } from './scenarios';
import { DEFAULT_REGION, replicaRegions } from './topology';
import type { CrashFault, PartitionFault, SimClient, SimConfig, SimResult } from './types';

/** Regions clients can stand in: declared ones, else wherever replicas are. */
function clientRegions(system: SimSystem): string[] {
  if (system.regions.length > 0) return system.regions;
  const fromStores = [...new Set(system.stores.flatMap(replicaRegions))];
  return fromStores.length > 0 ? fromStores : [DEFAULT_REGION];
}

/**
 * Clients for a scenario. A component becomes one client per region (`checkout@eu-west`), so that each side
 * of a regional partition has its own view; with a single region it is just `checkout`.
 */
export function scenarioClients(scenario: Scenario, system: SimSystem): { clients: SimClient[]; byComponent: Map<string, string[]> } {
  const regions = clientRegions(system);
  const allStores = system.stores.map((s) => s.name);
  const clients: SimClient[] = [];
  const byComponent = new Map<string, string[]>();
  const addComponent = (name: string) => {
    const comp = system.components.find((c) => c.name === name);
    const uses = comp && comp.uses.length > 0 ? comp.uses : allStores;
    const names = regions.map((region) => {
      const clientName = regions.length === 1 ? name : `${name}@${region}`;
      clients.push({ name: clientName, region, stores: uses });
      return clientName;
    });
    byComponent.set(name, names);
  };
  const spec = scenario.workload.clients;
  if (spec === undefined) {
    const used = system.components.filter((c) => c.uses.length > 0);
    if (used.length > 0) used.forEach((c) => addComponent(c.name));
    else regions.forEach((region) => clients.push({ name: regions.length === 1 ? 'client' : `client@${region}`, region, stores: allStores }));
  } else if (typeof spec === 'number') {
    for (let i = 0; i < spec; i++) clients.push({ name: `client-${i + 1}`, region: regions[i % regions.length], stores: allStores });
  } else {
    for (const c of spec) {
      if (typeof c === 'string') addComponent(c);
      else clients.push({ name: c.name, region: c.region ?? regions[0], stores: c.uses ?? allStores });
    }
  }
  return { clients, byComponent };
}

export function scenarioToConfig(scenario: Scenario, system: SimSystem): SimConfig {
  const { clients, byComponent } = scenarioClients(scenario, system);
  const expand = (names: string[]) => names.flatMap((n) => byComponent.get(n) ?? [n]);
  const partitions: PartitionFault[] = scenario.partitions.map((p) => {
    if (p.between) return { between: [expand(p.between[0]), expand(p.between[1])], at: p.at, heal: p.heal };
    const target = p.isolate!;
    const side = byComponent.get(target);
    if (!side) return { isolate: target, at: p.at, heal: p.heal };
    // Isolating a component cuts all of its clients (one per region) off from every datastore and other client.
    const others = [...system.stores.map((s) => s.name), ...clients.map((c) => c.name).filter((n) => !side.includes(n))];
    return { between: [side, others], at: p.at, heal: p.heal };
  });
  const leaderStores = system.stores.filter((s) => s.family !== 'leaderless');
  const crashes: CrashFault[] = scenario.crashes.flatMap((c): CrashFault[] => {
    if (c.node !== undefined) return [{ node: c.node, at: c.at, restart: c.restart }];
    const store = c.leader?.datastore ?? (leaderStores.length === 1 ? leaderStores[0].name : undefined);
    return store ? [{ leaderOf: store, at: c.at, restart: c.restart }] : [];
  });
  return {
    seed: scenario.seed ?? 1,
    stores: system.stores,
    clients,
    workload: { reads: scenario.workload.reads, writes: scenario.workload.writes, cas: scenario.workload.cas, rate: scenario.workload.rate, keys: scenario.workload.keys },
    duration: scenario.duration,
    timeout: scenario.timeout,
    partitions,
    crashes,
  };
}

/** Run one scenario against a system and judge its expectations. */
export function runDesignScenario(system: SimSystem, scenario: Scenario): { result: SimResult; expectations: ExpectationResult[] } {
  const result = runScenario(scenarioToConfig(scenario, system));
  return { result, expectations: runScenarioExpectations(scenario, result) };
}
