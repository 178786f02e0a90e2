// What a rule is: its stable id (the public contract, like ESLint's rule ids), its default severity, a
// one-line summary for settings and docs, and its checks. One module per rule id; the registry lists them in
// the order that is their precedence: the first rule to explain a contradicted claim is the one reported.

import type { ComponentRuleContext, DatastoreRuleContext, DesignRuleContext } from './context';
import type { Finding, Severity } from './findings';
import type { RuleName } from './rule-ids';

export interface Rule<Id extends RuleName = RuleName> {
  id: Id;
  severity: Severity;
  summary: string;
  /** Checks one datastore's analysis (cached with its entry by the incremental analysis). */
  check?(ctx: DatastoreRuleContext): Finding[];
  /**
   * Checks one component against the analyses of the datastores it uses, and nothing else: its findings are
   * reused while the component and those analyses are the same objects (an edit elsewhere leaves them alone).
   */
  checkComponent?(ctx: ComponentRuleContext): Finding[];
  /** Checks relations across the design: references, scenarios. */
  checkDesign?(ctx: DesignRuleContext): Finding[];
}

/** Declares a rule, keeping its id as a literal type so the registry can name every rule. */
export function defineRule<const Id extends RuleName>(rule: Rule<Id>): Rule<Id> {
  return rule;
}
