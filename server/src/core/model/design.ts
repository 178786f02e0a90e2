// The design model: what a *.cap.yaml file says, with the source span of every value so findings and
// edits can point at it. Built from YAML by `buildDesign`; never mutated afterwards.

import type { Consistency } from '../consistency';
import type { Distribution } from '../latency';

/** Half-open character offsets [start, end) into the document text. */
export interface Span {
  start: number;
  end: number;
}

/** A value as written, with where it stands. `keySpan` is the span of its key when it is a map value. */
export interface Located<T> {
  value: T;
  span: Span;
  keySpan: Span;
}

export const REPLICATION_FAMILIES = ['leaderless', 'leader', 'consensus'] as const;
export type ReplicationFamily = (typeof REPLICATION_FAMILIES)[number];

export const QUORUM_WORDS = ['one', 'majority', 'all'] as const;
export type QuorumWord = (typeof QUORUM_WORDS)[number];
/** A quorum as written: a count or a word resolved against N. */
export type QuorumSpec = number | QuorumWord;

export const READ_SOURCES = ['leader', 'followers'] as const;
export type ReadSource = (typeof READ_SOURCES)[number];

export const CONFLICT_RESOLUTIONS = ['last-write-wins', 'vector-clocks', 'crdt', 'none'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

export const CAP_CLASSES = ['CP', 'AP', 'CA'] as const;
export type CapClass = (typeof CAP_CLASSES)[number];

export const PACELC_CLASSES = ['PA/EL', 'PA/EC', 'PC/EL', 'PC/EC'] as const;
export type PacelcClass = (typeof PACELC_CLASSES)[number];

export const PARTITION_BEHAVIOURS = ['reject-writes', 'serve-stale', 'block'] as const;
export type PartitionBehaviour = (typeof PARTITION_BEHAVIOURS)[number];

export const LATENCY_LEGS = ['write', 'ack', 'read', 'response'] as const;
export type LatencyLeg = (typeof LATENCY_LEGS)[number];

export interface Claims {
  span: Span;
  keySpan: Span;
  consistency?: Located<Consistency>;
  cap?: Located<CapClass>;
  pacelc?: Located<PacelcClass>;
  onPartition?: Located<PartitionBehaviour>;
  tolerates?: Located<number>;
  /** `loss_free: true`: the design states acknowledged writes are never lost. */
  lossFree?: Located<boolean>;
}

export interface LatencySpec {
  span: Span;
  keySpan: Span;
  /** A preset name (e.g. `lnkd-disk`) when the value is a string rather than a map of legs. */
  preset?: Located<string>;
  legs: Partial<Record<LatencyLeg, Located<Distribution>>>;
}

export interface Datastore {
  name: string;
  /** The key naming the datastore; the target of go-to-definition and rename. */
  nameSpan: Span;
  /** The whole entry, key and value. */
  span: Span;
  engine?: Located<string>;
  /** Engine-specific settings as written (validated and translated by the engine module). */
  settings?: Located<Record<string, Located<unknown>>>;
  replicas?: Located<number>;
  replication?: Located<ReplicationFamily>;
  readQuorum?: Located<QuorumSpec>;
  writeQuorum?: Located<QuorumSpec>;
  readFrom?: Located<ReadSource>;
  placement?: { span: Span; keySpan: Span; regions: { name: string; nameSpan: Span; count: Located<number> }[] };
  conflicts?: Located<ConflictResolution>;
  claims?: Claims;
  why?: Located<string>;
  latency?: LatencySpec;
}

export interface ComponentUse {
  datastore: string;
  datastoreSpan: Span;
  /** The consistency the component needs; absent when written without a level. */
  needs?: Located<Consistency>;
  span: Span;
}

export interface Component {
  name: string;
  nameSpan: Span;
  span: Span;
  choice?: Located<CapClass>;
  why?: Located<string>;
  uses: ComponentUse[];
}

export interface ScenarioSpan {
  /** Path segments joined with '/'. */
  path: string;
  span: Span;
  keySpan?: Span;
}

export interface RegionDecl {
  name: string;
  span: Span;
}

export interface Design {
  system?: Located<string>;
  description?: Located<string>;
  regions: RegionDecl[];
  /** Span of the `regions` key, when present. */
  regionsKeySpan?: Span;
  datastores: Datastore[];
  datastoresKeySpan?: Span;
  components: Component[];
  componentsKeySpan?: Span;
  /** Raw `scenarios:` node for the simulator (interpreted by the simulation module). */
  scenarios?: Located<unknown>;
  /** Where each path inside `scenarios:` is written (`0/expect/2/stale_reads` → its key and value). */
  scenarioSpans?: ScenarioSpan[];
}
