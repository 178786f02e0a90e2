// The design model: what a *.cap.yaml file says, with the source span of every value so findings and
// edits can point at it. Built from YAML entry by entry (./build.ts, assembled by the analysis in
// ../analysis/analyze.ts); never mutated afterwards.

import type { Consistency } from '../semantics/consistency';
import type { Distribution } from '../semantics/latency';

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

export * from '../semantics/vocabulary';
import type {
  CapClass,
  ConflictResolution,
  PacelcClass,
  PartitionBehaviour,
  QuorumSpec,
  ReadSource,
  ReplicationFamily,
} from '../semantics/vocabulary';

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
  /**
   * `survives_region_loss: any` (losing any one region), a region name, or a list of names: clients in the
   * other regions keep reading and writing when every node of that region is lost.
   */
  survivesRegionLoss?: Located<RegionLossClaim>;
}

/** `any`, or the regions named (each with where it is written). */
export type RegionLossClaim = 'any' | readonly { name: string; span: Span }[];

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
  /**
   * `shared` (the default): the component reads in the same client session as the writes it must see, so
   * session guarantees (Cosmos DB Session, MongoDB causal sessions) count. `separate`: it reads what other
   * clients wrote, and is judged at what any client gets.
   */
  session?: Located<SessionScope>;
  span: Span;
}

export const SESSION_SCOPES = ['shared', 'separate'] as const;
export type SessionScope = (typeof SESSION_SCOPES)[number];

export interface Component {
  name: string;
  nameSpan: Span;
  span: Span;
  choice?: Located<CapClass>;
  why?: Located<string>;
  uses: ComponentUse[];
  /**
   * `regions: [eu-west]`: where the component runs, so where its clients stand in a simulation (one client per
   * region). Absent: every region of the design.
   */
  regions?: { keySpan: Span; names: { name: string; span: Span }[] };
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
