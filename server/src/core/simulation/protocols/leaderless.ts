// Leaderless (Dynamo-style) quorum replication: the client coordinates, sending every request to all N
// replicas; a write succeeds on W acks, a read takes the first R responses and resolves what they hold. How
// concurrent writes are resolved follows the store's `conflicts` (./versions.ts): last-write-wins by timestamp,
// siblings by vector clocks, a CRDT's merge, or nothing at all. Replicas converge by read repair, hinted handoff
// and anti-entropy when they are on, and the protocol records when they caught up after a heal.

import type { ConflictRecord, ConvergenceEpisode, LostWrite, Outcome } from '../types';
import { LEG, NIL, type ClientOp, type Message, type Protocol, type SimContext, type StoreRuntime } from './protocol';
import { ADD, Knowledge, REMOVE, Resolver, WRITE, type SlotState, type Version } from './versions';

interface WriteCtx {
  op: ClientOp;
  version: Version;
  acks: number;
  /** Which replicas acknowledged, a bit per replica (hinted handoff only; -1 when not tracked). */
  acked: number;
  sent: number;
}
interface ReadCtx {
  op: ClientOp;
  responses: number;
  /** Register modes: the newest version so far (lww, register) or the first answer (arrival). */
  best: Version | null;
  /** Other modes: the join of the answers so far. */
  joined: SlotState;
  /** Replicas that answered and what they held, for read repair. */
  answered: { replica: number; state: SlotState }[] | undefined;
}
interface Hint {
  coordinator: number;
  target: number;
  version: Version;
  created: number;
  /** Last dispatch (ms), so a hint in flight is not sent again before the next round. */
  sent: number;
}

/** Conflicts kept as examples for the report. */
export const MAX_CONFLICT_RECORDS = 1000;
/** Hinted handoff sweeps for unacknowledged replicas this many times per client timeout. */
const SWEEPS_PER_TIMEOUT = 2;

export class LeaderlessProtocol implements Protocol {
  /** Per replica × key: what the replica holds (immutable values: replaced, never mutated). */
  private readonly slots: SlotState[];
  private readonly writes = new Map<number, WriteCtx>();
  private readonly reads = new Map<number, ReadCtx>();
  private readonly resolver: Resolver;
  /** Per client × key: what the client has seen, the causal context of its next write. */
  private readonly knowledge: Knowledge[];
  /** Every version written, in creation order (op ids are increasing). */
  private readonly versions: Version[] = [];
  private readonly conflictLog: ConflictRecord[] = [];
  private readonly conflictSeen = new Set<string>();
  // Hinted handoff.
  private readonly awaiting: WriteCtx[] = [];
  private awaitingHead = 0;
  private readonly hints = new Map<number, Hint>();
  // Convergence after each heal.
  private readonly episodes: ConvergenceEpisode[] = [];
  private target: SlotState[] | undefined;
  private caught: Uint8Array | undefined;
  private behind = 0;
  private healthy = true;
  private aeRound: Int32Array;

  /** Set by the engine: per-client clock skew for timestamps. */
  clockSkew: number[] = [];

  constructor(
    private readonly sim: SimContext,
    private readonly store: StoreRuntime,
  ) {
    this.resolver = new Resolver(store.resolution, sim.clientCount, (key, versions, kept) =>
      this.recordConflict(key, versions, kept),
    );
    this.slots = new Array(store.n * store.keys).fill(this.resolver.empty);
    this.knowledge = Array.from({ length: sim.clientCount * store.keys }, () => new Knowledge(sim.clientCount));
    this.aeRound = new Int32Array(store.n);
    if (store.antiEntropy > 0)
      for (let i = 0; i < store.n; i++) {
        // Spread the replicas' exchanges over the interval, as independent nodes' timers are.
        const first = ((i + 1) * store.antiEntropy) / store.n;
        sim.schedule(first, () => this.antiEntropyTick(i));
      }
    if (store.hintedHandoff) {
      const sweep = Math.max(1, sim.timeout / SWEEPS_PER_TIMEOUT);
      const tick = () => {
        this.sweepUnacknowledged();
        sim.schedule(sweep, tick);
      };
      sim.schedule(sweep, tick);
      const dispatch = () => {
        this.dispatchHints();
        sim.schedule(store.hintedHandoff!.every, dispatch);
      };
      sim.schedule(store.hintedHandoff.every, dispatch);
    }
  }

  // ----- clients ----------------------------------------------------------------------------------------

  invoke(op: ClientOp): void {
    if (op.f === 'read' || op.f === 'cas') this.startRead(op);
    else this.startWrite(op, op.value);
  }

  private knowledgeOf(op: ClientOp): Knowledge {
    return this.knowledge[op.client * this.store.keys + op.key];
  }

