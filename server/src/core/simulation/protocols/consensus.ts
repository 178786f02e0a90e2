// Consensus replication (Raft): a leader elected by a majority appends client commands to its log and
// commits them once a majority holds them. Leader reads confirm leadership with a majority first (ReadIndex),
// so they are linearizable; follower reads return the follower's applied state and may be stale. Includes
// pre-vote and check-quorum, as etcd and most production Rafts do: a node cut off from the majority neither
// disrupts it with rising terms nor keeps acting as leader.

import type { LostWrite, Outcome } from '../types';
import { appendEntries, applyEntry, lastIndex, lastTerm, newLog, type Entry } from './log';
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

const FOLLOWER = 0;
const CANDIDATE = 1;
const LEADER = 2;
type Role = typeof FOLLOWER | typeof CANDIDATE | typeof LEADER;

interface AppendBody {
  term: number;
  prevIndex: number;
  prevTerm: number;
  entries: Entry[];
  commit: number;
}
interface VoteBody {
  term: number;
  lastIndex: number;
  lastTerm: number;
}
interface VoteReply {
  term: number;
  granted: boolean;
}
interface ReadIndexBody {
  term: number;
  id: number;
}
interface ReplyBody {
  op: number;
  outcome: Outcome;
  value?: number;
  error?: string;
  hint?: number;
}

interface PendingRead {
  op: ClientOp;
  term: number;
  acks: number;
}

const MAX_ENTRIES_PER_APPEND = 256;

export class ConsensusProtocol implements Protocol {
  // Persistent state (survives a crash).
  private readonly term: number[];
  private readonly votedFor: number[];
  private readonly logs: Entry[][];
  // Volatile state.
  private readonly role: Role[];
  private readonly leaderId: number[];
  private readonly commit: number[];
  private readonly applied: number[];
  private readonly states: Float64Array[];
  private readonly lastHeard: number[];
  private readonly votes: number[];
  private readonly preVoteTerm: number[];
  private readonly preVotes: number[];
  // Election timers are lazy: a deadline per node and at most one queued check, so the heartbeats that push
  // the deadline back cost no queue operations.
  private readonly deadline: number[];
  private readonly timerArmed: boolean[];
  // Leader state.
  private readonly next: Int32Array[];
  private readonly match: Int32Array[];
  private readonly lastAck: Float64Array[];
  private readonly pending: Map<number, ClientOp>[];
  private readonly reads: Map<number, PendingRead>[];
  /** Leader reads waiting for the leader's first entry of its term to commit (ReadIndex needs it). */
  private readonly readsWaitingForTerm: ClientOp[][];
  private readonly heartbeatGen: number[];
  private readSeq = 0;
  private readonly hints: number[];
  private readonly ops = new Map<number, ClientOp>();
  private readonly scratch: Int32Array;
  private readonly quorum: number;

  constructor(
    private readonly sim: SimContext,
    private readonly store: StoreRuntime,
  ) {
    const n = store.n;
    const init = <T>(v: T) => new Array<T>(n).fill(v);
    this.quorum = majority(n);
    // Start in steady state: node 0 leads term 1 with everyone's knowledge, so runs do not begin with an election.
    this.term = init(1);
    this.votedFor = init(0);
    this.logs = Array.from({ length: n }, newLog);
    this.role = Array.from({ length: n }, (_, i) => (i === 0 ? LEADER : FOLLOWER));
    this.leaderId = init(0);
    this.commit = init(0);
    this.applied = init(0);
    this.states = Array.from({ length: n }, () => new Float64Array(store.keys));
    this.lastHeard = init(0);
    this.votes = init(0);
    this.preVoteTerm = init(0);
    this.preVotes = init(0);
    this.deadline = init(0);
    this.timerArmed = init(false);
    this.next = Array.from({ length: n }, () => new Int32Array(n).fill(1));
    this.match = Array.from({ length: n }, () => new Int32Array(n));
    this.lastAck = Array.from({ length: n }, () => new Float64Array(n));
    this.pending = Array.from({ length: n }, () => new Map());
    this.reads = Array.from({ length: n }, () => new Map());
    this.readsWaitingForTerm = Array.from({ length: n }, () => []);
    this.heartbeatGen = init(0);
    this.hints = new Array(sim.clientCount).fill(0);
    this.scratch = new Int32Array(n);
    for (let i = 1; i < n; i++) this.armElection(i);
    this.becomeLeader(0);
  }

