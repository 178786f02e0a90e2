// What CAP Lens knows about a datastore product: its usual classification with a source, its native
// settings, and how those translate into N, R and W. One module per engine implements this.

import type { Finding } from '../findings';
import type { CapClass, Datastore, PacelcClass, ReadSource, ReplicationFamily, Span } from '../model/design';

export interface EngineSource {
  title: string;
  url: string;
}

export interface EngineSetting {
  description: string;
  /** Accepted values, for validation and completion (omit for free-form values). */
  values?: readonly (string | number | boolean)[];
  type?: 'string' | 'integer' | 'boolean' | 'map';
  default?: string | number | boolean;
}

/** The generic settings an engine's native settings amount to. Any field left out keeps the generic value. */
export interface EngineTranslation {
  replicas?: number;
  readQuorum?: number;
  writeQuorum?: number;
  replication?: ReplicationFamily;
  readFrom?: ReadSource;
  /** Acknowledged writes can be lost on failover even with these quorums (e.g. unclean leader election). */
  losesAcknowledgedWrites?: boolean;
  /** One line per translated setting, shown in hovers: "consistency: LOCAL_QUORUM → R = 2 of 3 in dc1". */
  explanation: string[];
  /** Where the translated values came from, for related locations. */
  origin?: Partial<Record<'replicas' | 'readQuorum' | 'writeQuorum', Span>>;
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
  sources: readonly EngineSource[];
  settings?: Readonly<Record<string, EngineSetting>>;
  translate?(ds: Datastore): EngineTranslation;
  /** Rules that only hold for this engine. */
  check?(ds: Datastore): Finding[];
}
