// Conversions between the core's offset-based data and LSP types.

import { DiagnosticSeverity, type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RatedFinding, Severity } from '../core/rules/findings';
import type { Span } from '../core/model/design';
import { ruleDocsUrl } from '../core/rules/registry';

export const SOURCE = 'cap-lens';

export function toRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(doc: TextDocument, f: RatedFinding): Diagnostic {
  return {
    range: toRange(doc, f.span),
    severity: SEVERITY[f.severity],
    code: f.rule,
    codeDescription: { href: ruleDocsUrl(f.rule) },
    source: SOURCE,
    message: f.message,
    relatedInformation: f.related.map((r) => ({ location: { uri: doc.uri, range: toRange(doc, r.span) }, message: r.message })),
  };
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}

export function toQuickFixes(doc: TextDocument, f: RatedFinding, diagnostic: Diagnostic): CodeAction[] {
  return f.fixes.map((fix) => ({
    title: fix.title,
    kind: 'quickfix',
    diagnostics: [diagnostic],
    isPreferred: fix.preferred,
    edit: {
      // Versioned, so an edit computed for an older text is refused instead of corrupting the file.
      documentChanges: [
        {
          textDocument: { uri: doc.uri, version: doc.version },
          edits: fix.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })),
        },
      ],
    },
  }));
}
