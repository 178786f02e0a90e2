// Findings: what the analysis reports, as plain data with offsets. The LSP layer and the CLI convert them.

import type { Span } from './model/design';
import type { RuleName } from './rules/registry';

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
}

/** A finding after the user's rule settings are applied. */
export interface RatedFinding extends Finding {
  severity: Severity;
}

export function finding(rule: RuleName, span: Span, message: string, extra: Partial<Pick<Finding, 'related' | 'fixes'>> = {}): Finding {
  return { rule, span, message, related: extra.related ?? [], fixes: extra.fixes ?? [] };
}
