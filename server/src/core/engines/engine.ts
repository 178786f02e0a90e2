// What CAP Lens knows about a datastore product: its usual classification with a source, its native
// settings, and how those translate into N, R and W. One module per engine implements this.

import type { Consistency } from '../semantics/consistency';
import type { CapClass, ConflictResolution, Datastore, PacelcClass, ReadSource, ReplicationFamily, Span } from '../model/design';
import type { AccessPath, RegionQuorum, SettingChange, StalenessModel, StoreModel, StoreTimers, Topology } from './store-model';

export interface EngineSource {
  title: string;
  url: string;
}

/**
 * How a native setting is written. `string` with `values` is a closed set (compared as text, so `acks: 1` and
 * `acks: "1"` are the same); `integers` also lets any integer ≥ `minimum` through (MongoDB `w: 2` or
 * `w: majority`). `map` is a map of names to integers (Cassandra's replication factor per datacenter).
 */
export type SettingType = 'string' | 'integer' | 'boolean' | 'map' | 'list';

export interface EngineSetting {
  description: string;
  /** Accepted values, for validation and completion (omit for free-form values). */
  values?: readonly (string | number | boolean)[];
  /** What each value means, keyed by the value as text; shown in completion and hovers. */
  valueDocs?: Readonly<Record<string, string>>;
  type?: SettingType;
  /** With `type: 'string'` and `values`, or `type: 'map'`: a plain integer ≥ `minimum` is accepted too. */
  integers?: boolean;
  /** Values compare case-insensitively (Cassandra reads `local_quorum` as LOCAL_QUORUM). */
  caseInsensitive?: boolean;
  minimum?: number;
  maximum?: number;
  /** For `map` settings: each entry's value is an integer ≥ this. */
  entryMinimum?: number;
  /** The engine's own default; absent when the engine has none (the setting must then be written). */
  default?: string | number | boolean;
  /** The engine's documentation of this setting. Every setting cites one. */
  source: string;
  /** An example value for completion snippets and the generated docs, when there is no default. */
  example?: unknown;
}

export type { RegionQuorum, SettingChange } from './store-model';

/** What an engine documents for reads under the settings given, replacing what the family's N/R/W maths derives. */
export interface EngineConsistency {
  /** The models every client gets, across failover; a claim holds when one of them implies it. */
  provided: readonly Consistency[];
  /** While nothing fails (the E of PACELC); the family's derivation when left out. */
  whileHealthy?: readonly Consistency[];
  /** Within one client session, for session-scoped guarantees (Cosmos DB Session, MongoDB causal sessions). */
  session?: readonly Consistency[];
  reason: string;
  setting?: string;
  fix?: SettingChange;
}

/** The engine's own nodes and the conditions its paths need (per-datacenter quorums, elections, fallbacks). */
export interface EngineAvailability {
  topology: Topology;
  write: AccessPath;
  read: AccessPath;
}

/** Where the design places the replicas, for engines that spread their own nodes over the design's regions. */
export type Placement = readonly { region: string; count: number }[] | undefined;

/**
 * What an engine's native settings amount to. Numbers left out keep the generic value; every other field,
 * when present, replaces what the family's derivation would say, so the store model is the engine's own.
 */
export interface EngineTranslation {
  replicas?: number;
  readQuorum?: number;
  writeQuorum?: number;
  replication?: ReplicationFamily;
  readFrom?: ReadSource;
  /** One line per translated setting, shown in hovers: "consistency: LOCAL_QUORUM → R = 2 of 3 in dc1". */
  explanation: string[];
  /** The explanation lines again, keyed by the setting they explain (hover on a setting shows its lines). */
  bySetting?: Record<string, string[]>;
  /** Where the translated values came from, for related locations. */
  origin?: Partial<Record<'replicas' | 'readQuorum' | 'writeQuorum', Span>>;
  consistency?: EngineConsistency;
  /**
   * Why an acknowledged write can be lost even with these quorums (e.g. unclean leader election, last writer
   * wins), and the setting responsible. `breaksCp`: it happens on failover.
   */
  writeLoss?: { reason: string; setting?: string; breaksCp: boolean; fix?: SettingChange };
  /** How the engine itself merges concurrent writes (Cassandra: by timestamp). Silences 'no conflict resolution'. */
  conflicts?: ConflictResolution;
  /** Per-region replicas and quorums, when the engine's quorums are per region. */
  regions?: RegionQuorum[];
  /** The engine's nodes and paths, built over the design's placement when the engine has no places of its own. */
  availability?(placement: Placement): EngineAvailability;
  staleness?: StalenessModel;
  electorate?: StoreModel['electorate'];
  coordinators?: StoreModel['coordinators'];
  /** The engine's documented election, failover, hinted handoff and anti-entropy clocks. */
  timers?: StoreTimers;
}

/** A combination of settings the engine rejects or cannot satisfy, reported as `engine-setting-invalid`. */
export interface EngineProblem {
  /** The setting to point at (the settings map when absent). */
  setting?: string;
  message: string;
  fix?: SettingChange;
  /**
   * The setting has no effect with the others (it belongs to another mode): facts are still derived. Any other
   * problem makes the engine reject or never complete the requests, so nothing is derived until it is fixed.
   */
  inert?: boolean;
}

export interface Engine {
  id: string;
  displayName: string;
  aliases?: readonly string[];
  family: ReplicationFamily;
  /** The class CAP Lens derives from `example` (tested): CP, AP, CA, or neither for stores that refuse on the minority side without being consistent. */
  usualCap: CapClass | 'neither';
  usualPacelc: PacelcClass;
  /** One or two sentences on how it replicates and what it gives by default. */
  summary: string;
  sources: readonly EngineSource[];
  settings?: Readonly<Record<string, EngineSetting>>;
  /**
   * The native setting that says how many replicas there are, which the generic `replicas:` fills when it is
   * not written (`offset` 1 where the setting counts the others: PostgreSQL standbys, Redis replicas).
   */
  countSetting?: { key: string; offset?: number };
  /**
   * The settings a typical deployment writes. The README table, the generated docs and the samples show them,
   * and a test checks that `usualCap`/`usualPacelc` are what CAP Lens derives from them.
   */
  example?: Readonly<Record<string, unknown>>;
  translate(ds: Datastore): EngineTranslation;
  /** Combinations the engine rejects or silently ignores (reported as `engine-setting-invalid`). */
  validate?(ds: Datastore, translation: EngineTranslation): EngineProblem[];
}