  private startWrite(op: ClientOp, value: number): void {
    const { store, sim } = this;
    const k = this.knowledgeOf(op);
    const kind = op.f === 'add' ? ADD : op.f === 'remove' ? REMOVE : WRITE;
    const version = k.newVersion(
      op.id,
      op.client,
      op.key,
      kind,
      value,
      sim.now + (this.clockSkew[op.client] ?? 0),
      store.resolution,
    );
    this.versions.push(version);
    const tracked = this.store.hintedHandoff !== undefined;
    const ctx: WriteCtx = { op, version, acks: 0, acked: tracked ? 0 : -1, sent: sim.now };
    this.writes.set(op.id, ctx);
    if (tracked) this.awaiting.push(ctx);
    for (let i = 0; i < store.n; i++) sim.send(store, op.endpoint, store.base + i, 'write', LEG.write, version, false, op.id);
  }

  private startRead(op: ClientOp): void {
    const { store, sim } = this;
    this.reads.set(op.id, {
      op,
      responses: 0,
      best: null,
      joined: this.resolver.empty,
      answered: store.readRepair ? [] : undefined,
    });
    // PBS sends to all N and uses the first R answers; so does Dynamo without speculative-retry tuning.
    for (let i = 0; i < store.n; i++)
      sim.send(store, op.endpoint, store.base + i, 'read', LEG.read, undefined, false, op.id, op.key);
  }

  deliver(msg: Message): void {
    const { store, sim } = this;
    switch (msg.kind) {
      case 'write': {
        const v = msg.body as Version;
        this.update(msg.to - store.base, v.key, this.resolver.apply(this.slot(msg.to - store.base, v.key), v, true));
        sim.send(store, msg.to, msg.from, 'ack', LEG.ack, undefined, false, msg.x);
        return;
      }
      case 'hint': {
        const v = msg.body as Version;
        const r = msg.to - store.base;
        this.update(r, v.key, this.resolver.merge(this.slot(r, v.key), this.resolver.single(v)));
        sim.send(store, msg.to, msg.from, 'hint-ack', LEG.ack, undefined, false, v.id);
        return;
      }
      case 'repair': {
        const r = msg.to - store.base;
        this.update(r, msg.x, this.resolver.merge(this.slot(r, msg.x), msg.body as SlotState));
        return;
      }
      case 'read': {
        // The replica's state travels by reference: states are never mutated, only replaced.
        sim.send(store, msg.to, msg.from, 'response', LEG.response, this.slot(msg.to - store.base, msg.y), false, msg.x);
        return;
      }
      case 'ack': {
        const ctx = this.writes.get(msg.x);
        if (!ctx) return;
        if (ctx.acked >= 0) ctx.acked |= 1 << (msg.from - store.base);
        if (++ctx.acks === store.w) this.finish(ctx.op, 'ok');
        // Without hinted handoff nothing needs the later acks.
        if (ctx.acks === (ctx.acked >= 0 ? store.n : store.w)) this.writes.delete(msg.x);
        return;
      }
      case 'hint-ack': {
        this.hints.delete(this.hintKey(msg.x, msg.from - store.base));
        return;
      }
      case 'response':
        return this.onResponse(msg);
      case 'ae':
      case 'ae-reply': {
        const r = msg.to - store.base;
        const theirs = msg.body as SlotState[];
        for (let k = 0; k < store.keys; k++) this.update(r, k, this.resolver.merge(this.slot(r, k), theirs[k]));
        if (msg.kind === 'ae') sim.send(store, msg.to, msg.from, 'ae-reply', LEG.ack, this.snapshot(r), true);
        return;
      }
    }
  }

  private onResponse(msg: Message): void {
    const ctx = this.reads.get(msg.x);
    if (!ctx) return;
    ctx.responses++;
    const state = msg.body as SlotState;
    const res = this.resolver;
    if (res.register) {
      const v = state as Version | null;
      if (v !== null && (ctx.best === null || (res.resolution !== 'arrival' && res.newer(v, ctx.best)))) ctx.best = v;
    } else ctx.joined = res.merge(ctx.joined, state);
    if (ctx.answered) ctx.answered.push({ replica: msg.from - this.store.base, state });
    if (ctx.responses === this.store.r) {
      this.reads.delete(ctx.op.id);
      this.readDone(ctx);
    }
  }

