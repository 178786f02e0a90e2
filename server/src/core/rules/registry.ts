// Every rule CAP Lens reports: its stable name (the public contract, like ESLint's rule ids), its default
// severity and a one-line summary. Documentation pages live at docs/rules/<name>.md; package.json settings
// and the CLI config are tested against this list so they cannot drift apart.

import type { Severity } from '../findings';

export const DOCS_BASE_URL = 'https://github.com/cap-lens/cap-lens/blob/main/docs/rules/';

export const RULES = {
  'yaml-syntax': { severity: 'error', summary: 'The file is not valid YAML.' },
  schema: { severity: 'error', summary: 'A key, type or value does not match the design language (unknown keys, wrong types, malformed latency expressions).' },
  'unknown-reference': { severity: 'error', summary: 'A component or placement names a datastore or region that is not declared.' },
  'quorum-out-of-range': { severity: 'error', summary: 'R or W is below 1 or above N, or a placement does not add up to N.' },
  'claim-needs-quorum-overlap': { severity: 'error', summary: 'Strong, linearizable or sequential consistency, or CP, is claimed while read and write quorums need not overlap (R+W≤N).' },
  'ca-across-nodes': { severity: 'error', summary: 'CA is claimed for a datastore with more than one replica or region, where partitions can happen.' },
  'concurrent-writes-unresolved': { severity: 'warning', summary: 'Two writes can commit on disjoint replicas (2W≤N) and nothing resolves the conflict.' },
  'lww-drops-writes': { severity: 'warning', summary: 'Last-write-wins silently drops concurrent writes that a component needs to see.' },
  'partition-behaviour-contradicts-claim': { severity: 'error', summary: 'The claimed behaviour on partition contradicts the claimed CAP side.' },
  'ap-blocked-by-full-quorum': { severity: 'error', summary: 'AP is claimed while reads or writes need every replica, so one unreachable replica blocks them.' },
  'consensus-needs-majority': { severity: 'error', summary: 'A consensus store reads or writes with less than a majority, which loses the guarantees consensus gives.' },
  'linearizable-needs-consensus': { severity: 'error', summary: 'Linearizable is claimed where the settings give only strong consistency (leaderless quorums, follower reads, failover without consensus).' },
  'async-ack-loses-writes': { severity: 'error', summary: 'A leader store acknowledges writes before a majority holds them, yet claims CP, linearizability or no lost writes.' },
  'pacelc-claim-contradicted': { severity: 'warning', summary: 'The claimed PACELC class is not the one the settings give.' },
  'tolerance-claim-contradicted': { severity: 'error', summary: 'The datastore is claimed to survive more failures, with writes available, than its quorums allow.' },
  'consistency-claim-contradicted': { severity: 'error', summary: 'The claimed consistency is stronger than the settings provide, for a reason the specific rules do not cover.' },
  'cap-claim-contradicted': { severity: 'warning', summary: 'The claimed CAP side is not the one the settings give, for a reason the specific rules do not cover.' },
  'even-replica-majority': { severity: 'info', summary: 'An even replica count with majority quorums survives no more failures than one replica fewer.' },
  'component-needs-stronger-consistency': { severity: 'error', summary: 'A component needs more consistency from a datastore than the datastore provides.' },
  'ap-component-on-cp-store': { severity: 'warning', summary: 'A component that chose AP depends on a datastore that refuses requests on the minority side of a partition.' },
  'unknown-engine': { severity: 'info', summary: 'The engine is not one CAP Lens knows, so no engine facts or native settings apply.' },
  'scenario-contradicts-claim': { severity: 'error', summary: 'A simulated scenario in the design contradicts a claim or an expectation.' },
  'engine-consistency-contradicted': { severity: 'error', summary: "The claimed consistency is stronger than what the engine's own settings give reads (e.g. LOCAL_QUORUM across datacenters, etcd serializable reads, Cosmos DB session reads claimed strong)." },
  'engine-ack-loses-writes': { severity: 'error', summary: "No lost writes (or CP) is claimed while the engine's settings acknowledge writes that failover can lose (Kafka acks=1 or unclean leader election, Redis asynchronous replication, MongoDB w:1)." },
  'engine-setting-invalid': { severity: 'error', summary: 'A combination of engine settings the engine rejects or cannot satisfy (e.g. a strongly consistent read on a DynamoDB global secondary index).' },
  'engine-setting-overridden': { severity: 'info', summary: 'A generic key (replicas, read_quorum, …) overrides what the engine settings give, so the engine behaviour is not what gets checked.' },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type RuleName = keyof typeof RULES;
export const RULE_NAMES = Object.keys(RULES) as RuleName[];

export function ruleDocsUrl(rule: RuleName): string {
  return `${DOCS_BASE_URL}${rule}.md`;
}

export type RuleSeverityOverrides = Partial<Record<RuleName, Severity | 'off'>>;

export function isRuleName(name: string): name is RuleName {
  return Object.prototype.hasOwnProperty.call(RULES, name);
}
