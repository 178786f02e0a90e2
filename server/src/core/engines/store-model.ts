// What a datastore is, as the analysis reasons about it: its nodes, the conditions its write and read paths
// need, the consistency it gives (across failover, while healthy, within a session) with the reason and the
// setting responsible, when it loses acknowledged writes, and how stale a read right after a write can be.
// Engines build one from their native settings; stores without an engine get the generic one. Everything the
// tool prints about a store is derived from this one model.

import type { Consistency } from '../semantics/consistency';
import type { Condition, NodeClass } from '../semantics/availability';
import type { ConflictResolution, ReadSource, ReplicationFamily, Span } from '../model/design';

/** Where the nodes are and where clients run. */
export interface Topology {
  /** Interchangeable nodes per group and role; every node is a possible failure. */
  classes: NodeClass[];
  /** Groups (datacenters, regions) in order; for leader stores the primary's group comes first. */
  groups: string[];
  /** Groups clients coordinate from (a subset of `groups`). */
  clientGroups: string[];
  /** The groups are real places (datacenters or a placement), not the single anonymous group of an unplaced store. */
  placed: boolean;
}

/** An operation's availability: the condition a client in each group needs, and how to say it. */
export interface AccessPath {
  byClient: ReadonlyMap<string, Condition>;
  /**
   * What the path needs, as a noun phrase that reads after "writes need" and "the side without": "a primary
   * elected by 3 of 5 voting members", "R = 2 of the 3 replicas answering".
   */
  needs: string;
  /**
   * What a node cut off by a partition still does for a while before it notices and stops, in one phrase ("the
   * old primary keeps answering stale reads until it notices it cannot see a majority and steps down"). Not counted in
   * failures survived (the node does stop); it does make reads on that side of a partition stale meanwhile.
   */
  untilItNotices?: string;
}

/**
 * What limits the consistency a store gives, which decides the rule that explains a contradicted claim:
 * `quorum-overlap` R+W ≤ N (claim-needs-quorum-overlap), `consensus-minority` a consensus quorum below a
 * majority (consensus-needs-majority), `async-acks` a leader acknowledging before a majority has the write
 * (async-ack-loses-writes), `no-consensus` strong but no single real-time order (linearizable-needs-consensus),
 * `follower-reads` lagging followers (consistency-claim-contradicted), `engine` the engine's own semantics
 * (engine-consistency-contradicted), `none` nothing: the strongest model holds.
 */
export type ConsistencyCause =
  | 'quorum-overlap'
  | 'consensus-minority'
  | 'async-acks'
  | 'no-consensus'
  | 'follower-reads'
  | 'engine'
  | 'none';

/**
 * A group that decides by majority: voting members, Sentinels, KRaft controllers, a ZooKeeper ensemble.
 * `origin` is where the voter count is written when it is not N's own key: the setting's span and the number
 * written there (voters = that number + the rest), so a fix can move the count by one.
 */
export interface Electorate {
  voters: number;
  majority: number;
  what: string;
  origin?: {
    span: Span;
    value: number;
    key: string /** The most that key should hold (MongoDB: at most one arbiter). */;
    max?: number;
  };
  /** What losing a majority stops: the store itself, or only failover (Sentinels: the master keeps serving). */
  stops?: 'store' | 'failover';
}

/** A change to native settings that fixes a finding, applied as a text edit under `settings:`. */
export interface SettingChange {
  title: string;
  key: string;
  value: string | number | boolean;
  /** Further settings changed by the same fix (e.g. Riak's pr and pw together). */
  also?: Readonly<Record<string, string | number | boolean>>;
}

export interface ConsistencyStatement {
  /** What every client gets, across failover and partitions; each listed model holds (and what it implies). */
  provided: readonly Consistency[];
  /** What holds while nothing fails: the E of PACELC. */
  whileHealthy: readonly Consistency[];
  /** Within one client session, when the engine scopes guarantees to sessions (Cosmos DB Session, MongoDB causal sessions). */
  session?: readonly Consistency[];
  /** One or two sentences: why it is that. Reused by every finding about this store's consistency. */
  reason: string;
  cause: ConsistencyCause;
  /** The native setting that decides it, for related locations. */
  setting?: string;
  /** A change of native settings that would make the store stronger. */
  fix?: SettingChange;
}

