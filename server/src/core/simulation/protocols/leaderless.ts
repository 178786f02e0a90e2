// Leaderless (Dynamo-style) quorum replication: the client coordinates, sending every request to all N
// replicas; a write succeeds on W acks, a read takes the first R responses and returns the newest version
// by last-write-wins timestamp, optionally writing it back to stale responders (read repair).

import type { Outcome } from '../types';
import { LEG, NIL, type ClientOp, type Message, type Protocol, type SimContext, type StoreRuntime } from './protocol';

interface WriteBody {
  op: number;
  key: number;
  value: number;
  ts: number;
  /** Tie-break for equal timestamps: the writing op's id. */
  wid: number;
}
interface ReadBody {
  op: number;
  key: number;
}
/** The newest version a read has seen so far. */
interface Version {
  value: number;
  ts: number;
  wid: number;
}

interface WriteCtx {
  op: ClientOp;
  acks: number;
}
interface ReadCtx {
  op: ClientOp;
  responses: number;
  best: Version;
  /** Replicas that answered and what they had, for read repair. */
  answered: { replica: number; ts: number; wid: number }[];
}

/** Repair and anti-entropy writes carry no op: replicas do not ack them. */
const NO_OP = -1;

export class LeaderlessProtocol implements Protocol {
  // Per replica × key: the stored version. Typed arrays: the replica side is the hot path.
  private readonly values: Float64Array;
  private readonly ts: Float64Array;
  private readonly wids: Float64Array;
  private readonly writes = new Map<number, WriteCtx>();
  private readonly reads = new Map<number, ReadCtx>();

  constructor(
    private readonly sim: SimContext,
    private readonly store: StoreRuntime,
  ) {
    const size = store.n * store.keys;
    this.values = new Float64Array(size);
    this.ts = new Float64Array(size).fill(-Infinity);
    this.wids = new Float64Array(size);
  }

  invoke(op: ClientOp): void {
    if (op.f === 'write') this.startWrite(op, op.value);
    else this.startRead(op);
  }

  private startWrite(op: ClientOp, value: number): void {
    const { store, sim } = this;
    this.writes.set(op.id, { op, acks: 0 });
    const body: WriteBody = { op: op.id, key: op.key, value, ts: sim.now + this.skew(op), wid: op.id };
    for (let i = 0; i < store.n; i++) sim.send(store, op.endpoint, store.base + i, 'write', LEG.write, body);
  }

  private startRead(op: ClientOp): void {
    const { store, sim } = this;
    this.reads.set(op.id, { op, responses: 0, best: { value: NIL, ts: -Infinity, wid: 0 }, answered: [] });
    const body: ReadBody = { op: op.id, key: op.key };
    // PBS sends to all N and uses the first R answers; so does Dynamo without speculative-retry tuning.
    for (let i = 0; i < store.n; i++) sim.send(store, op.endpoint, store.base + i, 'read', LEG.read, body);
  }

  private skew(op: ClientOp): number {
    return this.clockSkew[op.client] ?? 0;
  }

  /** Set by the engine: per-client clock skew for timestamps. */
  clockSkew: number[] = [];

  deliver(msg: Message): void {
    const { store, sim } = this;
    switch (msg.kind) {
      case 'write':
      case 'repair': {
        const b = msg.body as WriteBody;
        const slot = (msg.to - store.base) * store.keys + b.key;
        if (b.ts > this.ts[slot] || (b.ts === this.ts[slot] && b.wid > this.wids[slot])) {
          this.values[slot] = b.value;
          this.ts[slot] = b.ts;
          this.wids[slot] = b.wid;
        }
        if (b.op !== NO_OP) sim.send(store, msg.to, msg.from, 'ack', LEG.ack, b.op);
        return;
      }
      case 'read': {
        const b = msg.body as ReadBody;
        const slot = (msg.to - store.base) * store.keys + b.key;
        // The version travels in the message's number slots: no object per response.
        sim.send(store, msg.to, msg.from, 'response', LEG.response, b.op, false, this.values[slot], this.ts[slot], this.wids[slot]);
        return;
      }
      case 'ack': {
        const ctx = this.writes.get(msg.body as number);
        if (!ctx) return;
        if (++ctx.acks >= store.w) {
          this.writes.delete(ctx.op.id);
          this.finish(ctx.op, 'ok');
        }
        return;
      }
      case 'response': {
        const ctx = this.reads.get(msg.body as number);
        if (!ctx) return;
        ctx.responses++;
        const best = ctx.best;
        const ts = msg.y;
        const wid = msg.z;
        if (ts > best.ts || (ts === best.ts && wid > best.wid)) {
          best.value = msg.x;
          best.ts = ts;
          best.wid = wid;
        }
        if (store.readRepair) ctx.answered.push({ replica: msg.from, ts, wid });
        if (ctx.responses >= store.r) {
          this.reads.delete(ctx.op.id);
          this.readDone(ctx);
        }
        return;
      }
    }
  }

  private readDone(ctx: ReadCtx): void {
    const { store, sim } = this;
    const { op, best } = ctx;
    if (store.readRepair && best.ts > -Infinity) {
      const body: WriteBody = { op: NO_OP, key: op.key, value: best.value, ts: best.ts, wid: best.wid };
      for (const a of ctx.answered) if (a.ts < best.ts || (a.ts === best.ts && a.wid < best.wid)) sim.send(store, op.endpoint, a.replica, 'repair', LEG.write, body);
    }
    if (op.f === 'read') {
      this.finish(op, 'ok', best.value);
      return;
    }
    // cas without a leader: a quorum read, compare, then a quorum write. Not atomic, as when an application
    // does read-modify-write against Dynamo-style stores without lightweight transactions.
    if (best.value !== op.expected) {
      this.finish(op, 'fail', undefined, 'cas-mismatch');
      return;
    }
    this.startWrite(op, op.value);
  }

  private finish(op: ClientOp, outcome: Outcome, value?: number, error?: string): void {
    this.sim.complete(op, outcome, value, error);
  }

  abandon(op: ClientOp): void {
    this.writes.delete(op.id);
    this.reads.delete(op.id);
  }

  // Replica state is durable (on disk): a crash loses nothing, it only stops the replica answering.
  crash(): void {}
  restart(): void {}

  leader(): number | undefined {
    return undefined;
  }

  nodeState(replica: number) {
    const values = [];
    for (let k = 0; k < this.store.keys; k++) {
      const v = this.values[replica * this.store.keys + k];
      values.push(v === NIL ? null : v);
    }
    return { role: 'replica' as const, values };
  }

  durableWrites(): undefined {
    return undefined;
  }
}
