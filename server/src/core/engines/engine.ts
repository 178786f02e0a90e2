// What CAP Lens knows about a datastore product: its usual classification with a source, its native
// settings, and how those translate into N, R and W. One module per engine implements this.

import type { Consistency } from '../consistency';
import type { Finding } from '../findings';
import type { CapClass, ConflictResolution, Datastore, PacelcClass, ReadSource, ReplicationFamily, Span } from '../model/design';

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

/** Read and write quorums inside one region (datacenter, AWS or Azure region). */
export interface RegionQuorum {
  region: string;
  replicas: number;
  readQuorum?: number;
  writeQuorum?: number;
  note?: string;
}

/** A change to one native setting that fixes a finding, applied as a text edit under `settings:`. */
export interface SettingChange {
  title: string;
  key: string;
  value: string | number | boolean;
  /** Further settings changed by the same fix (e.g. Riak's pr and pw together). */
  also?: Readonly<Record<string, string | number | boolean>>;
}

/** The generic settings an engine's native settings amount to. Any field left out keeps the generic value. */
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
  /**
   * What the engine documents for reads under these settings. The engine can know more than N, R and W say
   * (session tokens, Paxos, leases, sloppy quorums), so a consistency claim is judged against this when set.
   * A claim holds when any listed model implies it.
   */
  guarantee?: { consistency: readonly Consistency[]; reason: string; setting?: string; fix?: SettingChange };
  /**
   * Why an acknowledged write can be lost even with these quorums (e.g. unclean leader election, last writer
   * wins), and the setting responsible. Present exactly when the engine loses acknowledged writes.
   * `breaksCp`: it happens on failover.
   */
  writeLoss?: { reason: string; setting?: string; breaksCp: boolean; fix?: SettingChange };
  /** How the engine itself merges concurrent writes (Cassandra: by timestamp). Silences 'no conflict resolution'. */
  conflicts?: ConflictResolution;
  /** Per-region replicas and quorums, when the engine's quorums are per region. */
  regions?: RegionQuorum[];
}

export interface Engine {
  id: string;
  displayName: string;
  aliases?: readonly string[];
  family: ReplicationFamily;
  usualCap: CapClass;
  usualPacelc: PacelcClass;
  /** One or two sentences on how it replicates and what it gives by default. */
  summary: string;
  /**
   * Why the usual class differs from what the N/R/W maths derives from `example`, when it does (e.g. ZooKeeper
   * servers cut off from the quorum stop serving, which the follower-read model cannot express).
   */
  classNote?: string;
  sources: readonly EngineSource[];
  settings?: Readonly<Record<string, EngineSetting>>;
  /**
   * The settings a typical deployment writes. The README table, the generated docs and the samples show them,
   * and a test checks that `usualCap`/`usualPacelc` are what CAP Lens derives from them.
   */
  example?: Readonly<Record<string, unknown>>;
  translate?(ds: Datastore): EngineTranslation;
  /** Combinations the engine rejects or silently ignores (reported as `engine-setting-invalid`). */
  validate?(ds: Datastore, translation: EngineTranslation): Finding[];
  /** Rules that only hold for this engine. */
  check?(ds: Datastore): Finding[];
}
