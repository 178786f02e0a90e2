// `--format json`: a stable, documented shape (docs/cli.md) for scripts. Keys are always present and in a
// fixed order, files in command-line order, findings in document order; nothing depends on the clock or
// on the machine, so two runs over the same files print the same bytes.

import type { RatedFinding } from '../../core/rules/findings';
import type { Span } from '../../core/model/design';
import { ruleDocsUrl } from '../../core/rules/registry';
import { countFindings, type AnalyzedFile } from '../analysis';
import { displayPathOf, type Range, type SourceFile } from '../source';

/** Bumped only when a field changes meaning or disappears; new fields may be added within a version. */
export const JSON_FORMAT_VERSION = 1;

export interface JsonLocation {
  range: Range;
  offset: Span;
}

export interface JsonFinding extends JsonLocation {
  rule: string;
  severity: string;
  message: string;
  docs: string;
  related: (JsonLocation & { message: string })[];
  fixes: { title: string; preferred: boolean; edits: (JsonLocation & { newText: string })[] }[];
}

export function jsonFinding(source: SourceFile, f: RatedFinding): JsonFinding {
  const loc = (span: Span): JsonLocation => ({ range: source.range(span), offset: { start: span.start, end: span.end } });
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    ...loc(f.span),
    docs: ruleDocsUrl(f.rule),
    related: f.related.map((r) => ({ message: r.message, ...loc(r.span) })),
    fixes: f.fixes.map((x) => ({
      title: x.title,
      preferred: x.preferred ?? false,
      edits: x.edits.map((e) => ({ ...loc(e.span), newText: e.newText })),
    })),
  };
}

export function formatJson(files: readonly AnalyzedFile[], version: string, cwd: string): string {
  const all = countFindings(files.flatMap((f) => f.findings));
  const report = {
    version: JSON_FORMAT_VERSION,
    tool: { name: 'cap-lens', version },
    summary: { files: files.length, errors: all.errors, warnings: all.warnings, infos: all.infos },
    files: files.map((file) => {
      const counts = countFindings(file.findings);
      return {
        path: file.source.displayPath,
        config: file.config ? displayPathOf(file.config.path, cwd) : null,
        syntaxBroken: file.designs.some((d) => d.analysis.syntaxBroken),
        errors: counts.errors,
        warnings: counts.warnings,
        infos: counts.infos,
        findings: file.findings.map((f) => jsonFinding(file.source, f)),
      };
    }),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
