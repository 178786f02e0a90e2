// `cap-lens diff --format json`: a stable shape for scripts (keys always present, in this order, no timestamps).
// `version` changes only when a field changes meaning or disappears.

import type { Change, FileDiff, FindingChange } from '../../core/review/diff';
import { diffCounts } from '../../core/review/diff-markdown';

export const DIFF_JSON_VERSION = 1;

function change(c: Change): object {
  return { key: c.key, from: c.from ?? null, to: c.to ?? null };
}

function finding(f: FindingChange): object {
  return {
    rule: f.finding.rule,
    severity: f.finding.severity,
    message: f.finding.message,
    line: f.line,
    column: f.column,
    entry: f.entry ?? null,
  };
}

export function diffJson(
  files: readonly FileDiff[],
  meta: { version: string; base: string; head: string; baseCommit?: string; headCommit?: string },
): string {
  const counts = diffCounts(files);
  const report = {
    version: DIFF_JSON_VERSION,
    tool: { name: 'cap-lens', version: meta.version },
    base: { name: meta.base, commit: meta.baseCommit ?? null },
    head: { name: meta.head, commit: meta.headCommit ?? null },
    summary: { files: counts.files, changed: counts.changed, added: counts.added, fixed: counts.fixed },
    files: files.map((f) => ({
      path: f.path,
      oldPath: f.oldPath ?? null,
      status: f.status,
      designs: f.designs.map((d) => ({
        system: d.system ?? null,
        status: d.status,
        entries: d.entries.map((e) => ({
          kind: e.kind,
          name: e.name,
          status: e.status,
          renamedFrom: e.renamedFrom ?? null,
          line: e.line,
          claims: e.claims.map(change),
          settings: e.settings.map(change),
          facts: e.facts.map(change),
          sentences: e.sentences,
        })),
        added: d.added.map(finding),
        fixed: d.fixed.map(finding),
      })),
    })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
