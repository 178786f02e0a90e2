// A fence's review card as Markdown, for wikis and docs sites that take no raw HTML: a blockquote under the fence
// with a table per datastore and component (claims beside derived facts, ✓/✗ and the rules) and the findings
// with links to their rule pages. No topology (Markdown has no drawing); everything from the design is escaped.

import { ruleDocsUrl } from '../rules/registry';
import type { RatedFinding } from '../rules/findings';
import { cardVerdict, SEVERITY_MARK, type FenceCard, type PlacedFinding } from './fence-cards';
import { markdownCode, markdownTable, markdownText } from './markdown-text';
import { VERDICT_MARK, type SummaryRow } from './summary';

function rule(name: string): string {
  return `[\`${name}\`](${ruleDocsUrl(name as RatedFinding['rule'])})`;
}

function verdict(row: { verdict: SummaryRow['verdict']; rules: string[] }): string {
  return [VERDICT_MARK[row.verdict], ...row.rules.map(rule)].filter(Boolean).join(' ');
}

function findings(list: readonly PlacedFinding[]): string[] {
  return list.map(
    ({ finding: f, line }) =>
      `- ${SEVERITY_MARK[f.severity]} ${f.severity} ${rule(f.rule)} (line ${line}): ${markdownText(f.message)}`,
  );
}

const within = (f: PlacedFinding, span: { start: number; end: number }) =>
  f.finding.span.start >= span.start && f.finding.span.start < span.end;

export function cardMarkdown(card: FenceCard): string {
  const out: string[] = [];
  const v = cardVerdict(card);
  out.push(
    `**CAP Lens**${card.system ? ` · ${markdownCode(card.system)}` : ''} · ${v.text}${v.elsewhere ? ` · other blocks of this design: ${v.elsewhere}` : ''}`,
    '',
  );
  if (card.source) {
    out.push('The YAML of this design has errors, so nothing could be checked yet:', '');
    out.push(...findings(card.findings.filter((f) => f.finding.rule === 'yaml-syntax')), '');
  }
  for (const ds of card.datastores) {
    out.push(`**Datastore ${markdownCode(ds.name)}** · ${markdownText(ds.settings)}`, '');
    if (ds.rows.length)
      out.push(
        ...markdownTable(
          ['Property', 'Claimed', 'Derived', 'Verdict'],
          ds.rows.map((r) => [markdownText(r.property), markdownText(r.claimed), markdownText(r.derived), verdict(r)]),
        ),
        '',
      );
    if (ds.why) out.push(`*Why:* ${markdownText(ds.why)}`, '');
    const mine = card.findings.filter((f) => within(f, ds.datastore.span));
    if (mine.length) out.push(...findings(mine), '');
  }
  for (const c of card.components) {
    out.push(
      `**Component ${markdownCode(c.name)}** · ${c.choice ? `chose ${markdownText(c.choice)}` : 'no CAP choice stated'}`,
      '',
    );
    if (c.rows.length)
      out.push(
        ...markdownTable(
          ['Uses', 'Needs', 'Provides', 'Store is', 'Verdict'],
          c.rows.map((r) => [
            markdownCode(r.datastore),
            markdownText(r.needs),
            markdownText(r.provides),
            markdownText(r.cap),
            verdict(r),
          ]),
        ),
        '',
      );
    if (c.why) out.push(`*Why:* ${markdownText(c.why)}`, '');
    const mine = card.findings.filter((f) => within(f, c.component.span));
    if (mine.length) out.push(...findings(mine), '');
  }
  const remarks = card.remarks.filter((f) => !(card.source && f.finding.rule === 'yaml-syntax'));
  if (remarks.length) out.push(...findings(remarks), '');
  while (out[out.length - 1] === '') out.pop();
  // A blockquote keeps the card with its fence on every renderer.
  return out.map((l) => (l ? `> ${l}` : '>')).join('\n');
}