  private readDone(ctx: ReadCtx): void {
    const { store, sim, resolver } = this;
    const { op } = ctx;
    const result = resolver.register ? ctx.best : ctx.joined;
    const k = this.knowledgeOf(op);
    k.observe(result, resolver.resolution);
    if (ctx.answered) {
      for (const a of ctx.answered)
        if (!resolver.covers(a.state, result))
          sim.send(store, op.endpoint, store.base + a.replica, 'repair', LEG.write, result, false, op.key);
    }
    const read = resolver.read(result, store.merge);
    if (op.f === 'read') {
      this.finish(
        op,
        'ok',
        read.value,
        undefined,
        read.siblings ? { siblings: read.siblings } : read.elements ? { elements: read.elements } : undefined,
      );
      return;
    }
    // cas without a leader: a quorum read, compare, then a quorum write. Not atomic, as when an application
    // does read-modify-write against Dynamo-style stores without lightweight transactions.
    if (read.value !== op.expected) {
      this.finish(op, 'fail', undefined, 'cas-mismatch');
      return;
    }
    this.startWrite(op, op.value);
  }

  private finish(
    op: ClientOp,
    outcome: Outcome,
    value?: number,
    error?: string,
    detail?: Parameters<SimContext['complete']>[4],
  ): void {
    this.sim.complete(op, outcome, value, error, detail);
  }

  abandon(op: ClientOp): void {
    // A write keeps its context for hinted handoff: the coordinator still learns which replicas got it.
    const ctx = this.writes.get(op.id);
    if (ctx && ctx.acked < 0) this.writes.delete(op.id);
    this.reads.delete(op.id);
  }

  // ----- replica state ----------------------------------------------------------------------------------

  private slot(replica: number, key: number): SlotState {
    return this.slots[replica * this.store.keys + key];
  }

  private update(replica: number, key: number, next: SlotState): void {
    const i = replica * this.store.keys + key;
    if (next === this.slots[i]) return;
    this.slots[i] = next;
    if (this.caught !== undefined && this.caught[i] === 0 && this.resolver.covers(next, this.target![key])) {
      this.caught[i] = 1;
      if (--this.behind === 0) this.closeEpisode();
    }
  }

  private snapshot(replica: number): SlotState[] {
    const k = this.store.keys;
    return this.slots.slice(replica * k, replica * k + k);
  }

  private recordConflict(key: number, versions: readonly Version[], kept: Version | undefined): void {
    // Examples for the report, not a tally: past the cap (busy runs) nothing more is kept, and nothing allocated.
    if (this.conflictLog.length >= MAX_CONFLICT_RECORDS) return;
    const ids = versions.map((v) => v.id).sort((a, b) => a - b);
    // The same versions meet on every replica: record each meeting once.
    const id = `${key}:${ids.join(',')}`;
    if (this.conflictSeen.has(id)) return;
    this.conflictSeen.add(id);
    this.conflictLog.push(kept ? { key, at: this.sim.now, ids, kept: kept.id } : { key, at: this.sim.now, ids, siblings: true });
  }

  // ----- anti-entropy and hinted handoff ------------------------------------------------------------------

  /** One exchange: replica i sends its state to the next peer in turn, which merges it and answers with its own. */
  private antiEntropyTick(i: number): void {
    const { store, sim } = this;
    sim.schedule(store.antiEntropy, () => this.antiEntropyTick(i));
    if (store.n < 2 || !sim.isUp(store.base + i)) return;
    const step = (this.aeRound[i] % (store.n - 1)) + 1;
    this.aeRound[i]++;
    const peer = (i + step) % store.n;
    sim.send(store, store.base + i, store.base + peer, 'ae', LEG.write, this.snapshot(i), true);
  }

  private hintKey(versionId: number, target: number): number {
    return versionId * 4096 + target;
  }

  /** Writes sent a client timeout ago: a hint for every replica that has not acknowledged them. */
  private sweepUnacknowledged(): void {
    const { sim, store } = this;
    const cutoff = sim.now - sim.timeout;
    const queue = this.awaiting;
    while (this.awaitingHead < queue.length && queue[this.awaitingHead].sent <= cutoff) {
      const ctx = queue[this.awaitingHead++];
      this.writes.delete(ctx.op.id);
      for (let i = 0; i < store.n; i++)
        if ((ctx.acked & (1 << i)) === 0)
          this.hints.set(this.hintKey(ctx.version.id, i), {
            coordinator: ctx.op.endpoint,
            target: i,
            version: ctx.version,
            created: sim.now,
            sent: -Infinity,
          });
    }
    if (this.awaitingHead > 4096) {
      queue.splice(0, this.awaitingHead);
      this.awaitingHead = 0;
    }
  }

  /** Replay hints to replicas the coordinator can reach again; hints older than the window are dropped. */
  private dispatchHints(): void {
    const { sim, store } = this;
    const { every, window } = store.hintedHandoff!;
    for (const [key, h] of this.hints) {
      if (window !== undefined && sim.now - h.created > window) {
        this.hints.delete(key);
        continue;
      }
      const target = store.base + h.target;
      if (!sim.isUp(target) || !sim.connected(h.coordinator, target) || sim.now - h.sent < every) continue;
      h.sent = sim.now;
      sim.send(store, h.coordinator, target, 'hint', LEG.write, h.version);
    }
  }

