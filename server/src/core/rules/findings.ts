// Findings: what the analysis reports, as plain data with offsets. The LSP layer and the CLI convert them.

import type { ClaimKey } from '../derive/verdicts';
import type { Span } from '../model/design';
import type { RuleName } from './rule-ids';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  span: Span;
  newText: string;
}

/** A quick fix computed with the finding, so the editor never has to re-derive it from message text. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix an editor may apply with "auto fix". */
  preferred?: boolean;
}

export interface RelatedLocation {
  span: Span;
  message: string;
}

export interface Finding {
  rule: RuleName;
  span: Span;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
  /**
   * The claims of its datastore this finding explains as contradicted (their verdict is ✗). Every ✗ verdict
   * has exactly one such finding, and no finding names a claim that holds.
   */
  claims?: ClaimKey[];
}

/** A finding after the user's rule settings are applied. */
export interface RatedFinding extends Finding {
  severity: Severity;
}

export function finding(
  rule: RuleName,
  span: Span,
  message: string,
  extra: Partial<Pick<Finding, 'related' | 'fixes' | 'claims'>> = {},
): Finding {
  const f: Finding = { rule, span, message, related: extra.related ?? [], fixes: extra.fixes ?? [] };
  if (extra.claims?.length) f.claims = extra.claims;
  return f;
}
