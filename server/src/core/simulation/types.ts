// Plain data shared by the simulator, the checker and the scenario layer: what goes in (stores, clients,
// workload, faults) and what comes out (operations, reports). No behaviour here.

import type { ConflictResolution, LatencyLeg, ReadSource, ReplicationFamily } from '../model/design';
import type { LatencyInput } from './presets';

// ---------------------------------------------------------------------------------------------------------
// Histories

export type OpFunction = 'read' | 'write' | 'cas';
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
  /** write: the value written; cas: [expected, new]; read: the value read (absent unless ok). */
  value?: RegisterValue | CasArgument;
  invoke: number;
  /** Completion time; for `info` the time the outcome became unknown (the op may still take effect later). */
  complete: number;
  /** ok: took effect; fail: certainly did not; info: unknown (timed out), may take effect at any later time. */
  outcome: Outcome;
  /** Simulated histories only. */
  client?: string;
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
  /** Recorded for reports; the simulator resolves concurrent writes last-write-wins in every case. */
  conflicts?: ConflictResolution;
  /** Protocol timers (ms). Defaults are derived from the latency legs. */
  timers?: { heartbeat?: number; election?: number; failover?: number };
}

export interface SimClient {
  name: string;
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
  /** Acknowledged writes that are not in the store's authoritative state at the end of the run. */
  lostWrites: number;
  lostWriteIds: number[];
}

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
  /** The node's current value of each key (index = key); the simulator writes numbers (op ids). */
  values: (number | null)[];
}

export interface StepInfo {
  time: number;
  kind: 'message' | 'dropped' | 'timer';
  message?: InFlightMessage;
}
