// One interactive simulation of one datastore: builds the core's config from the model, applies the user's
// faults and logs them with their simulated time (so a restored panel replays the exact run), and derives
// what the view shows: operations with their fate, the report, and the linearizability verdict.

import type { DatastoreModel, SimulatorModel } from '../simulator/protocol';
import {
  checkLinearizability,
  createSimulation,
  estimateQuantile,
  findStaleReads,
  resolveLatency,
  Rng,
  scenarioClients,
  type Scenario,
  type SimClient,
  type LinearizabilityResult,
  type NodeState,
  type Operation,
  type SimConfig,
  type Simulation,
  type SimReport,
  type SimStore,
  type StepInfo,
} from './core';

/** What a user can do to the running system. Names are regions, node ids and client names of the simulation. */
export type UserAction =
  | { kind: 'cut'; a: string; b: string }
  | { kind: 'isolate'; target: string }
  | { kind: 'heal'; a: string; b?: string }
  | { kind: 'heal-all' }
  | { kind: 'crash'; node: string }
  | { kind: 'restart'; node: string }
  | { kind: 'invoke'; client: string; f: 'read' | 'write' }
  | { kind: 'workload'; on: boolean };

export interface LoggedAction {
  at: number;
  action: UserAction;
}

/** An operation with what became of it, as the view colours it. */
export type OpStatus = 'pending' | 'ok' | 'stale' | 'lost' | 'refused' | 'unknown';
export interface OpView {
  op: Operation;
  status: OpStatus;
}

export interface Results {
  operations: number;
  availability: number;
  staleReads: number;
  staleReadRate: number;
  p50: number;
  p99: number;
  /** Requests that failed (refused or timed out reads) or whose outcome is unknown (timed-out writes). */
  refused: number;
  lostWrites: number;
  /** Operations that ran while some side of a partition was cut off: [refused, total] on the minority side. */
  minority: [number, number];
  /** Leader and consensus stores: elections so far and ms without a leader reaching a majority. */
  leadership?: { elections: number; withoutLeader: number; now: boolean };
  /** Leaderless stores: the last heal, and when the replicas caught up after it (undefined: not yet). */
  convergence?: { healed: number; converged?: number };
}

export interface ClientInfo {
  name: string;
  region: string;
  /** The design component the client stands for, when one uses this datastore. */
  component?: string;
}

/** Regions (and the region of replicas) when the design gives no placement, as the core names it. */
export const DEFAULT_REGION = 'local';
/** The run is interactive: past this many operations the results stop being cheap to recompute. */
export const MAX_OPERATIONS = 20_000;
/** The linearizability search budget of the interactive run (memoised configurations). */
export const VERDICT_BUDGET = 2_000_000;

const WORKLOAD = { reads: 50, writes: 50, cas: 0 };

export class Session {
  readonly sim: Simulation;
  readonly regions: string[];
  readonly clients: ClientInfo[];
  readonly replicas: { id: string; region: string }[];
  /** Client-side timeout (ms), scaled to the latency so refusals show within a few round trips. */
  readonly timeout: number;
  /** Operations per second of the steady workload (all clients). */
  readonly rate: number;
  /** Simulated ms per wall-clock second at which the slowest round trip takes about a second and a half to watch. */
  readonly naturalSpeed: number;
  private readonly log: LoggedAction[] = [];
  /** Partition ids by what was cut: `link:a|b` (sorted) or `isolate:x`. */
  private readonly cuts = new Map<string, number>();
  private workloadOn = true;
  private cache: { ops: OpView[]; report: SimReport; results: Results } | undefined;
  private verdictCache: { ops: number; result: LinearizabilityResult } | undefined;

