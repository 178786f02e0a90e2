// The discrete-event simulator: simulated time, the event queue, the network (delays drawn per latency leg,
// drops across partitions and to crashed nodes), faults, the client workload and the history it records.
// Replication behaviour lives in ./protocols; this file only moves messages and keeps the books.

import { MAX_SCENARIO_EVENTS, ScenarioStopped, type RunControl } from './budget';
import { EventQueue } from './event-queue';
import { resolveLatency } from './presets';
import { ConsensusProtocol } from './protocols/consensus';
import { LeaderProtocol } from './protocols/leader';
import { LeaderlessProtocol } from './protocols/leaderless';
import {
  LEG_NAMES,
  NIL,
  majority,
  type ClientOp,
  type LegIndex,
  type Message,
  type Protocol,
  type ReadDetail,
  type Resolution,
  type SimContext,
  type StoreRuntime,
} from './protocols/protocol';
import { buildReport } from './report';
import { compileSampler, estimateQuantile, Rng, type Sampler } from './rng';
import { replicaRegions, Topology } from './topology';
import type {
  InFlightMessage,
  NodeState,
  OpFunction,
  Operation,
  Outcome,
  SimClient,
  SimConfig,
  SimReport,
  SimResult,
  SimStore,
  StepInfo,
  TimelineEvent,
  Workload,
} from './types';

/**
 * Anything scheduled that is not a message. Hot timers (an op's timeout, a client's next op) are objects that
 * already exist and fire themselves, so the common path allocates no closure per operation.
 */
interface Timer {
  readonly isMessage: false;
  fire(): void;
}
type QueueItem = Message | Timer;

class FnTimer implements Timer {
  readonly isMessage = false;
  constructor(readonly fire: () => void) {}
}

/** A client; as a timer it starts its next operation. */
class ClientState implements Timer {
  readonly isMessage = false;
  process: number;
  /** Last value seen per (store, key): what a cas expects. */
  readonly seen = new Map<number, number>();
  /** An operation is in flight (a Jepsen process has at most one). */
  busy = false;
  /** When the pending workload timer is due; a timer firing at another time is stale and ignored. */
  nextAt = NaN;
  /** Operations asked for through `invoke` (or scripted, or a sibling merge) while busy, started in order as the client frees up. */
  readonly manual: ManualOp[] = [];
  constructor(
    private readonly engine: SimulationEngine,
    readonly index: number,
    readonly endpoint: number,
    readonly config: SimClient,
    readonly stores: number[],
  ) {
    this.process = index;
  }
  fire(): void {
    this.engine.onClientTimer(this);
  }
}

/** An operation in flight; as a timer it is its own timeout. */
class ActiveOp implements ClientOp, Timer {
  readonly isMessage = false;
  done = false;
  constructor(
    private readonly engine: SimulationEngine,
    readonly id: number,
    readonly process: number,
    readonly client: number,
    readonly endpoint: number,
    readonly store: number,
    readonly f: Operation['f'],
    readonly key: number,
    readonly value: number,
    readonly expected: number,
    readonly invoke: number,
    readonly record: Operation,
  ) {}
  fire(): void {
    this.engine.timeoutOp(this);
  }
}

/** An operation started outside the steady workload. */
interface ManualOp {
  id: number;
  f: OpFunction;
  store: number;
  key: number;
  /** Default: a fresh value (writes), 1 (a counter's add). */
  value?: number;
  /** A sibling merge written back: the values merged. */
  merges?: number[];
  scripted?: boolean;
}

export const DEFAULT_TIMEOUT = 1000;
export const DEFAULT_WORKLOAD: Workload = { reads: 50, writes: 50, cas: 0, rate: 100, keys: 1 };

