// Findings to LSP diagnostics, reusing the diagnostic of a finding whose positions and severity did not change.
// The incremental analyzer hands back the same finding objects for every entry an edit did not touch (it moves
// their spans in place), so a keystroke in a 1,000-datastore design converts only the findings it touched
// instead of building thousands of objects for the collector to sweep.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../core/rules/findings';
import { ruleDocsUrl, severityOf, type RuleSeverityOverrides } from '../core/rules/registry';
import { SOURCE } from './convert';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

interface Converted {
  uri: string;
  severity: Severity;
  /** Line and character of every span's start and end (the finding's, then each related location's). */
  positions: readonly number[];
  diagnostic: Diagnostic;
}

export class DiagnosticCache {
  private converted = new WeakMap<Finding, Converted>();

  /** The diagnostics of `findings` (in their order) under `overrides`, findings whose rule is off left out. */
  convert(doc: TextDocument, findings: readonly Finding[], overrides: RuleSeverityOverrides): Diagnostic[] {
    const out: Diagnostic[] = [];
    // Line and character of each span's start and end, the finding's then each related location's: reused
    // across findings so that a finding whose positions did not move allocates nothing.
    const scratch: number[] = [];
    for (const f of findings) {
      const severity = severityOf(f.rule, overrides);
      if (severity === 'off') continue;
      scratch.length = 0;
      // The document's own positionAt, so these ranges are exactly what toRange gives everywhere else.
      for (let i = 0; i <= f.related.length; i++) {
        const span = i === 0 ? f.span : f.related[i - 1].span;
        const start = doc.positionAt(span.start);
        const end = doc.positionAt(span.end);
        scratch.push(start.line, start.character, end.line, end.character);
      }
      const cached = this.converted.get(f);
      if (cached && cached.uri === doc.uri && cached.severity === severity && sameNumbers(cached.positions, scratch)) {
        out.push(cached.diagnostic);
        continue;
      }
      const positions = scratch.slice();
      const range = (i: number) => ({
        start: { line: positions[i * 4], character: positions[i * 4 + 1] },
        end: { line: positions[i * 4 + 2], character: positions[i * 4 + 3] },
      });
      const diagnostic: Diagnostic = {
        range: range(0),
        severity: SEVERITY[severity],
        code: f.rule,
        codeDescription: { href: ruleDocsUrl(f.rule) },
        source: SOURCE,
        message: f.message,
        relatedInformation: f.related.map((r, i) => ({ location: { uri: doc.uri, range: range(i + 1) }, message: r.message })),
      };
      this.converted.set(f, { uri: doc.uri, severity, positions, diagnostic });
      out.push(diagnostic);
    }
    return out;
  }
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
