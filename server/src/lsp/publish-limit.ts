// A cap on the diagnostics published for one file. A generated 3.9 MB design had 46,992 findings: one
// message of that size takes seconds to encode and to render, and nobody reads past the first screens. The
// most severe are kept, in document order, and one summary on line 1 says how many more there are.

import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';

/** Diagnostics published per file, the summary included. */
export const MAX_PUBLISHED_DIAGNOSTICS = 1000;

/**
 * `diagnostics` (in document order) when there are at most `max`; otherwise the `max - 1` most severe, still in
 * document order, followed by a summary diagnostic on line 1 with the number left out.
 */
export function limitDiagnostics(diagnostics: Diagnostic[], max = MAX_PUBLISHED_DIAGNOSTICS): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const keep = max - 1;
  const rank = (d: Diagnostic) => d.severity ?? DiagnosticSeverity.Error;
  // The severity of the last kept diagnostic, and how many of that severity still fit.
  const bySeverity = diagnostics.map(rank).sort((a, b) => a - b);
  const cutoff = bySeverity[keep - 1];
  let roomAtCutoff = keep - bySeverity.filter((s) => s < cutoff).length;
  const kept = diagnostics.filter((d) => rank(d) < cutoff || (rank(d) === cutoff && roomAtCutoff-- > 0));
  const more = diagnostics.length - kept.length;
  kept.push({
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'cap-lens',
    message: `CAP Lens shows ${kept.length.toLocaleString('en-US')} of the ${diagnostics.length.toLocaleString('en-US')} problems in this file, the most severe first; ${more.toLocaleString('en-US')} more are not shown. Run \`cap-lens check\` on the file to list them all.`,
  });
  return kept;
}