  // ----- clients ----------------------------------------------------------------------------------------

  invoke(op: ClientOp): void {
    const { store, sim } = this;
    this.ops.set(op.id, op);
    const isRead = op.f === 'read';
    const target =
      isRead && store.readFrom === 'followers'
        ? pickFollower(store, sim, this.hints[op.client], op.endpoint)
        : this.hints[op.client];
    sim.send(store, op.endpoint, store.base + target, isRead ? 'read' : op.f, isRead ? LEG.read : LEG.write, op);
  }

  private reply(node: number, op: ClientOp, body: ReplyBody): void {
    this.sim.send(this.store, this.store.base + node, op.endpoint, 'reply', op.f === 'read' ? LEG.response : LEG.ack, body);
  }

  private onClientReply(body: ReplyBody): void {
    const op = this.ops.get(body.op);
    if (!op) return;
    this.ops.delete(body.op);
    if (body.error === 'not-leader')
      this.hints[op.client] = body.hint !== undefined && body.hint >= 0 ? body.hint : (this.hints[op.client] + 1) % this.store.n;
    this.sim.complete(op, body.outcome, body.value, body.error);
  }

  abandon(op: ClientOp): void {
    this.ops.delete(op.id);
    // No answer: try the next node next time (clients of etcd or Consul rotate through endpoints).
    this.hints[op.client] = (this.hints[op.client] + 1) % this.store.n;
  }

  // ----- messages ---------------------------------------------------------------------------------------

  deliver(msg: Message): void {
    const { store } = this;
    const to = msg.to - store.base;
    if (to < 0 || to >= store.n) return this.onClientReply(msg.body as ReplyBody);
    const from = msg.from - store.base;
    switch (msg.kind) {
      case 'write':
      case 'cas':
        return this.onClientWrite(to, msg.body as ClientOp);
      case 'read':
        return this.onClientRead(to, msg.body as ClientOp);
      case 'append':
        return this.onAppend(to, from, msg.body as AppendBody);
      case 'append-ack':
        // Replies carry (term, success, match or hint) in the message's number slots.
        return this.onAppendReply(to, from, msg.x, msg.y === 1, msg.z);
      case 'pre-vote':
        return this.onPreVote(to, from, msg.body as VoteBody);
      case 'pre-vote-reply':
        return this.onPreVoteReply(to, msg.body as VoteReply);
      case 'vote':
        return this.onVote(to, from, msg.body as VoteBody);
      case 'vote-reply':
        return this.onVoteReply(to, msg.body as VoteReply);
      case 'read-index':
        return this.onReadIndex(to, from, msg.body as ReadIndexBody);
      case 'read-index-ack':
        return this.onReadIndexAck(to, msg.x, msg.y, msg.z === 1);
    }
  }

  private send(
    from: number,
    to: number,
    kind: string,
    leg: 0 | 1 | 2 | 3,
    body: unknown,
    fifo = false,
    x = 0,
    y = 0,
    z = 0,
  ): void {
    this.sim.send(this.store, this.store.base + from, this.store.base + to, kind, leg, body, fifo, x, y, z);
  }

  private onClientWrite(i: number, op: ClientOp): void {
    if (this.role[i] !== LEADER)
      return this.reply(i, op, { op: op.id, outcome: 'fail', error: 'not-leader', hint: this.leaderId[i] });
    const log = this.logs[i];
    log.push({ term: this.term[i], key: op.key, value: op.value, expected: op.f === 'cas' ? op.expected : NaN, op: op.id });
    const index = lastIndex(log);
    this.pending[i].set(index, op);
    this.match[i][i] = index;
    for (let j = 0; j < this.store.n; j++) if (j !== i && this.next[i][j] === index) this.sendAppend(i, j);
    if (this.quorum === 1) this.advanceCommit(i);
  }

