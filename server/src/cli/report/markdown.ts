// `report --format md`: a design-review report to paste into a design doc: verdict, summary tables, every
// finding with its explanation, then the full claims-vs-facts tables of `explain`.

import type { AnalyzedFile } from '../analysis';
import type { DesignSummary } from '../../core/review/summary';
import { explainMarkdown } from '../explain-render';
import { markdownTable } from '../tables';
import { COMPONENT_SUMMARY_HEADERS, componentSummaryRows, DATASTORE_SUMMARY_HEADERS, datastoreSummaryRows, headline, reportFindings } from './common';

export function reportMarkdown(file: AnalyzedFile, summary: DesignSummary, version: string): string {
  const title = summary.system ?? file.source.displayPath;
  const out: string[] = [`# Design review: ${title}`, ''];
  if (summary.description) out.push(`> ${summary.description}`, '');
  out.push(`Checked by CAP Lens ${version} from \`${file.source.displayPath}\`.`, '');
  const verdict = headline(file);
  out.push(`**${verdict.ok ? '✓' : '✗'} ${verdict.text}**`, '');

  out.push('## Summary', '');
  if (summary.regions.length) out.push(`Regions: ${summary.regions.map((r) => `\`${r}\``).join(', ')}`, '');
  if (summary.datastores.length) out.push(markdownTable(DATASTORE_SUMMARY_HEADERS, datastoreSummaryRows(summary, file)).trimEnd(), '');
  if (summary.components.length) out.push(markdownTable(COMPONENT_SUMMARY_HEADERS, componentSummaryRows(summary, file)).trimEnd(), '');

  out.push('## Findings', '');
  const findings = reportFindings(file);
  if (findings.length === 0) out.push('None.', '');
  for (const f of findings) {
    out.push(`### ${f.index}. ${f.finding.severity}: \`${f.finding.rule}\` (line ${f.line})`, '');
    out.push(f.finding.message, '');
    out.push('```text', f.frame, '```', '');
    if (f.related.length) out.push(`- **Related:** ${f.related.join('; ')}`);
    if (f.fixes.length) out.push(`- **Possible fixes:** ${f.fixes.join('; ')}`);
    out.push(`- **Rule:** ${f.ruleSummary} [Documentation](${f.docs})`, '');
  }

  const details = explainMarkdown(summary, 3);
  if (details.trim()) out.push('## Claims and derived facts', '', details);
  return `${out.join('\n').trimEnd()}\n`;
}
