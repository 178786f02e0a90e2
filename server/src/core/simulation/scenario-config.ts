// Turning a validated scenario into a simulator configuration for a given system (clients per component and
// region it runs in, component names in partitions expanded to their clients, scripted operations on those
// clients, the scenario's per-datastore options), and running it with its expectations.

import type { RunControl } from './budget';
import { runScenario } from './simulation-engine';
import { cachedLinearizability, runScenarioExpectations, type ExpectationResult } from './expectations';
import type { SimSystem } from './from-design';
import { judgeNeeds, type NeedVerdict } from './needs';
import type { Scenario, ScenarioStoreOptions } from './scenario-shape';
import { DEFAULT_REGION, replicaRegions } from './topology';
import type { CrashFault, PartitionFault, ScriptedOp, SimClient, SimConfig, SimResult, SimStore } from './types';

/** Regions clients can stand in: declared ones, else wherever replicas are. */
function clientRegions(system: SimSystem): string[] {
  if (system.regions.length > 0) return system.regions;
  const fromStores = [...new Set(system.stores.flatMap(replicaRegions))];
  return fromStores.length > 0 ? fromStores : [DEFAULT_REGION];
}

/**
 * Clients for a scenario. A component becomes one client per region it runs in (`checkout@eu-west`; every region
 * when it names none), so that each side of a regional partition has its own view; in a single-region design
 * it is just `checkout`.
 */
export function scenarioClients(
  scenario: Scenario,
  system: SimSystem,
): { clients: SimClient[]; byComponent: Map<string, string[]> } {
  const regions = clientRegions(system);
  const allStores = system.stores.map((s) => s.name);
  const clients: SimClient[] = [];
  const byComponent = new Map<string, string[]>();
  const addComponent = (name: string) => {
    const comp = system.components.find((c) => c.name === name);
    const uses = comp && comp.uses.length > 0 ? comp.uses : allStores;
    const home = comp?.regions && comp.regions.length > 0 ? comp.regions : regions;
    const names = home.map((region) => {
      const clientName = regions.length === 1 ? name : `${name}@${region}`;
      clients.push({ name: clientName, component: name, region, stores: uses });
      return clientName;
    });
    byComponent.set(name, names);
  };
  const spec = scenario.workload.clients;
  if (spec === undefined) {
    const used = system.components.filter((c) => c.uses.length > 0);
    if (used.length > 0) used.forEach((c) => addComponent(c.name));
    else
      regions.forEach((region) =>
        clients.push({ name: regions.length === 1 ? 'client' : `client@${region}`, region, stores: allStores }),
      );
  } else if (typeof spec === 'number') {
    for (let i = 0; i < spec; i++)
      clients.push({ name: `client-${i + 1}`, region: regions[i % regions.length], stores: allStores });
  } else {
    for (const c of spec) {
      if (typeof c === 'string') addComponent(c);
      else clients.push({ name: c.name, region: c.region ?? regions[0], stores: c.uses ?? allStores });
    }
  }
  return { clients, byComponent };
}

/** A datastore as this scenario runs it: the design's settings, then the scenario's options for it. */
function withOptions(store: SimStore, o: ScenarioStoreOptions | undefined): SimStore {
  if (!o) return store;
  const s: SimStore = { ...store };
  if (o.merge) s.merge = o.merge;
  if (o.type) s.datatype = o.type;
  if (o.antiEntropy !== undefined) s.antiEntropy = o.antiEntropy > 0 ? o.antiEntropy : undefined;
  if (o.hintedHandoff !== undefined)
    s.hintedHandoff = o.hintedHandoff > 0 ? { every: o.hintedHandoff, window: store.hintedHandoff?.window } : undefined;
  if (o.readRepair !== undefined) s.readRepair = o.readRepair;
  if (o.electionTimeout !== undefined) s.timers = { ...s.timers, election: o.electionTimeout };
  return s;
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
  const operations: ScriptedOp[] = scenario.operations.map((o) => {
    let client = o.client;
    if (client === undefined) {
      const names = byComponent.get(o.component!) ?? [];
      client = o.region !== undefined ? names.find((n) => clients.find((c) => c.name === n)?.region === o.region) : names[0];
      // Validation against the design rules this out; without a design to validate against, say what is wrong.
      if (client === undefined)
        throw new Error(
          `component '${o.component}' has no client${o.region ? ` in ${o.region}` : ''} in scenario '${scenario.name}'`,
        );
    }
    return { at: o.at, client, store: o.datastore, key: o.key, f: o.f, value: o.value };
  });
  return {
    seed: scenario.seed ?? 1,
    stores: system.stores.map((s) => withOptions(s, scenario.datastores[s.name])),
    clients,
    workload: {
      reads: scenario.workload.reads,
      writes: scenario.workload.writes,
      cas: scenario.workload.cas,
      rate: scenario.workload.rate,
      keys: scenario.workload.keys,
    },
    duration: scenario.duration,
    timeout: scenario.timeout,
    partitions,
    crashes,
    operations,
  };
}

export interface DesignScenarioRun {
  result: SimResult;
  expectations: ExpectationResult[];
  /** Every component's stated needs, judged against what its own clients saw. */
  needs: NeedVerdict[];
}

/**
 * Run one scenario against a system, judge its expectations and the components' needs. `control` bounds the
 * run (see ./budget), and then linearizability checks to LINEARIZABILITY_BUDGET configurations too.
 */
export function runDesignScenario(system: SimSystem, scenario: Scenario, control?: RunControl): DesignScenarioRun {
  const result = runScenario(scenarioToConfig(scenario, system), control);
  const needsByComponent = Object.fromEntries(system.components.map((c) => [c.name, c.needs ?? {}]));
  const linearizability = cachedLinearizability(control ? { maxConfigurations: LINEARIZABILITY_BUDGET } : {});
  const expectations = runScenarioExpectations(scenario, result, { needs: needsByComponent, linearizability });
  // Judge each component's needs on the datastores its clients actually used in this run.
  const used = new Set(result.history.map((op) => `${op.component}\u0000${op.store}`));
  const needs = judgeNeeds(
    result,
    system.components.map((c) => ({
      name: c.name,
      needs: Object.fromEntries(Object.entries(c.needs ?? {}).filter(([store]) => used.has(`${c.name}\u0000${store}`))),
    })),
    linearizability,
  );
  return { result, expectations, needs };
}

/**
 * Configurations the linearizability check of a bounded run may explore: a second or so of search, after
 * which an expectation on it is reported inconclusive.
 */
export const LINEARIZABILITY_BUDGET = 500_000;
