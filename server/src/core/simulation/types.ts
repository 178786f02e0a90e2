// Plain data shared by the simulator, the checker and the scenario layer: what goes in (stores, clients,
// workload, faults) and what comes out (operations, reports). No behaviour here.

import type { ConflictResolution, LatencyLeg, ReadSource, ReplicationFamily } from '../model/design';
import type { LatencyInput } from './presets';

// ---------------------------------------------------------------------------------------------------------
// Histories

/**
 * Jepsen's operation names: a register's read, write and compare-and-set, and `add` (a counter's increment or
 * a set's insertion, as in Jepsen's counter and set workloads) and `remove` (a set's removal).
 */
export type OpFunction = 'read' | 'write' | 'cas' | 'add' | 'remove';
export type Outcome = 'ok' | 'fail' | 'info';
/**
 * A register value; null is the initial, never-written value (Jepsen's nil). Parsed histories carry integers
 * beyond 2^53 − 1 as BigInts (exact), and may hold strings; the simulator writes numbers.
 */
export type RegisterValue = number | bigint | string | null;
/** A compare-and-set's argument: [expected, new]. */
export type CasArgument = readonly [RegisterValue, RegisterValue];

/**
 * One operation of a history, invocation and completion folded together. Times are in ms for simulated
 * histories, and event positions for parsed Jepsen histories (only their order matters to the checkers).
 */
export interface Operation {
  /** Unique within the history; increasing in the order operations were created (for simulated histories, invocation order except for queued manual operations). */
  id: number;
  /** The Jepsen process: one operation at a time; a process whose operation ended in `info` is retired. */
  process: number;
  f: OpFunction;
  /** Register key when the history covers several independent registers; absent for a single register. */
  key?: number;
  /**
   * write: the value written; cas: [expected, new]; read: the value read (absent unless ok): a number for a
   * register or a counter, the sorted elements for a set; add: the element or the increment; remove: the element.
   */
  value?: RegisterValue | CasArgument | readonly number[];
  /** Ops on a counter or a set (a CRDT store's data type); absent for a register. Register checkers skip them. */
  datatype?: 'counter' | 'set';
  /** A read that returned concurrent versions (siblings): their values. `value` is then the client's merge of them. */
  siblings?: RegisterValue[];
  /** A write that resolved siblings: the values it merged (the client's merge, written back with their context). */
  merges?: RegisterValue[];
  /** A scripted operation (`operations:` in a scenario), not one of the steady workload. */
  scripted?: boolean;
  invoke: number;
  /** Completion time; for `info` the time the outcome became unknown (the op may still take effect later). */
  complete: number;
  /** ok: took effect; fail: certainly did not; info: unknown (timed out), may take effect at any later time. */
  outcome: Outcome;
  /** Simulated histories only. */
  client?: string;
  /** The design component the client stands for. */
  component?: string;
  store?: string;
  region?: string;
  /** Where the client stood relative to the store's replicas when it invoked the op (see `Side`). */
  side?: Side;
  /** Why a fail or info happened (timeout, not-leader, cas-mismatch, ...). */
  error?: string;
}

/**
 * 'none': no partition was active when the op was invoked. Otherwise 'majority' when the client could reach
 * more than half of the store's replicas (crashed ones included, as a partition does not know about crashes),
 * 'minority' when it could not.
 */
export type Side = 'none' | 'majority' | 'minority';

// ---------------------------------------------------------------------------------------------------------
// Inputs

export interface SimStore {
  name: string;
  family: ReplicationFamily;
  /** Number of replicas. */
  n: number;
  /** Read quorum (leaderless). Leader and consensus stores read one node. Default: a majority. */
  r?: number;
  /** Write quorum; for a leader store it counts the primary (1 = asynchronous replication). Default: majority. */
  w?: number;
  /** Leader and consensus stores: read from the leader (default) or from a follower. */
  readFrom?: ReadSource;
  /** Regions of the replicas, in order; the counts should add up to n (missing replicas go to the first region). */
  placement?: { region: string; count: number }[];
  latency?: LatencyInput;
  /** Leaderless: after a read, write the newest version back to the replicas that answered with an older one. */
  readRepair?: boolean;
  /**
   * Leaderless: how replicas resolve concurrent writes. `last-write-wins` (the default) keeps the newest
   * timestamp; `vector-clocks` keeps concurrent versions as siblings, returned together to a read and merged by
   * the client (`merge`); `crdt` merges by the data type (`datatype`); `none` keeps whichever write arrived last
   * at each replica, and repair never overwrites a concurrent version.
   */
  conflicts?: ConflictResolution;
  /** `vector-clocks`: how a client merges siblings before writing the result back. Default `max`. */
  merge?: SiblingMerge;
  /** `crdt`: the replicated data type. Default `register` (last writer wins by causal timestamp). */
  datatype?: CrdtType;
  /** Leaderless: replicas exchange their state with one peer each this often (ms), as Merkle-tree anti-entropy does. Off when absent. */
  antiEntropy?: number;
  /**
   * Leaderless: the coordinator keeps a hint for a replica that did not acknowledge a write within the client
   * timeout and replays it every `every` ms once the replica is reachable, for hints younger than `window` ms.
   */
  hintedHandoff?: { every: number; window?: number };
  /**
   * Protocol timers (ms). Defaults are derived from the latency legs. `stepDown` (leader family): a primary
   * that has not heard from a majority for this long steps down (MongoDB's electionTimeoutMillis); absent, a
   * cut-off primary keeps acting as primary until it hears of a newer one.
   */
  timers?: { heartbeat?: number; election?: number; failover?: number; stepDown?: number };
}