  /**
   * `simulation` is the system the language server built for the design (the one `cap-lens simulate` runs): the
   * datastore is taken from it, and the components that use it become the clients, one per region they run in.
   */
  constructor(
    readonly store: DatastoreModel,
    readonly seed: number,
    simulation?: SimulatorModel['simulation'],
  ) {
    const simStore: SimStore = (simulation?.stores.find((s) => s.name === store.name) as SimStore | undefined) ?? {
      name: store.name,
      family: store.family,
      n: store.n,
      r: store.r,
      w: store.w,
      readFrom: store.readFrom,
      placement: store.placement.map((p) => ({ region: p.region, count: p.count })),
      latency: store.latency,
      conflicts: store.conflicts,
      readRepair: store.readRepair,
    };
    const placed = store.placement.length > 0 ? store.placement.map((p) => p.region) : [DEFAULT_REGION];
    const users = (simulation?.components ?? []).filter((c) => c.uses.includes(store.name));
    let clients: SimClient[] = [];
    if (simulation && users.length > 0) {
      // The same clients a scenario gives these components, restricted to this datastore.
      const system = {
        stores: [simStore],
        components: users.map((c) => ({ ...c, uses: [store.name] })),
        regions: simulation.regions.length > 0 ? simulation.regions : placed,
      };
      clients = scenarioClients({ workload: { clients: users.map((c) => c.name) } } as Scenario, system).clients;
    }
    if (clients.length > 0) {
      this.clients = clients.map((c) => ({ name: c.name, region: c.region ?? placed[0], component: c.component }));
      // Regions of replicas first, in placement order, then any other region a component runs in.
      this.regions = [...new Set([...placed, ...this.clients.map((c) => c.region)])];
    } else {
      this.regions = placed;
      // One client per region, so both sides of a region split have one; two when there is one region, so that
      // operations still overlap (a single client, one operation at a time, can hardly show a consistency anomaly).
      this.clients =
        this.regions.length === 1
          ? [1, 2].map((k) => ({ name: `client-${k}`, region: this.regions[0] }))
          : this.regions.map((region) => ({ name: `client@${region}`, region }));
    }
    const { roundTrip, worstRoundTrip } = roundTrips(simStore, this.regions.length > 1);
    this.timeout = Math.min(1000, Math.max(20, Math.ceil(8 * worstRoundTrip)));
    // Each client waits about three round trips between operations: busy, yet every message can be followed.
    this.rate = (this.clients.length * 1000) / (3 * Math.max(roundTrip, 0.05));
    this.naturalSpeed = worstRoundTrip / 1.5;
    const config: SimConfig = {
      seed,
      stores: [simStore],
      clients: this.clients.map((c) =>
        c.component ? { name: c.name, region: c.region, component: c.component } : { name: c.name, region: c.region },
      ),
      workload: { ...WORKLOAD, rate: this.rate, keys: 1 },
      // An interactive run has no planned end; the operation cap below stops it long before this.
      duration: 1e12,
      timeout: this.timeout,
    };
    this.sim = createSimulation(config);
    this.replicas = this.sim.nodes().map((n) => ({ id: n.id, region: n.region }));
  }

  get now(): number {
    return this.sim.now;
  }

  get actions(): readonly LoggedAction[] {
    return this.log;
  }

  get workload(): boolean {
    return this.workloadOn;
  }

  /** Rebuild a session and bring it to where a saved one was: same seed, same actions at the same times. */
  static replay(
    store: DatastoreModel,
    seed: number,
    actions: readonly LoggedAction[],
    until: number,
    simulation?: SimulatorModel['simulation'],
  ): { session: Session; skipped: number } {
    const session = new Session(store, seed, simulation);
    let skipped = 0;
    for (const { at, action } of actions) {
      session.sim.runUntil(at);
      // A design edit can remove the node or region an old action named: drop it rather than the whole run.
      if (!session.apply(action)) skipped++;
    }
    session.sim.runUntil(until);
    return { session, skipped };
  }

  /** Apply an action at the current simulated time; false when it no longer makes sense (unknown name...). */
  apply(action: UserAction): boolean {
    try {
      this.execute(action);
    } catch {
      return false;
    }
    this.log.push({ at: this.sim.now, action });
    this.cache = undefined;
    return true;
  }