  // ----- convergence ----------------------------------------------------------------------------------------

  setHealthy(healthy: boolean): void {
    if (healthy === this.healthy) return;
    this.healthy = healthy;
    if (this.resolver.resolution === 'arrival') return; // nothing resolves concurrent versions: nothing to converge to
    const now = this.sim.now;
    if (!healthy) {
      if (this.caught !== undefined) {
        this.episodes[this.episodes.length - 1].interrupted = now;
        this.caught = undefined;
      }
      return;
    }
    // The target: the join of every replica's state now. Each replica has caught up once its state covers it.
    const { n, keys } = this.store;
    const res = this.resolver;
    const target: SlotState[] = [];
    for (let k = 0; k < keys; k++) {
      let t = res.empty;
      for (let r = 0; r < n; r++) t = res.merge(t, this.slots[r * keys + k]);
      target.push(t);
    }
    this.episodes.push({ healed: now });
    this.target = target;
    this.caught = new Uint8Array(n * keys);
    this.behind = 0;
    for (let r = 0; r < n; r++)
      for (let k = 0; k < keys; k++) {
        if (res.covers(this.slots[r * keys + k], target[k])) this.caught[r * keys + k] = 1;
        else this.behind++;
      }
    if (this.behind === 0) this.closeEpisode();
  }

  private closeEpisode(): void {
    this.episodes[this.episodes.length - 1].converged = this.sim.now;
    this.caught = undefined;
    this.target = undefined;
  }

  convergence(): ConvergenceEpisode[] | undefined {
    return this.resolver.resolution === 'arrival' ? undefined : this.episodes.map((e) => ({ ...e }));
  }

  conflicts(): ConflictRecord[] {
    return this.conflictLog.map((c) => ({ ...c, ids: [...c.ids] }));
  }

  // ----- faults and inspection -------------------------------------------------------------------------------

  // Replica state is durable (on disk): a crash loses nothing, it only stops the replica answering.
  crash(): void {}
  restart(): void {}

  leader(): number | undefined {
    return undefined;
  }

  valueOf(replica: number, key: number): number | null | number[] {
    const r = this.resolver.read(this.slot(replica, key), this.store.merge);
    if (r.siblings) return [...r.siblings].sort((a, b) => a - b);
    if (r.elements) return r.elements;
    return r.value === NIL && this.resolver.register ? null : r.value;
  }

  nodeState(replica: number) {
    const values = [];
    const labels: string[] = [];
    let labelled = false;
    for (let k = 0; k < this.store.keys; k++) {
      const shown = this.resolver.show(this.slot(replica, k));
      values.push(shown.value === NIL ? null : shown.value);
      labels.push(shown.label);
      if (shown.label !== String(shown.value)) labelled = true;
    }
    return labelled ? { role: 'replica' as const, values, labels } : { role: 'replica' as const, values };
  }

  /**
   * An acknowledged write is lost when no replica holds it (or a version that knows it) at the end, and no
   * write made afterwards knew of it: it was replaced by a concurrent version, not overwritten on purpose.
   */
  lostWrites(acked: readonly number[]): LostWrite[] {
    const { store, resolver } = this;
    const byId = new Map(this.versions.map((v) => [v.id, v]));
    // Per key and actor: the highest of that actor's writes some write knew of.
    const clients = this.sim.clientCount;
    const known = new Int32Array(store.keys * clients);
    for (const v of this.versions) {
      const base = v.key * clients;
      for (let a = 0; a < clients; a++) {
        const seen = a === v.actor ? v.seq - 1 : v.ctx[a];
        if (seen > known[base + a]) known[base + a] = seen;
      }
    }
    const out: LostWrite[] = [];
    for (const id of acked) {
      const v = byId.get(id);
      if (!v || v.kind === REMOVE) continue;
      let held = false;
      for (let r = 0; r < store.n && !held; r++) held = resolver.holds(this.slot(r, v.key), v);
      if (held || known[v.key * clients + v.actor] >= v.seq) continue;
      let by: number | undefined;
      if (resolver.register)
        for (let r = 0; r < store.n; r++) {
          const cur = this.slot(r, v.key) as Version | null;
          if (cur && (by === undefined || resolver.newer(cur, byId.get(by)!))) by = cur.id;
        }
      out.push(by !== undefined ? { id, cause: 'overwritten', by } : { id, cause: 'overwritten' });
    }
    return out;
  }
}