/** The step API the webview animates, and the whole-run API behind `runScenario`. */
export interface Simulation {
  readonly now: number;
  /** Clients have stopped (duration reached) and no operation is outstanding. */
  readonly done: boolean;
  readonly seed: number;
  /** Process the next event; undefined when nothing is left. */
  step(): StepInfo | undefined;
  /** Process every event up to time t, then set the clock to t. */
  runUntil(t: number): void;
  /** Run to the end (duration, then until every operation has completed or timed out). */
  run(): SimResult;
  inFlight(): InFlightMessage[];
  nodes(): NodeState[];
  activePartitions(): { id: number; label: string }[];
  /** Faults applied at the current simulated time. Names are regions, node ids, client or datastore names. */
  partition(sideA: string[], sideB: string[]): number;
  isolate(selector: string): number;
  heal(id?: number): void;
  crash(node: string): void;
  restart(node: string): void;
  /** Crash the current leader/primary of a datastore; returns its node id, if it had one. */
  crashLeader(store: string): string | undefined;
  /**
   * Start one operation now from a client (queued until its operation in flight completes: one at a time,
   * as a Jepsen process). Runs even after `duration`. Returns the op id (ids follow creation order).
   */
  invoke(client: string, f: OpFunction, options?: { store?: string; key?: number; value?: number }): number;
  /** Replace the steady workload from now on; rate 0 stops new operations. The number of keys stays as created. */
  setWorkload(workload: Workload): void;
  history(): Operation[];
  report(): SimReport;
}

export function createSimulation(config: SimConfig): Simulation {
  return new SimulationEngine(config);
}

/**
 * Run a whole simulation and return its history and report. With `control`, the run throws ScenarioStopped
 * once it passes `control.maxEvents` events or `control.isCancelled()` turns true (checked every 4,096 events).
 */
export function runScenario(config: SimConfig, control?: RunControl): SimResult {
  const engine = new SimulationEngine(config);
  engine.control = control;
  return engine.run();
}

class SimulationEngine implements Simulation, SimContext {
  now = 0;
  readonly seed: number;
  readonly rng: Rng;
  private readonly netRng: Rng;
  private readonly workRng: Rng;
  private readonly queue = new EventQueue<QueueItem>();
  private readonly topo: Topology;
  private readonly stores: StoreRuntime[];
  private readonly protocols: Protocol[];
  /** samplers[store][remote ? 1 : 0][leg] */
  private readonly samplers: Sampler[][][];
  private readonly up: Uint8Array;
  private readonly clients: ClientState[];
  private workload: Required<Workload>;
  private weights: [number, number, number] = [1, 0, 0];
  private thinkMean = Infinity;
  readonly timeout: number;
  private readonly duration: number;
  private readonly ops: Operation[] = [];
  private pendingOps = 0;
  private nextOpId = 1;
  private nextMessageId = 1;
  private events = 0;
  private sent = 0;
  private delivered = 0;
  private dropped = 0;
  /** Per-link last arrival for FIFO sends (replication streams): a dense matrix when small enough. */
  private readonly fifo = new Map<number, number>();
  private readonly fifoDense: Float64Array | undefined;
  private readonly pool: Message[] = [];
  /** Limits a whole run (see runScenario); the step API used by the webview runs without them. */
  control?: RunControl;
  /** Added to workload values when a scenario scripts values of its own, so the two never collide. */
  private readonly valueBase: number;
  private readonly timeline: TimelineEvent[] = [];
  /** Per store with a leader: whether a leader reaches a majority, since when, and the stretches without one. */
  private readonly leaderBooks: {
    has: boolean;
    since: number;
    intervals: [number, number][];
    elections: number;
    leaders: number;
  }[];
  private healthy: boolean[];

