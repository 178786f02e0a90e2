// Every rule CAP Lens reports, in the order that is their precedence: when several rules could explain the same
// contradicted claim, the first one listed does. Documentation pages live at docs/rules/<id>.md; package.json
// settings and the CLI config are tested against this list so they cannot drift apart.

import { apBlockedByFullQuorum } from './ap-blocked-by-full-quorum';
import { apComponentOnCpStore } from './ap-component-on-cp-store';
import { asyncAckLosesWrites } from './async-ack-loses-writes';
import { caAcrossNodes } from './ca-across-nodes';
import { capClaimContradicted } from './cap-claim-contradicted';
import { claimNeedsQuorumOverlap } from './claim-needs-quorum-overlap';
import { componentNeedsStrongerConsistency } from './component-needs-stronger-consistency';
import { concurrentWritesUnresolved } from './concurrent-writes-unresolved';
import { consensusNeedsMajority } from './consensus-needs-majority';
import { consistencyClaimContradicted } from './consistency-claim-contradicted';
import { engineAckLosesWrites } from './engine-ack-loses-writes';
import { engineConsistencyContradicted } from './engine-consistency-contradicted';
import { engineSettingInvalid } from './engine-setting-invalid';
import { engineSettingOverridden } from './engine-setting-overridden';
import { evenReplicaMajority } from './even-replica-majority';
import type { Severity } from './findings';
import type { Rule } from './rule';
import type { RuleName } from './rule-ids';
import { linearizableNeedsConsensus } from './linearizable-needs-consensus';
import { lwwDropsWrites } from './lww-drops-writes';
import { pacelcClaimContradicted } from './pacelc-claim-contradicted';
import { partitionBehaviourContradictsClaim } from './partition-behaviour-contradicts-claim';
import { quorumOutOfRange } from './quorum-out-of-range';
import { regionLossClaimContradicted } from './region-loss-claim-contradicted';
import { scenarioContradictsClaim } from './scenario-contradicts-claim';
import { schema } from './schema';
import { toleranceClaimContradicted } from './tolerance-claim-contradicted';
import { unknownEngine } from './unknown-engine';
import { unknownReference } from './unknown-reference';
import { yamlSyntax } from './yaml-syntax';

export const DOCS_BASE_URL = 'https://github.com/cap-lens/cap-lens/blob/main/docs/rules/';

/**
 * The precedence order. Configuration problems first; then the rules that explain a contradicted claim by its
 * cause (lost writes before consistency, the engine's own reasons before generic quorum maths, the specific
 * before the catch-all `*-claim-contradicted` rules); then remarks that are not about claims.
 */
export const RULE_LIST = [
  yamlSyntax,
  schema,
  unknownReference,
  quorumOutOfRange,
  engineSettingInvalid,
  engineSettingOverridden,
  unknownEngine,
  caAcrossNodes,
  consensusNeedsMajority,
  engineAckLosesWrites,
  asyncAckLosesWrites,
  lwwDropsWrites,
  engineConsistencyContradicted,
  claimNeedsQuorumOverlap,
  linearizableNeedsConsensus,
  apBlockedByFullQuorum,
  consistencyClaimContradicted,
  capClaimContradicted,
  pacelcClaimContradicted,
  partitionBehaviourContradictsClaim,
  toleranceClaimContradicted,
  regionLossClaimContradicted,
  concurrentWritesUnresolved,
  evenReplicaMajority,
  componentNeedsStrongerConsistency,
  apComponentOnCpStore,
  scenarioContradictsClaim,
] as const satisfies readonly Rule[];

export type { RuleName } from './rule-ids';

/** By id: default severity and one-line summary. */
export const RULES = Object.fromEntries(RULE_LIST.map((r) => [r.id, { severity: r.severity, summary: r.summary }])) as Record<
  RuleName,
  { severity: Severity; summary: string }
>;
export const RULE_NAMES: readonly RuleName[] = RULE_LIST.map((r) => r.id);

export function ruleDocsUrl(rule: RuleName): string {
  return `${DOCS_BASE_URL}${rule}.md`;
}

export type RuleSeverityOverrides = Partial<Record<RuleName, Severity | 'off'>>;

/** The severity `rule`'s findings get under the user's `overrides` (its default when not overridden). */
export function severityOf(rule: RuleName, overrides: RuleSeverityOverrides): Severity | 'off' {
  return overrides[rule] ?? RULES[rule].severity;
}

export function isRuleName(name: string): name is RuleName {
  return Object.hasOwn(RULES, name);
}
