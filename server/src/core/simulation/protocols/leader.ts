// Primary-backup replication (MySQL, PostgreSQL streaming, Redis, MongoDB with w < majority): one primary
// orders writes and streams them to followers. W counts the primary: W = 1 acknowledges at once and
// replicates asynchronously; W > 1 waits for W − 1 followers (semi-synchronous). An external failover
// orchestrator, modelled as an oracle that sees crashes and partitions, promotes the most up-to-date follower
// it can reach when the primary has been down or cut off from a majority for `failover` ms. It does not fence
// the old primary: a cut-off primary keeps acknowledging writes (split brain) until it hears of the new epoch
// and rolls back, and a promoted follower that lacked acknowledged writes loses them. Where the engine fences
// (MongoDB: a primary that cannot see a majority steps down after electionTimeoutMillis), `stepDown` says how
// long a cut-off primary keeps acting as one.

import type { LostWrite, Outcome } from '../types';
import { appendEntries, applyEntry, lastIndex, lastTerm, newLog, replay, type Entry } from './log';
import {
  LEG,
  NIL,
  majority,
  pickFollower,
  type ClientOp,
  type Message,
  type Protocol,
  type SimContext,
  type StoreRuntime,
} from './protocol';

interface AppendBody {
  epoch: number;
  prevIndex: number;
  prevTerm: number;
  entries: Entry[];
}
interface ReplyBody {
  op: number;
  outcome: Outcome;
  value?: number;
  error?: string;
  /** A node that is not the primary names the one it knows. */
  hint?: number;
}

const MAX_ENTRIES_PER_APPEND = 256;

export class LeaderProtocol implements Protocol {
  private readonly epoch: number[];
  private readonly isPrimary: boolean[];
  /** Whom each node believes is primary (-1: unknown). */
  private readonly primaryOf: number[];
  private readonly logs: Entry[][];
  /** Followers apply what they receive at once (there is no commit point), so state covers the whole log. */
  private readonly states: Float64Array[];
  // Primary-only bookkeeping, per node because a cut-off old primary keeps its own during a split brain.
  private readonly next: Int32Array[];
  private readonly match: Int32Array[];
  /** Writes waiting for W − 1 follower acks, in log order. */
  private readonly waiting: { index: number; op: ClientOp }[][];
  private readonly heartbeatGen: number[];
  /** The orchestrator's primary: where clients are sent after a timeout, and the authoritative log. */
  private designated = 0;
  private downSince = NaN;
  private readonly hints: number[];
  private readonly ops = new Map<number, ClientOp>();
  private readonly scratch: Int32Array;
  /** Per primary and follower: when the follower last answered an append (for stepping down). */
  private readonly lastAck: Float64Array[];

  constructor(
    private readonly sim: SimContext,
    private readonly store: StoreRuntime,
  ) {
    const n = store.n;
    this.epoch = new Array(n).fill(1);
    this.isPrimary = Array.from({ length: n }, (_, i) => i === 0);
    this.primaryOf = new Array(n).fill(0);
    this.logs = Array.from({ length: n }, newLog);
    this.states = Array.from({ length: n }, () => new Float64Array(store.keys));
    this.next = Array.from({ length: n }, () => new Int32Array(n).fill(1));
    this.match = Array.from({ length: n }, () => new Int32Array(n));
    this.waiting = Array.from({ length: n }, () => []);
    this.heartbeatGen = new Array(n).fill(0);
    this.hints = new Array(sim.clientCount).fill(0);
    this.scratch = new Int32Array(n);
    this.lastAck = Array.from({ length: n }, () => new Float64Array(n));
    this.startHeartbeats(0);
    this.sim.schedule(store.heartbeat, () => this.orchestrate());
  }

  // ----- clients ----------------------------------------------------------------------------------------

  invoke(op: ClientOp): void {
    const { store, sim } = this;
    this.ops.set(op.id, op);
    let target = this.hints[op.client];
    const isRead = op.f === 'read';
    if (isRead && store.readFrom === 'followers') target = pickFollower(store, sim, target, op.endpoint);
    sim.send(store, op.endpoint, store.base + target, isRead ? 'read' : op.f, isRead ? LEG.read : LEG.write, op);
  }