  constructor(private readonly config: SimConfig) {
    this.seed = config.seed ?? 1;
    const root = new Rng(this.seed);
    this.netRng = root.fork();
    this.workRng = root.fork();
    this.rng = root.fork();
    this.duration = config.duration;
    this.timeout = config.timeout ?? DEFAULT_TIMEOUT;
    const w = config.workload ?? DEFAULT_WORKLOAD;
    this.workload = {
      reads: w.reads,
      writes: w.writes,
      cas: w.cas ?? 0,
      rate: w.rate,
      keys: Math.max(1, Math.floor(w.keys ?? 1)),
    };

    const clients = config.clients ?? defaultClients(config.stores);
    this.topo = new Topology(config.stores, clients);
    this.up = new Uint8Array(this.topo.endpoints.length).fill(1);
    const links = this.topo.endpoints.length ** 2;
    this.fifoDense = links <= 1 << 20 ? new Float64Array(links) : undefined;
    this.applyWorkload(this.workload, clients.length);
    const scripted = (config.operations ?? []).reduce((m, o) => Math.max(m, Math.abs(o.value ?? 0)), 0);
    this.valueBase = scripted > 0 ? 10 ** Math.ceil(Math.log10(scripted + 1)) : 0;

    this.stores = config.stores.map((s, i) => this.resolveStore(s, i));
    this.leaderBooks = this.stores.map(() => ({ has: true, since: 0, intervals: [], elections: 0, leaders: 0 }));
    this.healthy = this.stores.map(() => true);
    this.samplers = config.stores.map((s) => {
      const local = resolveLatency(s.latency, { crossRegion: false });
      const remote = resolveLatency(s.latency, { crossRegion: true });
      return [LEG_NAMES.map((l) => compileSampler(local[l])), LEG_NAMES.map((l) => compileSampler(remote[l]))];
    });
    this.protocols = this.stores.map((s) => {
      switch (s.family) {
        case 'leaderless': {
          const p = new LeaderlessProtocol(this, s);
          p.clockSkew = clients.map((c) => c.clockSkew ?? 0);
          return p;
        }
        case 'leader':
          return new LeaderProtocol(this, s);
        case 'consensus':
          return new ConsensusProtocol(this, s);
      }
    });

    const storeIndex = new Map(config.stores.map((s, i) => [s.name, i]));
    this.clients = clients.map((c, i) => {
      const stores = (c.stores ?? config.stores.map((s) => s.name)).map((name) => {
        const k = storeIndex.get(name);
        if (k === undefined) throw new Error(`client '${c.name}' uses unknown datastore '${name}'`);
        return k;
      });
      return new ClientState(this, i, this.topo.clientBase + i, c, stores);
    });
    for (const c of this.clients)
      if (c.stores.length > 0 && Number.isFinite(this.thinkMean)) {
        c.nextAt = this.workRng.next() * Math.min(this.thinkMean, this.duration);
        this.queue.push(c.nextAt, c);
      }
    this.scheduleFaults();
    this.scheduleOperations();
  }

  private resolveStore(s: SimStore, index: number): StoreRuntime {
    if (!Number.isInteger(s.n) || s.n < 1) throw new Error(`datastore '${s.name}': n must be a positive integer`);
    const clamp = (q: number | undefined) => Math.min(s.n, Math.max(1, Math.floor(q ?? majority(s.n))));
    const regionNames = replicaRegions(s);
    const legs = resolveLatency(s.latency, { crossRegion: new Set(regionNames).size > 1 });
    // Timers scale with the latency model, as operators tune them (etcd: election ≥ 10 × round trip).
    const estimator = new Rng(0x5eed);
    const rt99 = estimateQuantile({ kind: 'sum', terms: [legs.write, legs.ack] }, 0.99, estimator);
    const heartbeat = s.timers?.heartbeat ?? Math.max(20, Math.ceil(2 * rt99));
    const election = s.timers?.election ?? Math.max(200, Math.ceil(10 * rt99));
    return {
      index,
      name: s.name,
      family: s.family,
      n: s.n,
      r: clamp(s.r),
      w: clamp(s.w),
      readFrom: s.readFrom ?? 'leader',
      readRepair: s.readRepair ?? false,
      keys: this.workload.keys,
      base: this.topo.storeBase[index],
      regions: regionNames.map((r) => this.topo.regionIndex(r)),
      heartbeat,
      election,
      failover: s.timers?.failover ?? election,
      stepDown: s.timers?.stepDown ?? Infinity,
      resolution: resolutionOf(s),
      merge: s.merge ?? 'max',
      antiEntropy: s.antiEntropy !== undefined && s.antiEntropy > 0 ? s.antiEntropy : 0,
      // Acknowledgements are tracked a bit per replica: hinted handoff covers replication factors up to 30.
      hintedHandoff: s.hintedHandoff && s.hintedHandoff.every > 0 && s.n <= 30 ? s.hintedHandoff : undefined,
      config: s,
    };
  }

  private scheduleFaults(): void {
    for (const p of this.config.partitions ?? []) {
      // Resolve names now so that a typo fails at creation, not mid-run.
      const sides = p.isolate !== undefined ? this.isolateSides(p.isolate) : this.betweenSides(p.between ?? [[], []]);
      const label =
        p.isolate !== undefined
          ? `isolate ${p.isolate}`
          : `${(p.between ?? [[]])[0].join(',')} | ${(p.between ?? [[], []])[1].join(',')}`;
      let id = 0;
      this.scheduleAt(p.at, () => (id = this.addPartition(sides[0], sides[1], label)));
      if (p.heal !== undefined) this.scheduleAt(p.heal, () => this.heal(id));
    }
    for (const c of this.config.crashes ?? []) {
      let node = c.node !== undefined ? this.nodeId(c.node) : -1;
      if (c.leaderOf !== undefined && !this.config.stores.some((s) => s.name === c.leaderOf))
        throw new Error(`unknown datastore '${c.leaderOf}'`);
      this.scheduleAt(c.at, () => {
        if (c.leaderOf !== undefined) {
          const name = this.crashLeader(c.leaderOf);
          node = name !== undefined ? this.nodeId(name) : -1;
        } else this.crashEndpoint(node);
      });
      if (c.restart !== undefined) this.scheduleAt(c.restart, () => node >= 0 && this.restartEndpoint(node));
    }
  }