  private execute(action: UserAction): void {
    const sim = this.sim;
    switch (action.kind) {
      case 'cut': {
        const key = linkKey(action.a, action.b);
        if (this.cuts.has(key)) return;
        this.cuts.set(key, sim.partition([action.a], [action.b]));
        return;
      }
      case 'isolate': {
        const key = `isolate:${action.target}`;
        if (this.cuts.has(key)) return;
        this.cuts.set(key, sim.isolate(action.target));
        return;
      }
      case 'heal': {
        const key = action.b === undefined ? `isolate:${action.a}` : linkKey(action.a, action.b);
        const id = this.cuts.get(key);
        if (id === undefined) throw new Error(`nothing to heal at ${key}`);
        sim.heal(id);
        this.cuts.delete(key);
        return;
      }
      case 'heal-all':
        sim.heal();
        this.cuts.clear();
        return;
      case 'crash':
        sim.crash(action.node);
        return;
      case 'restart':
        sim.restart(action.node);
        return;
      case 'invoke':
        sim.invoke(action.client, action.f);
        return;
      case 'workload': {
        sim.setWorkload({ ...WORKLOAD, rate: action.on ? this.rate : 0, keys: 1 });
        this.workloadOn = action.on;
        return;
      }
    }
  }

  isLinkCut(a: string, b: string): boolean {
    return this.cuts.has(linkKey(a, b));
  }

  isIsolated(target: string): boolean {
    return this.cuts.has(`isolate:${target}`);
  }

  get partitions(): number {
    return this.cuts.size;
  }

  /** Advance the simulated clock by `ms`, processing every event on the way. */
  advance(ms: number): void {
    if (ms > 0) {
      this.sim.runUntil(this.sim.now + ms);
      this.cache = undefined;
    }
  }

  /**
   * Process events until one a person can see: a message delivered or dropped. Timers (think times, elections
   * that send nothing yet) are folded into the step, up to a bound so a silent system cannot hang the view.
   */
  step(): StepInfo | undefined {
    this.cache = undefined;
    let info: StepInfo | undefined;
    for (let i = 0; i < 10_000; i++) {
      info = this.sim.step();
      if (info?.kind !== 'timer') break;
    }
    this.settle();
    return info;
  }

  /**
   * While no message is in flight there is nothing to watch: jump to the next event (a client starting an
   * operation, a timeout, an election timer) instead of waiting for it in real time. Returns whether it jumped.
   */
  skipIdle(): boolean {
    if (this.sim.inFlight().length > 0) return false;
    let jumped = false;
    for (let i = 0; i < 1000 && this.sim.inFlight().length === 0; i++) {
      if (!this.sim.step()) break;
      jumped = true;
    }
    if (jumped) {
      this.settle();
      this.cache = undefined;
    }
    return jumped;
  }

  /**
   * `step()` processes one event; others may share its timestamp. Process those too, so the clock stands where
   * `runUntil` would have left it: an action logged now then replays onto the same state.
   */
  private settle(): void {
    this.sim.runUntil(this.sim.now);
  }

  nodes(): NodeState[] {
    return this.sim.nodes();
  }

  get full(): boolean {
    return this.view().ops.length >= MAX_OPERATIONS;
  }