  private reply(node: number, op: ClientOp, body: ReplyBody): void {
    const leg = op.f === 'read' ? LEG.response : LEG.ack;
    this.sim.send(this.store, this.store.base + node, op.endpoint, 'reply', leg, body);
  }

  private onClientReply(body: ReplyBody): void {
    const op = this.ops.get(body.op);
    if (!op) return; // already timed out
    this.ops.delete(body.op);
    if (body.error === 'not-primary')
      this.hints[op.client] = body.hint !== undefined && body.hint >= 0 ? body.hint : this.designated;
    this.sim.complete(op, body.outcome, body.value, body.error);
  }

  abandon(op: ClientOp): void {
    this.ops.delete(op.id);
    // A timeout sends the client back to service discovery, which knows the orchestrator's choice.
    this.hints[op.client] = this.designated;
  }

  // ----- nodes ------------------------------------------------------------------------------------------

  deliver(msg: Message): void {
    const { store } = this;
    const to = msg.to - store.base;
    if (to < 0 || to >= store.n) {
      this.onClientReply(msg.body as ReplyBody);
      return;
    }
    switch (msg.kind) {
      case 'write':
      case 'cas':
        return this.onWrite(to, msg.body as ClientOp);
      case 'read': {
        const op = msg.body as ClientOp;
        if (store.readFrom === 'leader' && !this.isPrimary[to])
          return this.reply(to, op, { op: op.id, outcome: 'fail', error: 'not-primary', hint: this.primaryOf[to] });
        return this.reply(to, op, { op: op.id, outcome: 'ok', value: this.states[to][op.key] });
      }
      case 'append':
        return this.onAppend(to, msg.from - store.base, msg.body as AppendBody);
      case 'append-ack':
        // Replies carry (epoch, success, match or hint) in the message's number slots.
        return this.onAppendAck(to, msg.from - store.base, msg.x, msg.y === 1, msg.z);
    }
  }

  private onWrite(p: number, op: ClientOp): void {
    if (!this.isPrimary[p])
      return this.reply(p, op, { op: op.id, outcome: 'fail', error: 'not-primary', hint: this.primaryOf[p] });
    const state = this.states[p];
    // The primary decides a cas against its own state; followers replay the same decision in log order.
    if (op.f === 'cas' && state[op.key] !== op.expected)
      return this.reply(p, op, { op: op.id, outcome: 'fail', error: 'cas-mismatch' });
    const log = this.logs[p];
    const entry: Entry = {
      term: this.epoch[p],
      key: op.key,
      value: op.value,
      expected: op.f === 'cas' ? op.expected : NaN,
      op: op.id,
    };
    log.push(entry);
    applyEntry(state, entry);
    const index = lastIndex(log);
    if (this.store.w <= 1) {
      // Asynchronous: acknowledge now. Followers fetch new entries when their previous batch is acknowledged
      // or on the next heartbeat (as MongoDB secondaries and MySQL replicas pull the log), so they trail the
      // primary by about a round trip: what the primary acknowledged in that window dies with it.
      this.reply(p, op, { op: op.id, outcome: 'ok' });
      return;
    }
    this.waiting[p].push({ index, op });
    // Semi-synchronous: push to caught-up followers at once; lagging ones catch up from heartbeats and acks.
    for (let j = 0; j < this.store.n; j++) if (j !== p && this.next[p][j] === index) this.sendAppend(p, j);
  }

  private sendAppend(p: number, j: number): void {
    const log = this.logs[p];
    const from = this.next[p][j];
    const to = Math.min(lastIndex(log), from + MAX_ENTRIES_PER_APPEND - 1);
    const body: AppendBody = {
      epoch: this.epoch[p],
      prevIndex: from - 1,
      prevTerm: log[from - 1].term,
      entries: log.slice(from, to + 1),
    };
    this.next[p][j] = to + 1;
    this.sim.send(this.store, this.store.base + p, this.store.base + j, 'append', LEG.write, body, true);
  }

  private replyAppend(i: number, to: number, success: boolean, n: number): void {
    this.sim.send(
      this.store,
      this.store.base + i,
      this.store.base + to,
      'append-ack',
      LEG.ack,
      undefined,
      true,
      this.epoch[i],
      success ? 1 : 0,
      n,
    );
  }