  /** Scripted operations start at their time, or as soon as their client's operation in flight completes. */
  private scheduleOperations(): void {
    for (const o of this.config.operations ?? []) {
      const client = this.clients.find((c) => c.config.name === o.client);
      if (!client) throw new Error(`unknown client '${o.client}'`);
      const store = o.store === undefined ? client.stores[0] : this.stores.findIndex((x) => x.name === o.store);
      if (store === undefined || store < 0)
        throw new Error(`client '${o.client}' has no datastore${o.store ? ` '${o.store}'` : ''}`);
      this.scheduleAt(o.at, () =>
        this.enqueue(client, { id: this.nextOpId++, f: o.f, store, key: this.keyOf(o.key), value: o.value, scripted: true }),
      );
    }
  }

  private keyOf(key: number | undefined): number {
    return Math.min(this.workload.keys - 1, Math.max(0, Math.floor(key ?? 0)));
  }

  private enqueue(client: ClientState, op: ManualOp): void {
    if (client.busy) client.manual.push(op);
    else this.startOp(client, op.f, op.store, op.key, op.id, op);
  }

  private betweenSides([a, b]: [string[], string[]]): [number[], number[]] {
    return [a.flatMap((s) => this.topo.resolve(s)), b.flatMap((s) => this.topo.resolve(s))];
  }

  private isolateSides(selector: string): [number[], number[]] {
    const side = this.topo.resolve(selector);
    return [side, this.topo.complement(side)];
  }

  private nodeId(name: string): number {
    const id = this.topo.endpointId(name);
    if (id === undefined || this.topo.endpoints[id].store < 0) throw new Error(`'${name}' is not a node of this simulation`);
    return id;
  }

  // ----- SimContext -----------------------------------------------------------------------------------------

  get clientCount(): number {
    return this.topo.clients.length;
  }

  leadership(store: StoreRuntime, event: 'election' | 'leader' | 'step-down', node: number, term: number): void {
    const book = this.leaderBooks[store.index];
    if (event === 'election') book.elections++;
    else if (event === 'leader') book.leaders++;
    this.timeline.push({ at: this.now, kind: event, store: store.name, node: this.topo.endpoints[store.base + node].name, term });
    this.checkLeader(store.index);
  }

  /** A leader counts while it is up and reaches a majority of its replicas (the others cannot tell it is gone). */
  private checkLeader(i: number): void {
    const store = this.stores[i];
    if (store.family === 'leaderless') return;
    const book = this.leaderBooks[i];
    const l = this.protocols[i].leader();
    let has = false;
    if (l !== undefined && this.up[store.base + l] === 1) {
      let reach = 0;
      for (let j = 0; j < store.n; j++)
        if (this.up[store.base + j] === 1 && !this.topo.isBlocked(store.base + l, store.base + j)) reach++;
      has = reach >= majority(store.n);
    }
    if (has === book.has) return;
    book.has = has;
    if (!has) book.since = this.now;
    else book.intervals.push([book.since, this.now]);
    this.timeline.push({ at: this.now, kind: has ? 'leader-back' : 'no-leader', store: store.name });
  }

  /** After any fault changes: leaders may have lost their majority, and leaderless stores may start converging. */
  private faultsChanged(): void {
    const partitioned = this.topo.partitions.length > 0;
    for (const store of this.stores) {
      this.checkLeader(store.index);
      let up = true;
      for (let j = 0; j < store.n && up; j++) up = this.up[store.base + j] === 1;
      const healthy = !partitioned && up;
      if (healthy === this.healthy[store.index]) continue;
      this.healthy[store.index] = healthy;
      this.protocols[store.index].setHealthy?.(healthy);
    }
  }

