// `report --format md`: a design-review report to paste into a design doc: verdict, summary tables, every
// finding with its explanation, then the full claims-vs-facts tables of `explain`.

import { codeFence, codeSpan, escapeMarkdown, markdownMessage } from '../../core/text/escape-markdown';
import type { AnalyzedFile } from '../analysis';
import type { DesignSummary } from '../../core/review/summary';
import { explainMarkdown } from '../explain-render';
import { markdownTable } from '../tables';
import {
  COMPONENT_SUMMARY_HEADERS,
  componentSummaryRows,
  DATASTORE_SUMMARY_HEADERS,
  datastoreSummaryRows,
  headline,
  reportFindings,
} from './common';

export function reportMarkdown(file: AnalyzedFile, summary: DesignSummary, version: string): string {
  // Design text is data here: names, descriptions and messages are escaped (core/text/escape-markdown), so a
  // design cannot put HTML, links, images or a closing code fence into the report.
  const title = summary.system ?? file.source.displayPath;
  const out: string[] = [`# Design review: ${escapeMarkdown(title)}`, ''];
  if (summary.description) out.push(`> ${escapeMarkdown(summary.description)}`, '');
  out.push(`Checked by CAP Lens ${version} from ${codeSpan(file.source.displayPath)}.`, '');
  const verdict = headline(file);
  out.push(`**${verdict.ok ? '✓' : '✗'} ${verdict.text}**`, '');

  out.push('## Summary', '');
  if (summary.regions.length) out.push(`Regions: ${summary.regions.map(codeSpan).join(', ')}`, '');
  const cells = (rows: string[][]) => rows.map((r) => r.map(escapeMarkdown));
  if (summary.datastores.length)
    out.push(markdownTable(DATASTORE_SUMMARY_HEADERS, cells(datastoreSummaryRows(summary, file))).trimEnd(), '');
  if (summary.components.length)
    out.push(markdownTable(COMPONENT_SUMMARY_HEADERS, cells(componentSummaryRows(summary, file))).trimEnd(), '');

  out.push('## Findings', '');
  const findings = reportFindings(file);
  if (findings.length === 0) out.push('None.', '');
  for (const f of findings) {
    out.push(`### ${f.index}. ${f.finding.severity}: \`${f.finding.rule}\` (line ${f.line})`, '');
    out.push(markdownMessage(f.finding.message), '');
    const fence = codeFence(f.frame);
    out.push(`${fence}text`, f.frame, fence, '');
    if (f.related.length) out.push(`- **Related:** ${f.related.map(markdownMessage).join('; ')}`);
    if (f.fixes.length) out.push(`- **Possible fixes:** ${f.fixes.map(markdownMessage).join('; ')}`);
    out.push(`- **Rule:** ${f.ruleSummary} [Documentation](${f.docs})`, '');
  }

  const details = explainMarkdown(summary, 3);
  if (details.trim()) out.push('## Claims and derived facts', '', details);
  return `${out.join('\n').trimEnd()}\n`;
}