  private onAppend(i: number, from: number, body: AppendBody): void {
    if (body.epoch < this.epoch[i]) return this.replyAppend(i, from, false, 0);
    if (body.epoch > this.epoch[i] || this.isPrimary[i]) {
      this.epoch[i] = body.epoch;
      this.stepDown(i);
    }
    this.primaryOf[i] = from;
    const log = this.logs[i];
    const before = lastIndex(log);
    const result = appendEntries(log, body.prevIndex, body.prevTerm, body.entries);
    if (!result.ok) return this.replyAppend(i, from, false, result.hint);
    if (result.truncatedFrom <= before) replay(this.states[i], log, lastIndex(log));
    else for (let k = before + 1; k <= lastIndex(log); k++) applyEntry(this.states[i], log[k]);
    this.replyAppend(i, from, true, result.match);
  }

  /** `n` is the follower's match index on success, else where to retry from. */
  private onAppendAck(p: number, j: number, epoch: number, success: boolean, n: number): void {
    if (epoch > this.epoch[p]) {
      this.epoch[p] = epoch;
      this.stepDown(p);
      return;
    }
    if (!this.isPrimary[p] || epoch !== this.epoch[p]) return;
    this.lastAck[p][j] = this.sim.now;
    const next = this.next[p];
    if (success) {
      if (n > this.match[p][j]) this.match[p][j] = n;
      if (next[j] < n + 1) next[j] = n + 1;
      this.releaseSynced(p);
    } else next[j] = Math.max(1, Math.min(next[j], n));
    if (next[j] <= lastIndex(this.logs[p])) this.sendAppend(p, j);
  }

