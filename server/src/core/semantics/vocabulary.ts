// The words of the design language: replication families, quorum words, where reads go, how conflicts are
// resolved, and the CAP and PACELC classes. Shared by the model, the quorum maths and the engines.

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