  private addPartition(a: number[], b: number[], label: string): number {
    const id = this.topo.addPartition(a, b, label);
    this.timeline.push({ at: this.now, kind: 'partition', label });
    this.faultsChanged();
    return id;
  }

  send(
    store: StoreRuntime,
    from: number,
    to: number,
    kind: string,
    leg: LegIndex,
    body: unknown,
    fifo = false,
    x = 0,
    y = 0,
    z = 0,
  ): void {
    this.sent++;
    if (this.up[from] === 0 || this.topo.isBlocked(from, to)) {
      this.dropped++;
      return;
    }
    const eps = this.topo.endpoints;
    const remote = eps[from].region !== eps[to].region ? 1 : 0;
    let at = this.now + this.samplers[store.index][remote][leg](this.netRng);
    if (fifo) {
      const link = from * eps.length + to;
      if (this.fifoDense) {
        if (at < this.fifoDense[link]) at = this.fifoDense[link];
        this.fifoDense[link] = at;
      } else {
        const last = this.fifo.get(link) ?? 0;
        if (at < last) at = last;
        this.fifo.set(link, at);
      }
    }
    // Messages are recycled once handled (protocols keep bodies, never the message): it halves garbage.
    const msg = this.pool.pop();
    if (msg) {
      msg.id = this.nextMessageId++;
      msg.from = from;
      msg.to = to;
      msg.store = store.index;
      msg.kind = kind;
      msg.leg = leg;
      msg.sent = this.now;
      msg.at = at;
      msg.body = body;
      msg.x = x;
      msg.y = y;
      msg.z = z;
      this.queue.push(at, msg);
    } else
      this.queue.push(at, {
        isMessage: true,
        id: this.nextMessageId++,
        from,
        to,
        store: store.index,
        kind,
        leg,
        sent: this.now,
        at,
        body,
        x,
        y,
        z,
      });
  }

  private release(msg: Message): void {
    msg.body = undefined;
    if (this.pool.length < 4096) this.pool.push(msg);
  }

  schedule(delay: number, fn: () => void): void {
    this.queue.push(this.now + Math.max(0, delay), new FnTimer(fn));
  }

  private scheduleAt(time: number, fn: () => void): void {
    this.queue.push(Math.max(this.now, time), new FnTimer(fn));
  }

  isUp(endpoint: number): boolean {
    return this.up[endpoint] === 1;
  }

  connected(a: number, b: number): boolean {
    return !this.topo.isBlocked(a, b);
  }

  regionOf(endpoint: number): number {
    return this.topo.endpoints[endpoint].region;
  }

  complete(op: ClientOp, outcome: Outcome, value?: number, error?: string, detail?: ReadDetail): void {
    if (op.done) return;
    op.done = true;
    this.pendingOps--;
    const record = (op as ActiveOp).record;
    record.complete = this.now;
    record.outcome = outcome;
    if (error !== undefined) record.error = error;
    const client = this.clients[op.client];
    const seenKey = op.store * this.workload.keys + op.key;
    if (outcome === 'ok') {
      if (op.f === 'read') {
        const v = value ?? NIL;
        if (detail?.elements) record.value = detail.elements;
        else record.value = v === NIL ? null : v;
        client.seen.set(seenKey, v);
        if (detail?.siblings) {
          record.siblings = detail.siblings;
          // The client resolves the siblings at once: its merge, written back with everything it just saw, so
          // it supersedes them all (the Riak client pattern: fetch, resolve, store with the fetched vclock).
          client.manual.unshift({
            id: this.nextOpId++,
            f: 'write',
            store: op.store,
            key: op.key,
            value: v,
            merges: detail.siblings,
          });
        }
      } else if (op.f === 'write' || op.f === 'cas') client.seen.set(seenKey, op.value);
    }
    // Jepsen retires a process whose operation is indeterminate: it may still be running, so the client
    // continues under a fresh process id and every process keeps at most one operation open.
    if (outcome === 'info') client.process += this.clients.length;
    client.busy = false;
    this.next(client);
  }

  // ----- workload ---------------------------------------------------------------------------------------------

  private applyWorkload(w: Required<Workload>, clients: number): void {
    const total = w.reads + w.writes + w.cas;
    this.weights = total > 0 ? [w.reads / total, w.writes / total, w.cas / total] : [1, 0, 0];
    // Each client thinks for an exponential time between operations: together they offer `rate` per second
    // (fewer when operations are slow, since a client waits for its previous one).
    this.thinkMean = clients > 0 && w.rate > 0 && total > 0 ? (clients * 1000) / w.rate : Infinity;
  }

