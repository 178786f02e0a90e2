// The contract between the simulation engine (../simulation-engine.ts) and a replication protocol: what a
// protocol may ask of the simulated world (send, schedule, complete an operation) and what the engine asks of a
// protocol (invoke, deliver, crash).

import type { ReadSource, ReplicationFamily } from '../../model/design';
import type { Rng } from '../rng';
import type {
  ConflictRecord,
  ConvergenceEpisode,
  CrdtType,
  LostWrite,
  NodeState,
  OpFunction,
  Outcome,
  RegisterValue,
  SiblingMerge,
  SimStore,
} from '../types';

/** Latency legs by index, so a message carries a small integer rather than a string. */
export const LEG = { write: 0, ack: 1, read: 2, response: 3 } as const;
export type LegIndex = 0 | 1 | 2 | 3;
export const LEG_NAMES = ['write', 'ack', 'read', 'response'] as const;

/** The register value "never written". Simulated values are positive integers (the writing op's id). */
export const NIL = 0;

export interface Message {
  /** Discriminates messages from timers in the event queue. */
  readonly isMessage: true;
  id: number;
  /** Endpoint ids (replicas and clients share one numbering). */
  from: number;
  to: number;
  store: number;
  kind: string;
  leg: LegIndex;
  sent: number;
  at: number;
  body: unknown;
  /**
   * Three numbers of payload carried in the message itself: hot replies (a replica's version) use them instead
   * of a body object, which keeps garbage collection out of the inner loop.
   */
  x: number;
  y: number;
  z: number;
}

/** A client operation in flight. Values are numbers inside the simulator; NIL stands for nil. */
export interface ClientOp {
  id: number;
  process: number;
  /** Client index and its endpoint id. */
  client: number;
  endpoint: number;
  store: number;
  f: OpFunction;
  key: number;
  /** write: the new value; cas: the new value; add: the element or increment; remove: the element. */
  value: number;
  /** cas: the expected value. */
  expected: number;
  invoke: number;
  done: boolean;
}

/** A store as the engine runs it: the declared store with every default resolved. */
export interface StoreRuntime {
  index: number;
  name: string;
  family: ReplicationFamily;
  n: number;
  r: number;
  w: number;
  readFrom: ReadSource;
  readRepair: boolean;
  keys: number;
  /** Endpoint id of replica 0; replica i is `base + i`. */
  base: number;
  /** Region index of each replica. */
  regions: number[];
  heartbeat: number;
  election: number;
  failover: number;
  /** Leader family: a primary cut off from a majority this long steps down (Infinity: never). */
  stepDown: number;
  /** Leaderless: how replicas resolve concurrent writes (see `SimStore.conflicts`). */
  resolution: Resolution;
  merge: SiblingMerge;
  /** Leaderless anti-entropy interval (ms); 0: off. */
  antiEntropy: number;
  /** Leaderless hinted handoff; undefined: off. */
  hintedHandoff?: { every: number; window?: number };
  config: SimStore;
}

/**
 * How a leaderless store resolves concurrent writes: `lww` by timestamp, `arrival` whichever arrived last (no
 * resolution), `siblings` by vector clocks, or a CRDT (`counter`, `set`, `register`: LWW by Lamport stamp).
 */
export type Resolution = 'lww' | 'arrival' | 'siblings' | CrdtType;

/** What a finished read saw beyond its value: sibling values, or a set's elements. */
export interface ReadDetail {
  siblings?: number[];
  elements?: number[];
}

/** What a protocol may do to the simulated world. */
export interface SimContext {
  readonly now: number;
  /** Protocol randomness (election jitter, follower choice), separate from network and workload draws. */
  readonly rng: Rng;
  /**
   * Send a message; its delay is drawn from the store's leg distribution (local or cross-region). `fifo`
   * keeps per-link order, as a TCP stream does: used for replication logs, not for the independent requests
   * of the PBS model.
   */
  send(
    store: StoreRuntime,
    from: number,
    to: number,
    kind: string,
    leg: LegIndex,
    body: unknown,
    fifo?: boolean,
    x?: number,
    y?: number,
    z?: number,
  ): void;
  /** Run `fn` after `delay` ms of simulated time. */
  schedule(delay: number, fn: () => void): void;
  /** Finish an operation (ignored if it already finished, e.g. timed out). `value` is a read's result. */
  complete(op: ClientOp, outcome: Outcome, value?: number, error?: string, detail?: ReadDetail): void;
  /** The client-side operation timeout (ms): a coordinator keeps hints for replicas silent this long. */
  readonly timeout: number;
  /** A protocol reports a change of leadership: an election started, a node became leader, or stepped down. */
  leadership(store: StoreRuntime, event: 'election' | 'leader' | 'step-down', node: number, term: number): void;
  isUp(endpoint: number): boolean;
  /** No partition cuts the link between two endpoints (crashes aside). The failover oracle uses it. */
  connected(a: number, b: number): boolean;
  regionOf(endpoint: number): number;
  /** How many clients exist (protocols keep per-client state such as a leader hint). */
  readonly clientCount: number;
}

export interface Protocol {
  invoke(op: ClientOp): void;
  deliver(msg: Message): void;
  /** The op timed out at the client: forget its coordinator state. */
  abandon(op: ClientOp): void;
  crash(replica: number): void;
  restart(replica: number): void;
  /** The replica currently acting as leader/primary, if the family has one. */
  leader(): number | undefined;
  nodeState(replica: number): Pick<NodeState, 'role' | 'term' | 'logLength' | 'commitIndex' | 'values' | 'labels'>;
  /** What a read of `key` at this replica alone would return: a value, or a set's elements or siblings' values (sorted). */
  valueOf(replica: number, key: number): RegisterValue | number[];
  /**
   * Which of the acknowledged writes (op ids) the store discarded: absent from the log future leaders build on,
   * or, leaderless, replaced everywhere by a version whose writer had not seen them.
   */
  lostWrites(acked: readonly number[]): LostWrite[];
  /** Leaderless: every partition is healed and every replica up (true), or not; starts a convergence episode. */
  setHealthy?(healthy: boolean): void;
  /** Leaderless: when replicas caught up after each heal. */
  convergence?(): ConvergenceEpisode[] | undefined;
  /** Leaderless: concurrent versions the store met, and what its resolution made of them. */
  conflicts?(): ConflictRecord[];
}

/** ⌊N/2⌋+1, from the one place the quorum maths lives. */
export { majorityOf as majority } from '../../semantics/quorum';

/**
 * The follower a read goes to: one in the client's region if there is one (that is why people read from
 * followers), else any; never the current leader (`leader`), unless it is the only replica.
 */
export function pickFollower(store: StoreRuntime, sim: SimContext, leader: number, endpoint: number): number {
  const region = sim.regionOf(endpoint);
  const local: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < store.n; i++) {
    if (i === leader && store.n > 1) continue;
    all.push(i);
    if (store.regions[i] === region) local.push(i);
  }
  const pool = local.length > 0 ? local : all;
  return pool[sim.rng.int(pool.length)];
}