  /** Acknowledge writes now held by W − 1 followers: the (W−1)-th largest follower match index. */
  private releaseSynced(p: number): void {
    const queue = this.waiting[p];
    if (queue.length === 0) return;
    const n = this.store.n;
    const need = this.store.w - 1;
    if (need > n - 1) return;
    // The need-th largest follower match index, by insertion sort (descending) into scratch: n is small.
    const sorted = this.scratch;
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (j === p) continue;
      const m = this.match[p][j];
      let k = count++;
      while (k > 0 && sorted[k - 1] < m) {
        sorted[k] = sorted[k - 1];
        k--;
      }
      sorted[k] = m;
    }
    const synced = sorted[need - 1];
    let k = 0;
    while (k < queue.length && queue[k].index <= synced) {
      const { op } = queue[k++];
      this.reply(p, op, { op: op.id, outcome: 'ok' });
    }
    if (k > 0) queue.splice(0, k);
  }

  private stepDown(i: number): void {
    const was = this.isPrimary[i];
    this.isPrimary[i] = false;
    this.waiting[i] = []; // those clients will time out: their writes' fate is unknown (info)
    this.heartbeatGen[i]++;
    if (was) this.sim.leadership(this.store, 'step-down', i, this.epoch[i]);
  }

  private startHeartbeats(p: number): void {
    const gen = ++this.heartbeatGen[p];
    this.lastAck[p].fill(this.sim.now);
    const tick = () => {
      if (this.heartbeatGen[p] !== gen || !this.isPrimary[p] || !this.sim.isUp(this.store.base + p)) return;
      if (this.cutOff(p)) {
        this.stepDown(p);
        this.primaryOf[p] = -1;
        return;
      }
      for (let j = 0; j < this.store.n; j++) if (j !== p) this.sendAppend(p, j);
      this.sim.schedule(this.store.heartbeat, tick);
    };
    tick();
  }

  /** A fenced primary that has not heard from a majority (itself included) for `stepDown` ms. */
  private cutOff(p: number): boolean {
    const limit = this.store.stepDown;
    if (!Number.isFinite(limit)) return false;
    let heard = 1;
    for (let j = 0; j < this.store.n; j++) if (j !== p && this.sim.now - this.lastAck[p][j] <= limit) heard++;
    return heard < majority(this.store.n);
  }

  // ----- the failover orchestrator (an oracle) -------------------------------------------------------------

  /** Nodes that are up and not cut off from `i` (including `i`). */
  private reach(i: number): number {
    const { sim, store } = this;
    if (!sim.isUp(store.base + i)) return 0;
    let count = 0;
    for (let j = 0; j < store.n; j++) if (sim.isUp(store.base + j) && sim.connected(store.base + i, store.base + j)) count++;
    return count;
  }

  private orchestrate(): void {
    const { store, sim } = this;
    sim.schedule(store.heartbeat, () => this.orchestrate());
    const need = majority(store.n);
    const p = this.designated;
    if (this.reach(p) >= need) {
      this.downSince = NaN;
      this.electing = false;
      // A fenced primary that stepped down while cut off and got its majority back before any failover: the
      // replica set elects again, and the most up-to-date member (still this one) wins.
      if (!this.isPrimary[p] && sim.isUp(store.base + p)) this.promote(p);
      return;
    }
    if (Number.isNaN(this.downSince)) this.downSince = sim.now;
    if (sim.now - this.downSince < store.failover) return;
    if (!this.electing) {
      this.electing = true;
      this.sim.leadership(this.store, 'election', p, this.epoch[p]);
    }
    // Promote the most advanced follower on the majority side: the best an orchestrator can do without
    // consensus, and still not enough to keep writes acknowledged only by the old primary.
    let best = -1;
    for (let j = 0; j < store.n; j++) {
      if (j === p || this.reach(j) < need) continue;
      if (best < 0) best = j;
      else {
        const a = this.logs[j];
        const b = this.logs[best];
        if (lastTerm(a) > lastTerm(b) || (lastTerm(a) === lastTerm(b) && lastIndex(a) > lastIndex(b))) best = j;
      }
    }
    if (best < 0) return;
    this.promote(best);
  }

  /** The orchestrator has begun looking for a new primary. */
  private electing = false;

  private promote(j: number): void {
    this.electing = false;
    this.epoch[j] = Math.max(...this.epoch) + 1;
    this.isPrimary[j] = true;
    this.primaryOf[j] = j;
    this.designated = j;
    this.downSince = NaN;
    this.next[j].fill(lastIndex(this.logs[j]) + 1);
    this.match[j].fill(0);
    this.waiting[j] = [];
    // Mark the new epoch in the log (as a timeline switch does): followers holding a longer old-epoch suffix
    // see the conflict on the first append and roll it back, rather than keeping lost writes around.
    const log = this.logs[j];
    log.push({ term: this.epoch[j], key: 0, value: NIL, expected: NaN, op: -1 });
    this.match[j][j] = lastIndex(log);
    this.startHeartbeats(j);
    this.sim.leadership(this.store, 'leader', j, this.epoch[j]);
  }

  // ----- faults -------------------------------------------------------------------------------------------

  crash(i: number): void {
    this.waiting[i] = [];
    this.heartbeatGen[i]++;
  }

  restart(i: number): void {
    // The log and applied state are on disk. A primary that comes back before any failover carries on;
    // otherwise it rejoins as a follower and learns the new epoch from the new primary's appends.
    if (this.isPrimary[i] && this.designated === i) {
      this.next[i].fill(lastIndex(this.logs[i]) + 1);
      this.startHeartbeats(i);
    } else {
      this.isPrimary[i] = false;
      this.primaryOf[i] = this.designated;
    }
  }

  leader(): number {
    return this.designated;
  }

  valueOf(i: number, key: number): number | null {
    const v = this.states[i][key];
    return v === NIL ? null : v;
  }

  nodeState(i: number) {
    const values = Array.from(this.states[i], (v) => (v === NIL ? null : v));
    return {
      role: this.isPrimary[i] ? ('primary' as const) : ('follower' as const),
      term: this.epoch[i],
      logLength: lastIndex(this.logs[i]),
      values,
    };
  }

  /** Acknowledged writes missing from the orchestrator's primary's log: rolled back by a failover. */
  lostWrites(acked: readonly number[]): LostWrite[] {
    const ids = new Set<number>();
    for (const e of this.logs[this.designated]) if (e.op >= 0) ids.add(e.op);
    return acked.filter((id) => !ids.has(id)).map((id) => ({ id, cause: 'rolled-back' as const }));
  }
}