  /** What a free client does next: a queued manual operation at once, else the workload after thinking. */
  private next(client: ClientState): void {
    const manual = client.manual.shift();
    if (manual) return this.startOp(client, manual.f, manual.store, manual.key, manual.id, manual);
    if (!Number.isFinite(this.thinkMean) || client.stores.length === 0 || !Number.isNaN(client.nextAt)) return;
    client.nextAt = this.now - this.thinkMean * Math.log(this.workRng.open());
    this.queue.push(client.nextAt, client);
  }

  onClientTimer(client: ClientState): void {
    if (this.now !== client.nextAt) return; // superseded
    client.nextAt = NaN;
    if (client.busy || this.now >= this.duration || !Number.isFinite(this.thinkMean)) return;
    const rng = this.workRng;
    const store = client.stores.length === 1 ? client.stores[0] : client.stores[rng.int(client.stores.length)];
    const u = rng.next();
    const f = u < this.weights[0] ? 'read' : u < this.weights[0] + this.weights[1] ? 'write' : 'cas';
    const key = this.workload.keys === 1 ? 0 : rng.int(this.workload.keys);
    this.startOp(client, f, store, key, this.nextOpId++);
  }

  invoke(clientName: string, f: OpFunction, options: { store?: string; key?: number; value?: number } = {}): number {
    const client = this.clients.find((c) => c.config.name === clientName);
    if (!client) throw new Error(`unknown client '${clientName}'`);
    const store = options.store === undefined ? client.stores[0] : this.stores.findIndex((s) => s.name === options.store);
    if (store === undefined || store < 0)
      throw new Error(`client '${clientName}' has no datastore${options.store ? ` '${options.store}'` : ''}`);
    const id = this.nextOpId++;
    this.enqueue(client, { id, f, store, key: this.keyOf(options.key), value: options.value });
    return id;
  }

  setWorkload(workload: Workload): void {
    // The number of keys is fixed for a run: replicas size their state by it.
    this.workload = {
      reads: workload.reads,
      writes: workload.writes,
      cas: workload.cas ?? 0,
      rate: workload.rate,
      keys: this.workload.keys,
    };
    this.applyWorkload(this.workload, this.clients.length);
    for (const c of this.clients) if (!c.busy) this.next(c);
  }

  private startOp(client: ClientState, f: OpFunction, store: number, key: number, id: number, manual?: ManualOp): void {
    client.busy = true;
    const expected = client.seen.get(store * this.workload.keys + key) ?? NIL;
    const runtime = this.stores[store];
    const datatype = runtime.resolution === 'counter' || runtime.resolution === 'set' ? runtime.resolution : undefined;
    // A counter or a set is updated by `add`: the workload's writes (and compare-and-sets) become adds.
    if (datatype && (f === 'write' || f === 'cas')) f = 'add';
    const record: Operation = {
      id,
      process: client.process,
      f,
      invoke: this.now,
      complete: NaN,
      outcome: 'info',
      client: client.config.name,
      store: runtime.name,
      region: this.topo.regions[this.topo.endpoints[client.endpoint].region],
      side: this.sideOf(client.endpoint, runtime),
    };
    if (client.config.component !== undefined) record.component = client.config.component;
    if (this.workload.keys > 1) record.key = key;
    if (datatype) record.datatype = datatype;
    if (manual?.scripted) record.scripted = true;
    if (manual?.merges) record.merges = manual.merges;
    // Workload values are the op id (offset past any scripted value): unique, so a read names the write it saw.
    let value = manual?.value ?? (datatype === 'counter' ? 1 : id + this.valueBase);
    if (f === 'read') value = id;
    if (f === 'write' || f === 'add' || f === 'remove') record.value = value;
    else if (f === 'cas') record.value = [expected === NIL ? null : expected, value];
    this.ops.push(record);
    const op = new ActiveOp(
      this,
      id,
      client.process,
      client.index,
      client.endpoint,
      store,
      f,
      key,
      value,
      expected,
      this.now,
      record,
    );
    this.pendingOps++;
    this.queue.push(this.now + this.timeout, op);
    this.protocols[store].invoke(op);
  }

