// How much a scenario may cost, judged before it runs: a design scenario is simulated on every change, so
// one with `duration: 24h`, `keys: 100000000` or `clients: 5000000` must be refused with a clear message
// rather than run for minutes, allocate gigabytes or throw. The estimate is an upper bound built from the
// engine's own sizes (see simulation-engine.ts, topology.ts and protocols/*); the run itself also stops at a hard event
// cap, and can be cancelled, so a wrong estimate costs a bounded amount of time.

import { duration } from '../text/format';
import type { SimSystem } from './from-design';
import type { Scenario, YamlPath } from './scenarios';

/** Events (messages and timers) one scenario may take: about a second of simulation on a busy machine. */
export const MAX_SCENARIO_EVENTS = 1_000_000;
/** Operations one scenario may issue (each is kept in the history: about 200 bytes apiece). */
export const MAX_SCENARIO_OPERATIONS = 200_000;
/** Replicas plus clients: the partition matrix holds one byte per pair (4,096² = 16 MB). */
export const MAX_SCENARIO_ENDPOINTS = 4096;
/** Registers times replicas: each replica keeps every register (three 8-byte words each for leaderless stores). */
export const MAX_SCENARIO_REGISTER_SLOTS = 1_000_000;
/** Replicas of one leader or consensus store: leaders track every follower in N × N tables (2,000² × 16 B = 64 MB). */
export const MAX_LEADER_REPLICAS = 2000;
/** Events all scenarios of one design may take together. */
export const MAX_DESIGN_EVENTS = 5_000_000;
/** Heartbeats are sent at least this often (ms): the engine's floor (Math.max(20, 2 × round trip)). */
const MIN_HEARTBEAT_MS = 20;

export interface ScenarioCost {
  /** Upper bound on the events the run takes. */
  events: number;
  operations: number;
  endpoints: number;
  registerSlots: number;
}

export type ScenarioVerdict =
  | { ok: true; cost: ScenarioCost }
  | { ok: false; cost: ScenarioCost; path: YamlPath; message: string };

const n = (x: number) => Math.round(x).toLocaleString('en-US');

/** The clients a scenario runs, counted the way scenario-config.ts makes them. */
function clientCount(scenario: Scenario, system: SimSystem): number {
  const regions = Math.max(
    1,
    system.regions.length || new Set(system.stores.flatMap((s) => s.placement?.map((p) => p.region) ?? [])).size,
  );
  const spec = scenario.workload.clients;
  if (typeof spec === 'number') return spec;
  if (spec === undefined) return Math.max(1, system.components.filter((c) => c.uses.length > 0).length) * regions;
  return spec.reduce((sum, c) => sum + (typeof c === 'string' ? regions : 1), 0);
}

/** An upper bound on what running `scenario` against `system` costs, and whether it fits the budget. */
export function judgeScenarioCost(scenario: Scenario, system: SimSystem): ScenarioVerdict {
  const replicas = system.stores.reduce((sum, s) => sum + s.n, 0);
  const widest = system.stores.reduce((max, s) => Math.max(max, s.n), 1);
  const clients = clientCount(scenario, system);
  const seconds = scenario.duration / 1000;
  const operations = scenario.workload.rate * seconds;
  // Each operation: a request, a fan-out to every replica and back, a reply. Leaders and consensus groups
  // also exchange heartbeats with every follower for the whole run.
  const heartbeats = system.stores
    .filter((s) => s.family !== 'leaderless')
    .reduce((sum, s) => sum + (scenario.duration / MIN_HEARTBEAT_MS) * 2 * (s.n - 1), 0);
  const events = operations * (2 * widest + 2) + heartbeats;
  const cost: ScenarioCost = {
    events,
    operations,
    endpoints: replicas + clients,
    registerSlots: scenario.workload.keys * replicas,
  };
  const at = (key: string): YamlPath => [...scenario.path, key];
  const refuse = (path: YamlPath, what: string, fix: string): ScenarioVerdict => ({
    ok: false,
    cost,
    path,
    message: `scenario '${scenario.name}' is too large to simulate: ${what}. ${fix}`,
  });
  const leader = system.stores.find((s) => s.family !== 'leaderless' && s.n > MAX_LEADER_REPLICAS);
  if (leader)
    return refuse(
      at('name'),
      `'${leader.name}' has ${n(leader.n)} replicas, and the simulator models leader and consensus stores of up to ${n(MAX_LEADER_REPLICAS)}`,
      'Simulate a smaller copy of the store.',
    );
  if (cost.endpoints > MAX_SCENARIO_ENDPOINTS) {
    return refuse(
      scenario.workload.clients !== undefined ? [...scenario.path, 'workload', 'clients'] : at('name'),
      `${n(replicas)} replicas and ${n(clients)} clients make ${n(cost.endpoints)} endpoints, and CAP Lens simulates at most ${n(MAX_SCENARIO_ENDPOINTS)}`,
      'Use fewer clients: a few per region show the same behaviour.',
    );
  }
  if (cost.registerSlots > MAX_SCENARIO_REGISTER_SLOTS) {
    return refuse(
      [...scenario.path, 'workload', 'keys'],
      `${n(scenario.workload.keys)} keys on ${n(replicas)} replicas are ${n(cost.registerSlots)} registers to keep, and CAP Lens keeps at most ${n(MAX_SCENARIO_REGISTER_SLOTS)}`,
      'Use fewer keys: contention shows with a handful.',
    );
  }
  if (operations > MAX_SCENARIO_OPERATIONS) {
    return refuse(
      at('duration'),
      `${n(scenario.workload.rate)} operations/s for ${duration(scenario.duration)} is up to ${n(operations)} operations, and CAP Lens simulates at most ${n(MAX_SCENARIO_OPERATIONS)}`,
      'Shorten `duration` or lower `workload.rate`.',
    );
  }
  if (events > MAX_SCENARIO_EVENTS) {
    return refuse(
      at('duration'),
      `with ${n(widest)} replicas that is up to ${n(events)} messages and timers, and CAP Lens simulates at most ${n(MAX_SCENARIO_EVENTS)} per scenario`,
      'Shorten `duration`, lower `workload.rate`, or simulate fewer replicas.',
    );
  }
  return { ok: true, cost };
}

/** How a run may be stopped from outside: the hard event cap, and a cancellation check (a newer edit). */
export interface RunControl {
  /** Stop with ScenarioStopped('budget') after this many events (default: twice MAX_SCENARIO_EVENTS). */
  maxEvents?: number;
  /** Polled every few thousand events; true stops the run with ScenarioStopped('cancelled'). */
  isCancelled?: () => boolean;
}

/** Thrown out of a run that was cancelled or exceeded its event cap; nothing of the run is kept. */
export class ScenarioStopped extends Error {
  constructor(readonly why: 'budget' | 'cancelled') {
    super(why === 'budget' ? 'the scenario exceeded the simulation budget' : 'the scenario run was cancelled');
    this.name = 'ScenarioStopped';
  }
}