  private onClientRead(i: number, op: ClientOp): void {
    if (this.store.readFrom === 'followers')
      return this.reply(i, op, { op: op.id, outcome: 'ok', value: this.states[i][op.key] });
    if (this.role[i] !== LEADER)
      return this.reply(i, op, { op: op.id, outcome: 'fail', error: 'not-leader', hint: this.leaderId[i] });
    // ReadIndex (Raft thesis §6.4): the commit index is only known to be current once an entry of this term
    // has committed; then a majority must confirm we are still leader before we answer from local state.
    if (this.logs[i][this.commit[i]].term !== this.term[i]) {
      this.readsWaitingForTerm[i].push(op);
      return;
    }
    this.confirmAndRead(i, op);
  }

  private confirmAndRead(i: number, op: ClientOp): void {
    if (this.quorum === 1) return this.reply(i, op, { op: op.id, outcome: 'ok', value: this.states[i][op.key] });
    const id = ++this.readSeq;
    this.reads[i].set(id, { op, term: this.term[i], acks: 1 });
    const body: ReadIndexBody = { term: this.term[i], id };
    for (let j = 0; j < this.store.n; j++) if (j !== i) this.send(i, j, 'read-index', LEG.read, body);
  }

  private onReadIndex(j: number, from: number, body: ReadIndexBody): void {
    if (body.term < this.term[j])
      return this.send(j, from, 'read-index-ack', LEG.response, undefined, false, this.term[j], body.id, 0);
    if (body.term > this.term[j] || this.role[j] !== FOLLOWER) this.becomeFollower(j, body.term);
    this.heardFromLeader(j, from);
    this.send(j, from, 'read-index-ack', LEG.response, undefined, false, body.term, body.id, 1);
  }

  private onReadIndexAck(i: number, term: number, id: number, ok: boolean): void {
    if (term > this.term[i]) return this.becomeFollower(i, term);
    const read = this.reads[i].get(id);
    if (!read || !ok || read.term !== this.term[i] || this.role[i] !== LEADER) return;
    if (++read.acks < this.quorum) return;
    this.reads[i].delete(id);
    // The leader applies as it commits, so its state already covers the read index.
    this.reply(i, read.op, { op: read.op.id, outcome: 'ok', value: this.states[i][read.op.key] });
  }

  // ----- log replication --------------------------------------------------------------------------------

  private sendAppend(i: number, j: number): void {
    const log = this.logs[i];
    const from = this.next[i][j];
    const to = Math.min(lastIndex(log), from + MAX_ENTRIES_PER_APPEND - 1);
    const body: AppendBody = {
      term: this.term[i],
      prevIndex: from - 1,
      prevTerm: log[from - 1].term,
      entries: log.slice(from, to + 1),
      commit: this.commit[i],
    };
    this.next[i][j] = to + 1; // optimistic: pipeline, and fall back on a rejection
    this.send(i, j, 'append', LEG.write, body, true);
  }

  private onAppend(j: number, from: number, body: AppendBody): void {
    if (body.term < this.term[j]) return this.send(j, from, 'append-ack', LEG.ack, undefined, true, this.term[j], 0, 0);
    if (body.term > this.term[j] || this.role[j] !== FOLLOWER) this.becomeFollower(j, body.term);
    this.heardFromLeader(j, from);
    const log = this.logs[j];
    const result = appendEntries(log, body.prevIndex, body.prevTerm, body.entries);
    if (!result.ok) return this.send(j, from, 'append-ack', LEG.ack, undefined, true, this.term[j], 0, result.hint);
    // Raft never truncates committed entries, so applied state stays valid without a replay.
    const newCommit = Math.min(body.commit, result.match);
    if (newCommit > this.commit[j]) {
      this.commit[j] = newCommit;
      this.apply(j);
    }
    this.send(j, from, 'append-ack', LEG.ack, undefined, true, this.term[j], 1, result.match);
  }