  timeoutOp(op: ActiveOp): void {
    if (op.done) return;
    this.protocols[op.store].abandon(op);
    // A read has no effect, so its timeout is a plain failure; a write may yet be applied: unknown.
    this.complete(op, op.f === 'read' ? 'fail' : 'info', undefined, 'timeout');
  }

  private sideOf(client: number, store: StoreRuntime): Operation['side'] {
    if (!this.topo.partitioned) return 'none';
    let reach = 0;
    for (let i = 0; i < store.n; i++) if (!this.topo.isBlocked(client, store.base + i)) reach++;
    return reach >= majority(store.n) ? 'majority' : 'minority';
  }

  // ----- running ----------------------------------------------------------------------------------------------

  get done(): boolean {
    return this.now >= this.duration && this.pendingOps === 0;
  }

  /** The last moment anything can matter: every op invoked before `duration` has timed out by then. */
  private get hardStop(): number {
    return this.duration + this.timeout + 1;
  }

  step(): StepInfo | undefined {
    if (this.queue.size === 0) return undefined;
    const time = this.queue.peekTime();
    const item = this.queue.pop()!;
    this.now = time;
    this.events++;
    if (!item.isMessage) {
      item.fire();
      return { time, kind: 'timer' };
    }
    const info = this.describe(item);
    if (this.topo.isBlocked(item.from, item.to) || this.up[item.to] === 0) {
      this.dropped++;
      this.release(item);
      return { time, kind: 'dropped', message: info };
    }
    this.delivered++;
    this.protocols[item.store].deliver(item);
    this.release(item);
    return { time, kind: 'message', message: info };
  }

  runUntil(t: number): void {
    this.process(t, false);
    if (t > this.now) this.now = t;
  }

  /** The hot loop: no allocation beyond what protocols do. `untilDone` stops once the workload is over. */
  private process(limit: number, untilDone: boolean): void {
    const queue = this.queue;
    const topo = this.topo;
    const up = this.up;
    const protocols = this.protocols;
    while (queue.size > 0 && queue.peekTime() <= limit) {
      if (untilDone && this.now >= this.duration && this.pendingOps === 0) return;
      this.now = queue.peekTime();
      const item = queue.pop()!;
      if ((++this.events & 4095) === 0 && this.control) this.checkControl(this.control);
      if (!item.isMessage) item.fire();
      else {
        if (up[item.to] === 0 || topo.isBlocked(item.from, item.to)) this.dropped++;
        else {
          this.delivered++;
          protocols[item.store].deliver(item);
        }
        this.release(item);
      }
    }
  }

  private checkControl(control: RunControl): void {
    if (this.events > (control.maxEvents ?? 2 * MAX_SCENARIO_EVENTS)) throw new ScenarioStopped('budget');
    if (control.isCancelled?.()) throw new ScenarioStopped('cancelled');
  }

  run(): SimResult {
    this.process(this.hardStop, true);
    return { history: this.history(), report: this.report() };
  }

  // ----- faults -----------------------------------------------------------------------------------------------

  partition(sideA: string[], sideB: string[]): number {
    const [a, b] = this.betweenSides([sideA, sideB]);
    return this.addPartition(a, b, `${sideA.join(',')} | ${sideB.join(',')}`);
  }

  isolate(selector: string): number {
    const [a, b] = this.isolateSides(selector);
    return this.addPartition(a, b, `isolate ${selector}`);
  }

  heal(id?: number): void {
    const healed = this.topo.partitions.filter((p) => id === undefined || p.id === id);
    if (healed.length === 0) return;
    this.topo.heal(id);
    for (const p of healed) this.timeline.push({ at: this.now, kind: 'heal', label: p.label });
    this.faultsChanged();
  }

  activePartitions(): { id: number; label: string }[] {
    return this.topo.partitions.map((p) => ({ id: p.id, label: p.label }));
  }

  crash(node: string): void {
    this.crashEndpoint(this.nodeId(node));
  }

  restart(node: string): void {
    this.restartEndpoint(this.nodeId(node));
  }

  crashLeader(store: string): string | undefined {
    const s = this.stores.find((x) => x.name === store);
    if (!s) throw new Error(`unknown datastore '${store}'`);
    const leader = this.protocols[s.index].leader();
    if (leader === undefined) return undefined;
    this.crashEndpoint(s.base + leader);
    return this.topo.endpoints[s.base + leader].name;
  }