export const SIBLING_MERGES = ['max', 'min', 'sum'] as const;
/** A client's merge of sibling values: the largest, the smallest, or their sum. */
export type SiblingMerge = (typeof SIBLING_MERGES)[number];
export const CRDT_TYPES = ['counter', 'set', 'register'] as const;
/** A grow-only counter, an add-wins observed-remove set, or a last-writer-wins register (causal timestamps). */
export type CrdtType = (typeof CRDT_TYPES)[number];

export interface SimClient {
  name: string;
  /** The design component this client stands for (its figures are counted under that name). */
  component?: string;
  region?: string;
  /** Datastores this client uses; default: all. */
  stores?: string[];
  /** Added to the simulated clock for this client's last-write-wins timestamps (leaderless stores). */
  clockSkew?: number;
}

export interface Workload {
  /** Relative weights of reads, writes and compare-and-sets (e.g. 80/20/0). */
  reads: number;
  writes: number;
  cas?: number;
  /** Operations per second, all clients together. Each client has at most one operation in flight. */
  rate: number;
  /** Number of independent register keys (default 1: one register, the hardest case for consistency). */
  keys?: number;
}

/** A set of endpoints: region names, node ids (`ledger-2`), client names, or datastore names (all its replicas). */
export type EndpointSelector = string;

export interface PartitionFault {
  /** Cut every link between the two sides (`isolate: x` is x against everything else). */
  between?: [EndpointSelector[], EndpointSelector[]];
  isolate?: EndpointSelector;
  at: number;
  /** When the links come back; absent: never within the run. */
  heal?: number;
}

export interface CrashFault {
  /** A node id (`ledger-2`), or... */
  node?: string;
  /** ...the node that is the leader/primary of this datastore at time `at`. */
  leaderOf?: string;
  at: number;
  restart?: number;
}

/** One operation a scenario scripts at a given time (`operations:`), beside or instead of the workload. */
export interface ScriptedOp {
  at: number;
  client: string;
  /** Default: the client's first datastore. */
  store?: string;
  key?: number;
  f: OpFunction;
  /** write: the value; add: the element or increment; remove: the element. */
  value?: number;
}

export interface SimConfig {
  seed?: number;
  stores: SimStore[];
  /** Default: one client per region of the stores (all stores each). */
  clients?: SimClient[];
  /** Default: 50% reads, 50% writes, 100 ops/s. */
  workload?: Workload;
  /** Clients stop starting operations at this time (ms); the run ends once every operation has completed. */
  duration: number;
  /** Client-side operation timeout (ms): a read then fails, a write becomes `info` (unknown). Default 1000. */
  timeout?: number;
  partitions?: PartitionFault[];
  crashes?: CrashFault[];
  /** Operations at given times (they wait for the client's operation in flight, as any Jepsen process). */
  operations?: ScriptedOp[];
}

// ---------------------------------------------------------------------------------------------------------
// Outputs

export interface Counts {
  total: number;
  ok: number;
  fail: number;
  info: number;
}

export interface Percentiles {
  p50: number;
  p99: number;
  /** Number of ok operations the percentiles were taken over. */
  count: number;
}

/** An acknowledged write the store discarded although no later writer had seen it. */
export interface LostWrite {
  id: number;
  /**
   * `rolled-back`: absent from the log the store's authority keeps (a failover dropped it); `overwritten`:
   * replaced on every replica by a concurrent version (last-write-wins, or a write arriving later).
   */
  cause: 'rolled-back' | 'overwritten';
  /** overwritten: the version that replaced it in the end (op id), when known. */
  by?: number;
}

/** After every partition healed and every replica was up: when the replicas had all caught up. */
export interface ConvergenceEpisode {
  /** When the last fault cleared (ms). */
  healed: number;
  /** When every replica held every version that existed anywhere at `healed` (or a newer one). */
  converged?: number;
  /** A new fault began before that. */
  interrupted?: number;
}