  /** `n` is the follower's match index on success, else where to retry from. */
  private onAppendReply(i: number, j: number, term: number, success: boolean, n: number): void {
    if (term > this.term[i]) return this.becomeFollower(i, term);
    if (this.role[i] !== LEADER || term !== this.term[i]) return;
    this.lastAck[i][j] = this.sim.now;
    const next = this.next[i];
    if (success) {
      if (n > this.match[i][j]) {
        this.match[i][j] = n;
        this.advanceCommit(i);
      }
      if (next[j] < n + 1) next[j] = n + 1;
    } else next[j] = Math.max(1, Math.min(next[j], n));
    if (this.role[i] === LEADER && next[j] <= lastIndex(this.logs[i])) this.sendAppend(i, j);
  }

  private advanceCommit(i: number): void {
    const n = this.store.n;
    const match = this.match[i];
    match[i] = lastIndex(this.logs[i]);
    // The largest index a majority holds: the quorum-th largest match index (insertion sort, n is small).
    const sorted = this.scratch;
    for (let j = 0; j < n; j++) {
      const m = match[j];
      let k = j;
      while (k > 0 && sorted[k - 1] < m) {
        sorted[k] = sorted[k - 1];
        k--;
      }
      sorted[k] = m;
    }
    const candidate = sorted[this.quorum - 1];
    // Only entries of the current term commit by counting (Raft §5.4.2); earlier ones commit under them.
    if (candidate > this.commit[i] && this.logs[i][candidate].term === this.term[i]) {
      this.commit[i] = candidate;
      this.apply(i);
      const waiting = this.readsWaitingForTerm[i];
      if (waiting.length > 0) {
        this.readsWaitingForTerm[i] = [];
        for (const op of waiting) this.confirmAndRead(i, op);
      }
    }
  }

  private apply(i: number): void {
    const log = this.logs[i];
    const state = this.states[i];
    const isLeader = this.role[i] === LEADER;
    while (this.applied[i] < this.commit[i]) {
      const index = ++this.applied[i];
      const ok = applyEntry(state, log[index]);
      if (!isLeader) continue;
      const op = this.pending[i].get(index);
      if (!op) continue;
      this.pending[i].delete(index);
      this.reply(i, op, ok ? { op: op.id, outcome: 'ok' } : { op: op.id, outcome: 'fail', error: 'cas-mismatch' });
    }
  }

  // ----- roles and elections ----------------------------------------------------------------------------

  private heardFromLeader(j: number, leader: number): void {
    this.leaderId[j] = leader;
    this.lastHeard[j] = this.sim.now;
    this.preVoteTerm[j] = 0;
    this.deadline[j] = this.sim.now + this.electionTimeout();
  }

  private electionTimeout(): number {
    return this.store.election * (1 + this.sim.rng.next());
  }

  private armElection(i: number): void {
    this.deadline[i] = this.sim.now + this.electionTimeout();
    this.ensureTimer(i);
  }

  private ensureTimer(i: number): void {
    if (this.timerArmed[i]) return;
    this.timerArmed[i] = true;
    this.sim.schedule(Math.max(0, this.deadline[i] - this.sim.now), () => this.onElectionTimer(i));
  }

  private onElectionTimer(i: number): void {
    this.timerArmed[i] = false;
    if (!this.sim.isUp(this.store.base + i) || this.role[i] === LEADER) return;
    if (this.sim.now < this.deadline[i]) return this.ensureTimer(i);
    this.startPreVote(i);
  }

  /** A would-be candidate first asks whether it could win, without raising its term (Raft thesis §9.6). */
  private startPreVote(i: number): void {
    this.leaderId[i] = -1;
    this.armElection(i);
    if (this.quorum === 1) return this.startElection(i);
    this.preVoteTerm[i] = this.term[i] + 1;
    this.preVotes[i] = 1;
    const log = this.logs[i];
    const body: VoteBody = { term: this.term[i] + 1, lastIndex: lastIndex(log), lastTerm: lastTerm(log) };
    for (let j = 0; j < this.store.n; j++) if (j !== i) this.send(i, j, 'pre-vote', LEG.write, body);
  }