  private crashEndpoint(id: number): void {
    if (id < 0 || this.up[id] === 0) return;
    this.up[id] = 0;
    const e = this.topo.endpoints[id];
    this.protocols[e.store].crash(e.local);
    this.timeline.push({ at: this.now, kind: 'crash', node: e.name, store: this.stores[e.store].name });
    this.faultsChanged();
  }

  private restartEndpoint(id: number): void {
    if (this.up[id] === 1) return;
    this.up[id] = 1;
    const e = this.topo.endpoints[id];
    this.protocols[e.store].restart(e.local);
    this.timeline.push({ at: this.now, kind: 'restart', node: e.name, store: this.stores[e.store].name });
    this.faultsChanged();
  }

  // ----- inspection -------------------------------------------------------------------------------------------

  private describe(m: Message): InFlightMessage {
    const eps = this.topo.endpoints;
    const span = m.at - m.sent;
    return {
      id: m.id,
      from: eps[m.from].name,
      to: eps[m.to].name,
      store: this.stores[m.store].name,
      kind: m.kind,
      leg: LEG_NAMES[m.leg],
      sent: m.sent,
      arrives: m.at,
      progress: span > 0 ? Math.min(1, Math.max(0, (this.now - m.sent) / span)) : 1,
    };
  }

  inFlight(): InFlightMessage[] {
    const out: InFlightMessage[] = [];
    this.queue.forEach((item) => {
      if (item.isMessage) out.push(this.describe(item));
    });
    return out.sort((a, b) => a.id - b.id);
  }

  nodes(): NodeState[] {
    return this.topo.endpoints.flatMap((e, id) =>
      e.store < 0
        ? []
        : [
            {
              id: e.name,
              store: this.stores[e.store].name,
              region: this.topo.regions[e.region],
              up: this.up[id] === 1,
              ...this.protocols[e.store].nodeState(e.local),
            },
          ],
    );
  }

  history(): Operation[] {
    // Ops still open (only when the run was cut short) are reported as unknown, as Jepsen does.
    // Finished records are never touched again, so they are shared rather than copied.
    return this.ops.map((op) =>
      Number.isNaN(op.complete)
        ? { ...op, complete: this.now, outcome: op.f === 'read' ? 'fail' : 'info', error: 'unfinished' }
        : op,
    );
  }

  report(): SimReport {
    const history = this.history();
    return buildReport({
      history,
      stores: this.stores.map((s, i) => {
        const p = this.protocols[i];
        const acked = history
          .filter((op) => op.store === s.name && op.outcome === 'ok' && op.f !== 'read' && op.f !== 'remove')
          .map((op) => op.id);
        const book = this.leaderBooks[i];
        const open: [number, number][] = book.has ? [] : [[book.since, this.now]];
        const intervals = [...book.intervals, ...open];
        return {
          name: s.name,
          family: s.family,
          lost: p.lostWrites(acked),
          conflicts: p.conflicts?.(),
          convergence: p.convergence?.(),
          leadership:
            s.family === 'leaderless'
              ? undefined
              : {
                  elections: book.elections,
                  leaders: book.leaders,
                  withoutLeader: intervals.reduce((t, [a, b]) => t + (b - a), 0),
                  intervals,
                },
          final: Array.from({ length: s.n }, (_, r) => ({ node: this.topo.endpoints[s.base + r].name, value: p.valueOf(r, 0) })),
        };
      }),
      clients: this.clients.map((c) => ({
        name: c.config.name,
        component: c.config.component,
        region: this.topo.regions[this.topo.endpoints[c.endpoint].region],
      })),
      timeline: [...this.timeline],
      seed: this.seed,
      endTime: this.now,
      events: this.events,
      messages: { sent: this.sent, delivered: this.delivered, dropped: this.dropped },
    });
  }
}

/** How a leaderless store resolves concurrent writes, from its `conflicts` (and CRDT type). */
function resolutionOf(s: SimStore): Resolution {
  switch (s.conflicts) {
    case 'vector-clocks':
      return 'siblings';
    case 'crdt':
      return s.datatype ?? 'register';
    case 'none':
      return 'arrival';
    default:
      return 'lww';
  }
}

/** One client per region where some store has replicas (all stores each), so both sides of a split have one. */
function defaultClients(stores: SimStore[]): SimClient[] {
  const regions = [...new Set(stores.flatMap(replicaRegions))];
  return regions.map((region) => ({ name: regions.length === 1 ? 'client' : `client@${region}`, region }));
}