/** Concurrent versions of one key that met on a replica, and what the store's resolution did. */
export interface ConflictRecord {
  key: number;
  at: number;
  /** The versions (op ids), oldest first. */
  ids: number[];
  /** last-write-wins and `none`: the version kept; the others were dropped on that replica. */
  kept?: number;
  /** vector-clocks: the versions became siblings. */
  siblings?: boolean;
}

export interface Leadership {
  /** Elections started (Raft candidacies that passed pre-vote; failovers an orchestrator began). */
  elections: number;
  /** Times a new leader (or primary) took over. */
  leaders: number;
  /** Milliseconds during which no leader could reach a majority of the replicas. */
  withoutLeader: number;
  intervals: [number, number][];
}

export interface StoreReport {
  store: string;
  family: ReplicationFamily;
  operations: Counts;
  reads: Counts;
  writes: Counts;
  /** ok / total over every operation (a cas that failed its comparison counts as a served request). */
  availability: number;
  bySide: Record<Side, { reads: Counts; writes: Counts }>;
  byClient: Record<string, Counts>;
  byRegion: Record<string, Counts>;
  /** ok reads that missed a write acknowledged before they began (see `findStaleReads`). */
  staleReads: number;
  /** staleReads / ok reads (0 when there were none). */
  staleReadRate: number;
  latency: { all: Percentiles; reads: Percentiles; writes: Percentiles };
  /**
   * Acknowledged writes the store discarded: rolled back by a failover (absent from the authoritative log), or
   * overwritten by a concurrent version no writer had seen it (a lost update).
   */
  lostWrites: number;
  lostWriteIds: number[];
  lost: LostWrite[];
  /** Leaderless: concurrent versions met (one record per version dropped or sibling set formed). */
  conflicts?: ConflictRecord[];
  /** Leaderless: reads that returned siblings. */
  siblingReads?: number;
  /** Leaderless (except `conflicts: none`): how replicas caught up after each heal. */
  convergence?: ConvergenceEpisode[];
  /** Leader and consensus stores. */
  leadership?: Leadership;
  /** What each replica holds for the first key at the end of the run (siblings and set elements sorted). */
  final: { node: string; value: RegisterValue | number[] }[];
}

/** One design component's own requests to one datastore. */
export interface ComponentStoreFigures {
  store: string;
  reads: Counts;
  writes: Counts;
  /** Answered / issued (a cas refused because the value differed counts as answered). */
  availability: number;
  staleReads: number;
  staleReadRate: number;
  /** Reads that missed the same client's own earlier acknowledged write, and reads older than one the client read before. */
  readYourWritesViolations: number;
  monotonicReadViolations: number;
}

export interface ComponentReport {
  component: string;
  /** Regions its clients stood in. */
  regions: string[];
  stores: ComponentStoreFigures[];
}

/** What the timeline shows beside the operations. */
export type TimelineEvent =
  | { at: number; kind: 'partition' | 'heal'; label: string }
  | { at: number; kind: 'crash' | 'restart'; node: string; store: string }
  | { at: number; kind: 'election' | 'leader' | 'step-down'; store: string; node: string; term: number }
  | { at: number; kind: 'no-leader' | 'leader-back'; store: string }
  | { at: number; kind: 'converged'; store: string; healed: number };

export interface SimReport {
  seed: number;
  /** Simulated time at the end of the run (ms). */
  endTime: number;
  operations: Counts;
  availability: number;
  staleReads: number;
  staleReadRate: number;
  lostWrites: number;
  latency: Percentiles;
  stores: StoreReport[];
  /** Per design component (simulations whose clients stand for components). */
  components: ComponentReport[];
  /** Partitions, crashes, elections, leaderless stretches and convergence, in time order. */
  timeline: TimelineEvent[];
  events: number;
  messages: { sent: number; delivered: number; dropped: number };
}

export interface SimResult {
  history: Operation[];
  report: SimReport;
}

/** What the step API shows the webview. */
export interface InFlightMessage {
  id: number;
  from: string;
  to: string;
  store: string;
  /** Protocol-level name (write, ack, append, vote, read-index, ...). */
  kind: string;
  leg: LatencyLeg;
  sent: number;
  arrives: number;
  /** 0 at send, 1 at arrival. */
  progress: number;
}

export interface NodeState {
  id: string;
  store: string;
  region: string;
  up: boolean;
  role: 'replica' | 'leader' | 'follower' | 'candidate' | 'primary';
  term?: number;
  logLength?: number;
  commitIndex?: number;
  /** The node's current value of each key (index = key): siblings' largest, a counter's sum, a set's size. */
  values: (number | null)[];
  /** How to show each key when a value alone does not say it: `10 | 12` (siblings), `{10, 12}` (a set). */
  labels?: string[];
}

export interface StepInfo {
  time: number;
  kind: 'message' | 'dropped' | 'timer';
  message?: InFlightMessage;
}