  /** Every operation so far with its fate, the core's report, and the figures of the results strip. */
  view(): { ops: OpView[]; report: SimReport; results: Results } {
    // Dropped whenever the clock moves or an action applies, so it is computed at most once per frame.
    if (this.cache) return this.cache;
    const history = this.sim.history();
    const report = this.sim.report();
    const stale = new Set(findStaleReads(history));
    const storeReport = report.stores[0];
    const lost = new Set(storeReport?.lostWriteIds ?? []);
    const ops = history.map((op): OpView => ({ op, status: classify(op, stale, lost) }));
    let refused = 0;
    let minorityRefused = 0;
    let minorityTotal = 0;
    for (const { op, status } of ops) {
      if (status === 'pending') continue;
      const failed = status === 'refused' || status === 'unknown';
      if (failed) refused++;
      if (op.side === 'minority') {
        minorityTotal++;
        if (failed) minorityRefused++;
      }
    }
    const latency = storeReport?.latency.all ?? report.latency;
    const finished = ops.filter((o) => o.status !== 'pending').length;
    const served = finished - refused;
    const results: Results = {
      operations: finished,
      availability: finished > 0 ? served / finished : 1,
      staleReads: stale.size,
      staleReadRate: storeReport?.staleReadRate ?? report.staleReadRate,
      p50: latency.p50,
      p99: latency.p99,
      refused,
      lostWrites: lost.size,
      minority: [minorityRefused, minorityTotal],
    };
    const lead = storeReport?.leadership;
    if (lead) {
      const open = lead.intervals.at(-1);
      results.leadership = {
        elections: lead.elections,
        withoutLeader: lead.withoutLeader,
        now: open !== undefined && open[1] === report.endTime,
      };
    }
    const last = storeReport?.convergence?.filter((e) => e.interrupted === undefined).at(-1);
    if (last) results.convergence = { healed: last.healed, converged: last.converged };
    this.cache = { ops, report, results };
    return this.cache;
  }

  /**
   * Is the history so far linearizable? Once it is not, it stays not (the failing prefix stays in the history),
   * so the first counterexample is kept. Computed here, synchronously; the panel asks its worker instead
   * (`verdictRequest` and `acceptVerdict`), so the search never runs on its UI thread.
   */
  verdict(): LinearizabilityResult {
    const request = this.verdictRequest();
    if (!request) return this.verdictCache!.result;
    const result = checkLinearizability(request.ops, { maxConfigurations: VERDICT_BUDGET });
    this.acceptVerdict(request.count, result);
    return result;
  }

  /** The finished operations to check, or undefined when the last verdict still stands. */
  verdictRequest(): { ops: Operation[]; count: number } | undefined {
    const done = this.view()
      .ops.filter((o) => o.status !== 'pending')
      .map((o) => o.op);
    const previous = this.verdictCache;
    if (previous && !previous.result.linearizable && !previous.result.inconclusive) return undefined;
    if (previous && previous.ops === done.length) return undefined;
    return { ops: done, count: done.length };
  }

  /** A verdict computed elsewhere (the worker) for the first `count` finished operations. */
  acceptVerdict(count: number, result: LinearizabilityResult): void {
    const previous = this.verdictCache;
    // A violation already found stands; an answer for an older prefix does not replace a newer one.
    if (previous && ((!previous.result.linearizable && !previous.result.inconclusive) || previous.ops > count)) return;
    this.verdictCache = { ops: count, result };
  }

  /** The last verdict computed, without computing a new one. */
  get lastVerdict(): LinearizabilityResult | undefined {
    return this.verdictCache?.result;
  }
}

function classify(op: Operation, stale: Set<number>, lost: Set<number>): OpStatus {
  if (op.error === 'unfinished') return 'pending';
  if (op.outcome === 'fail') return op.error === 'cas-mismatch' ? 'ok' : 'refused';
  if (op.outcome === 'info') return 'unknown';
  if (stale.has(op.id)) return 'stale';
  if (lost.has(op.id)) return 'lost';
  return 'ok';
}

function linkKey(a: string, b: string): string {
  return a < b ? `link:${a}|${b}` : `link:${b}|${a}`;
}

/** Median round trips (write + ack legs) to a nearby replica and to the farthest, from the store's latency model. */
function roundTrips(store: SimStore, multiRegion: boolean): { roundTrip: number; worstRoundTrip: number } {
  const rng = new Rng(0x51e);
  const median = (cross: boolean) => {
    const legs = resolveLatency(store.latency, { crossRegion: cross });
    return estimateQuantile({ kind: 'sum', terms: [legs.write, legs.ack] }, 0.5, rng, 1000);
  };
  const near = median(false);
  return { roundTrip: near, worstRoundTrip: multiRegion ? Math.max(near, median(true)) : near };
}
