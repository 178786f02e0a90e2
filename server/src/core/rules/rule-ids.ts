// The stable names of every rule (the public contract, like ESLint's rule ids), in precedence order. Each rule
// module declares its own id; a test checks that the registry lists exactly these, in this order, so the type of
// rule names never depends on the rule modules themselves.

export const RULE_IDS = [
  'yaml-syntax',
  'schema',
  'unknown-reference',
  'quorum-out-of-range',
  'engine-setting-invalid',
  'engine-setting-overridden',
  'unknown-engine',
  'ca-across-nodes',
  'consensus-needs-majority',
  'engine-ack-loses-writes',
  'async-ack-loses-writes',
  'lww-drops-writes',
  'engine-consistency-contradicted',
  'claim-needs-quorum-overlap',
  'linearizable-needs-consensus',
  'ap-blocked-by-full-quorum',
  'consistency-claim-contradicted',
  'cap-claim-contradicted',
  'pacelc-claim-contradicted',
  'partition-behaviour-contradicts-claim',
  'tolerance-claim-contradicted',
  'region-loss-claim-contradicted',
  'concurrent-writes-unresolved',
  'even-replica-majority',
  'component-needs-stronger-consistency',
  'ap-component-on-cp-store',
  'scenario-contradicts-claim',
] as const;

export type RuleName = (typeof RULE_IDS)[number];
