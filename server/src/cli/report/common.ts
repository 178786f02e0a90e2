// The parts of a design-review report shared by its Markdown and HTML forms: the summary rows, the verdict
// headline and each finding with its explanation, as plain strings ready to be escaped by the renderer.

import type { RatedFinding } from '../../core/rules/findings';
import { RULES, ruleDocsUrl } from '../../core/rules/registry';
import { plural } from '../../core/text/format';
import { countFindings, type AnalyzedFile } from '../analysis';
import { VERDICT_MARK, type DesignSummary, type SummaryRow } from '../../core/review/summary';
import { colors } from '../io';
import { codeFrame } from '../format/code-frame';
import { startingWithin } from '../../core/review/spans';

export const DATASTORE_SUMMARY_HEADERS = [
  'Datastore',
  'Settings',
  'Consistency',
  'CAP',
  'PACELC',
  'Survives (writes / reads)',
  'Stale read after write',
  'Findings',
];
export const COMPONENT_SUMMARY_HEADERS = ['Component', 'Chose', 'Needs', 'Findings'];

/** `claimed → derived ✗` when a claim is made, else just the derived value. */
export function claimCell(row: SummaryRow | undefined): string {
  if (!row) return '';
  if (row.verdict === 'derived') return row.derived;
  return row.claimed === row.derived
    ? `${row.derived} ${VERDICT_MARK[row.verdict]}`
    : `${row.claimed} → ${row.derived} ${VERDICT_MARK[row.verdict]}`;
}

export function countText(findings: readonly RatedFinding[]): string {
  if (findings.length === 0) return '✓ none';
  const c = countFindings(findings);
  const parts = [];
  if (c.errors) parts.push(plural(c.errors, 'error'));
  if (c.warnings) parts.push(plural(c.warnings, 'warning'));
  if (c.infos) parts.push(plural(c.infos, 'info', 'infos'));
  return parts.join(', ');
}

export function datastoreSummaryRows(summary: DesignSummary, file: AnalyzedFile): string[][] {
  return summary.datastores.map((ds) => {
    const row = (p: string) => ds.rows.find((r) => r.property === p);
    const f = ds.analysis?.facts;
    return [
      ds.name,
      ds.settings,
      claimCell(row('Consistency')),
      claimCell(row('CAP')),
      claimCell(row('PACELC')),
      f ? `${claimCell(row('Failures survived (writes)'))} / ${f.readFailuresSurvived}` : '?',
      claimCell(row('Stale read right after a write')),
      countText(startingWithin(file.findings, ds.datastore.span)),
    ];
  });
}

export function componentSummaryRows(summary: DesignSummary, file: AnalyzedFile): string[][] {
  return summary.components.map((c) => [
    c.name,
    c.choice ?? '—',
    c.rows.map((r) => `${r.datastore}: ${r.needs}${VERDICT_MARK[r.verdict] ? ` ${VERDICT_MARK[r.verdict]}` : ''}`).join(', ') ||
      '—',
    countText(startingWithin(file.findings, c.component.span)),
  ]);
}

export function headline(file: AnalyzedFile): { ok: boolean; text: string } {
  const c = countFindings(file.findings);
  if (file.findings.length === 0) return { ok: true, text: 'Every claim in this design holds: CAP Lens found no problems.' };
  const what = [plural(c.errors, 'error'), plural(c.warnings, 'warning'), plural(c.infos, 'info', 'infos')].join(', ');
  return {
    ok: c.errors === 0,
    text: c.errors ? `${what}: some claims in this design do not hold.` : `${what}: the claims hold, with remarks.`,
  };
}

export interface ReportFinding {
  index: number;
  finding: RatedFinding;
  line: number;
  column: number;
  ruleSummary: string;
  docs: string;
  frame: string;
  related: string[];
  fixes: string[];
}

export function reportFindings(file: AnalyzedFile): ReportFinding[] {
  const plain = colors(false);
  return file.findings.map((f, i) => {
    const at = file.source.position(f.span.start);
    return {
      index: i + 1,
      finding: f,
      line: at.line,
      column: at.column,
      ruleSummary: RULES[f.rule].summary,
      docs: ruleDocsUrl(f.rule),
      frame: codeFrame(file.source, f.span, (s) => s, plain, '').join('\n'),
      related: f.related
        .filter((r) => r.span.start !== f.span.start || r.span.end !== f.span.end)
        .map((r) => {
          const p = file.source.position(r.span.start);
          return `${r.message} (line ${p.line}, column ${p.column})`;
        }),
      fixes: f.fixes.map((x) => `${x.title}${x.preferred ? ' (preferred)' : ''}`),
    };
  });
}