  /** Would `j` vote for this candidate? Not while it hears from a live leader (which makes rejoining nodes harmless). */
  private wouldVote(j: number, body: VoteBody): boolean {
    if (this.role[j] === LEADER) return false;
    if (this.leaderId[j] >= 0 && this.sim.now - this.lastHeard[j] < this.store.election) return false;
    const log = this.logs[j];
    return body.lastTerm > lastTerm(log) || (body.lastTerm === lastTerm(log) && body.lastIndex >= lastIndex(log));
  }

  private onPreVote(j: number, from: number, body: VoteBody): void {
    const granted = body.term > this.term[j] && this.wouldVote(j, body);
    this.send(j, from, 'pre-vote-reply', LEG.ack, { term: body.term, granted });
  }

  private onPreVoteReply(i: number, body: VoteReply): void {
    if (!body.granted || this.preVoteTerm[i] !== body.term || this.role[i] === LEADER) return;
    if (++this.preVotes[i] >= this.quorum) {
      this.preVoteTerm[i] = 0;
      this.startElection(i);
    }
  }

  private startElection(i: number): void {
    this.term[i]++;
    this.votedFor[i] = i;
    this.votes[i] = 1;
    this.role[i] = CANDIDATE;
    this.leaderId[i] = -1;
    this.armElection(i);
    this.sim.leadership(this.store, 'election', i, this.term[i]);
    if (this.quorum === 1) return this.becomeLeader(i);
    const log = this.logs[i];
    const body: VoteBody = { term: this.term[i], lastIndex: lastIndex(log), lastTerm: lastTerm(log) };
    for (let j = 0; j < this.store.n; j++) if (j !== i) this.send(i, j, 'vote', LEG.write, body);
  }

  private onVote(j: number, from: number, body: VoteBody): void {
    const log = this.logs[j];
    const upToDate = body.lastTerm > lastTerm(log) || (body.lastTerm === lastTerm(log) && body.lastIndex >= lastIndex(log));
    // Ignore candidates while a leader is alive (disruption rule); otherwise the usual Raft vote.
    const sticky = this.role[j] === LEADER || (this.leaderId[j] >= 0 && this.sim.now - this.lastHeard[j] < this.store.election);
    if (body.term < this.term[j] || (sticky && body.term > this.term[j]))
      return this.send(j, from, 'vote-reply', LEG.ack, { term: this.term[j], granted: false });
    if (body.term > this.term[j]) this.becomeFollower(j, body.term);
    const granted = (this.votedFor[j] === -1 || this.votedFor[j] === from) && upToDate;
    if (granted) {
      this.votedFor[j] = from;
      this.deadline[j] = this.sim.now + this.electionTimeout();
    }
    this.send(j, from, 'vote-reply', LEG.ack, { term: this.term[j], granted });
  }

  private onVoteReply(i: number, body: VoteReply): void {
    if (body.term > this.term[i]) return this.becomeFollower(i, body.term);
    if (this.role[i] !== CANDIDATE || body.term !== this.term[i] || !body.granted) return;
    if (++this.votes[i] >= this.quorum) this.becomeLeader(i);
  }

  private becomeLeader(i: number): void {
    const n = this.store.n;
    this.role[i] = LEADER;
    this.leaderId[i] = i;
    const log = this.logs[i];
    this.next[i].fill(lastIndex(log) + 1);
    this.match[i].fill(0);
    this.lastAck[i].fill(this.sim.now);
    // A no-op of the new term commits everything before it and unlocks ReadIndex (Raft §8).
    log.push({ term: this.term[i], key: 0, value: NIL, expected: NaN, op: -1 });
    this.match[i][i] = lastIndex(log);
    const gen = ++this.heartbeatGen[i];
    for (let j = 0; j < n; j++) if (j !== i) this.sendAppend(i, j);
    if (this.quorum === 1) this.advanceCommit(i);
    this.sim.schedule(this.store.heartbeat, () => this.heartbeat(i, gen));
    // The initial leader is not news; every later one is.
    if (this.term[i] > 1) this.sim.leadership(this.store, 'leader', i, this.term[i]);
  }