/** Why acknowledged writes can be lost. `breaksCp`: it happens on failover, so the store is not CP. */
export interface WriteLoss {
  reason: string;
  cause: 'async-acks' | 'consensus-minority' | 'last-write-wins' | 'engine';
  setting?: string;
  breaksCp: boolean;
  fix?: SettingChange;
}

/** One reader location's chance that a read right after an acknowledged write misses it. */
export interface ReaderStaleness {
  /** "in dc1, where the write was made", "in dc2". */
  where: string;
  /** 0..1, or undefined when it depends on a replication delay the settings do not give. */
  probability: number | undefined;
  note?: string;
}

/**
 * How stale a read right after an acknowledged write can be. `uniform`: the read picks R of `pool` replicas at
 * random, W of which hold the write (C(pool−W, R)/C(pool, R)); `fresh`: never, with the reason; `per-reader`:
 * it depends on where the reader is; `unmodelled`: no figure applies, with the reason.
 */
export type StalenessModel =
  | { kind: 'uniform'; pool: number; r: number; w: number; note?: string }
  | { kind: 'fresh'; reason: string }
  | { kind: 'per-reader'; readers: ReaderStaleness[] }
  | { kind: 'unmodelled'; reason: string };

/** Replicas and quorums inside one region, when the engine's quorums are per region. */
export interface RegionQuorum {
  region: string;
  replicas: number;
  readQuorum?: number;
  writeQuorum?: number;
}

/** A duration the engine documents as its default, the setting that changes it, and where it says so. */
export interface EngineTimer {
  ms: number;
  setting: string;
  source: string;
}

/**
 * The engine's own clocks, which the simulator runs: how soon a leader is replaced and how leaderless replicas
 * catch up. Absent fields: the engine does not do it (anti-entropy in Cassandra is an operator's `nodetool
 * repair`), or documents no default; the simulator then derives a value from the latency model, or leaves the
 * mechanism off.
 */
export interface StoreTimers {
  /** Consensus: a follower that hears no leader this long campaigns (Raft randomises it up to twice that). Leader family: how long the primary must be unreachable before another is elected. */
  election?: EngineTimer;
  heartbeat?: EngineTimer;
  /** Leader family: a primary that cannot see a majority steps down after this long. */
  stepDown?: EngineTimer;
  /** Leaderless: hints for replicas that missed a write are replayed this often, and kept this long (absent: until delivered). */
  hintedHandoff?: { every: EngineTimer; window?: EngineTimer };
  /** Leaderless: background anti-entropy exchanges replicas' state this often. */
  antiEntropy?: EngineTimer;
}

export interface StoreModel {
  /** The reduced numbers: quorum arithmetic in hovers, PBS staleness, the simulator's replicas. */
  n: number;
  r: number;
  w: number;
  family: ReplicationFamily;
  readFrom: ReadSource;
  conflicts: ConflictResolution | undefined;
  /** Votes a leader or a commit needs, and of how many voters (absent for leaderless stores). */
  electorate?: Electorate;
  /** Other majority groups the store cannot work without (TiKV's PD members). */
  coordinators?: readonly Electorate[];
  topology: Topology;
  write: AccessPath;
  read: AccessPath;
  consistency: ConsistencyStatement;
  writeLoss?: WriteLoss;
  staleness: StalenessModel;
  /** How the settings were read, one line each, and which setting each line explains. */
  explanation: string[];
  bySetting: Record<string, string[]>;
  /** Where N, R and W were written (the generic key or the native setting), for related locations. */
  origin: { n?: Span; r?: Span; w?: Span };
  regions?: RegionQuorum[];
  /** The engine's election, failover and repair clocks (engines that document them). */
  timers?: StoreTimers;
}
