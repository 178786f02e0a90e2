// A cap on the diagnostics published for one file. A generated 3.9 MB design had 46,992 findings: one
// message of that size takes seconds to encode and to render, and nobody reads past the first screens. The
// most severe are kept, in document order, and one summary on line 1 says how many more there are. The cut is
// made on findings, before they are converted, so a design with 12,000 findings converts 1,000 per keystroke.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/rules/findings';
import { severityOf, type RuleSeverityOverrides } from '../core/rules/registry';
import { SOURCE } from './convert';

/** Diagnostics published per file, the summary included. */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/**
 * The findings (in document order) to publish under `overrides`: those whose rule is not off, all of them when
 * they are at most `max`; otherwise the `max - 1` most severe, still in document order, leaving room for the
 * summary. `total` counts every finding whose rule is not off.
 */
export function findingsToPublish(
  findings: readonly Finding[],
  overrides: RuleSeverityOverrides,
  max = MAX_PUBLISHED_DIAGNOSTICS,
): { kept: Finding[]; total: number } {
  const ranks: number[] = [];
  const shown: Finding[] = [];
  for (const f of findings) {
    const severity = severityOf(f.rule, overrides);
    if (severity === 'off') continue;
    shown.push(f);
    ranks.push(RANK[severity]);
  }
  if (shown.length <= max) return { kept: shown, total: shown.length };
  const keep = max - 1;
  // The severity of the last kept finding, and how many of that severity still fit.
  const counts = [0, 0, 0];
  for (const r of ranks) counts[r]++;
  let cutoff = 0;
  let before = 0;
  while (before + counts[cutoff] < keep) before += counts[cutoff++];
  let roomAtCutoff = keep - before;
  const kept = shown.filter((_, i) => ranks[i] < cutoff || (ranks[i] === cutoff && roomAtCutoff-- > 0));
  return { kept, total: shown.length };
}

/** The summary diagnostic on line 1 when `shown` of `total` problems are published. */
export function summaryDiagnostic(shown: number, total: number): Diagnostic {
  const n = (x: number) => x.toLocaleString('en-US');
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: SOURCE,
    message: `CAP Lens shows ${n(shown)} of the ${n(total)} problems in this file, the most severe first; ${n(total - shown)} more are not shown. Run \`cap-lens check\` on the file to list them all.`,
  };
}