  private heartbeat(i: number, gen: number): void {
    if (this.heartbeatGen[i] !== gen || this.role[i] !== LEADER || !this.sim.isUp(this.store.base + i)) return;
    // Check quorum: a leader that has not heard from a majority within an election timeout steps down, so
    // clients on its side get a prompt refusal instead of hanging.
    let heard = 1;
    for (let j = 0; j < this.store.n; j++) if (j !== i && this.sim.now - this.lastAck[i][j] <= this.store.election) heard++;
    if (heard < this.quorum) {
      this.becomeFollower(i, this.term[i]);
      this.leaderId[i] = -1;
      return;
    }
    for (let j = 0; j < this.store.n; j++) if (j !== i) this.sendAppend(i, j);
    this.sim.schedule(this.store.heartbeat, () => this.heartbeat(i, gen));
  }

  private becomeFollower(i: number, term: number): void {
    if (term > this.term[i]) {
      this.term[i] = term;
      this.votedFor[i] = -1;
      this.leaderId[i] = -1;
    }
    const wasLeader = this.role[i] === LEADER;
    if (wasLeader) {
      this.heartbeatGen[i]++;
      this.dropClientState(i);
    }
    if (this.role[i] !== FOLLOWER) {
      this.role[i] = FOLLOWER;
      this.armElection(i);
    }
    this.ensureTimer(i);
    if (wasLeader) this.sim.leadership(this.store, 'step-down', i, this.term[i]);
  }

  /** Requests this node was serving get no answer: the clients time out (writes become info, reads fail). */
  private dropClientState(i: number): void {
    this.pending[i].clear();
    this.reads[i].clear();
    this.readsWaitingForTerm[i] = [];
  }

  // ----- faults -------------------------------------------------------------------------------------------

  crash(i: number): void {
    this.dropClientState(i);
    this.heartbeatGen[i]++;
  }

  restart(i: number): void {
    // Term, vote and log are persistent; everything else restarts empty and is rebuilt as commits arrive.
    this.role[i] = FOLLOWER;
    this.leaderId[i] = -1;
    this.commit[i] = 0;
    this.applied[i] = 0;
    this.states[i].fill(NIL);
    this.lastHeard[i] = -Infinity;
    this.preVoteTerm[i] = 0;
    this.armElection(i);
  }

  leader(): number | undefined {
    let best: number | undefined;
    for (let i = 0; i < this.store.n; i++)
      if (this.role[i] === LEADER && this.sim.isUp(this.store.base + i) && (best === undefined || this.term[i] > this.term[best]))
        best = i;
    return best;
  }

  valueOf(i: number, key: number): number | null {
    const v = this.states[i][key];
    return v === NIL ? null : v;
  }

  nodeState(i: number) {
    const role =
      this.role[i] === LEADER ? ('leader' as const) : this.role[i] === CANDIDATE ? ('candidate' as const) : ('follower' as const);
    const values = Array.from(this.states[i], (v) => (v === NIL ? null : v));
    return { role, term: this.term[i], logLength: lastIndex(this.logs[i]), commitIndex: this.commit[i], values };
  }

  /** Acknowledged writes missing from the most up-to-date log, which holds every committed entry (Raft's leader completeness). */
  lostWrites(acked: readonly number[]): LostWrite[] {
    const durable = this.durableWrites();
    return acked.filter((id) => !durable.has(id)).map((id) => ({ id, cause: 'rolled-back' as const }));
  }

  private durableWrites(): Set<number> {
    let best = 0;
    for (let i = 1; i < this.store.n; i++) {
      const a = this.logs[i];
      const b = this.logs[best];
      if (lastTerm(a) > lastTerm(b) || (lastTerm(a) === lastTerm(b) && lastIndex(a) > lastIndex(b))) best = i;
    }
    const ids = new Set<number>();
    for (const e of this.logs[best]) if (e.op >= 0) ids.add(e.op);
    return ids;
  }
}
