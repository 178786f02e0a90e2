// A fence's review card as HTML: static markup (a table per datastore and component, the topology as inline
// SVG, findings with their rule pages), no script, everything from the design escaped. It holds no blank line,
// so it can follow a fence inside a Markdown file as one HTML block. Styled by card-style.ts.

import { ruleDocsUrl } from '../rules/registry';
import type { RatedFinding } from '../rules/findings';
import { cardVerdict, SEVERITY_MARK, type FenceCard, type PlacedFinding, type SourceLine } from './fence-cards';
import type { ComponentSummary, DatastoreSummary, SummaryRow } from './summary';
import { VERDICT_MARK } from './summary';
import { escapeXml as esc, topologySvg } from './topology';

export interface CardHtmlOptions {
  /** Unique per page: ids inside the card (the topology's accessible title) are derived from it. */
  id: string;
}

export function cardHtml(card: FenceCard, options: CardHtmlOptions): string {
  const { level } = cardVerdict(card);
  const out: string[] = [];
  out.push(
    `<div class="cap-lens-card${level && level !== 'info' ? ` cap-lens-has-${level}` : ''}" data-cap-lens-line="${card.line}">`,
  );
  out.push(
    `<div class="cap-lens-head"><span class="cap-lens-brand">CAP Lens</span>${card.system ? `<span class="cap-lens-system">${esc(card.system)}</span>` : ''}${verdict(card)}</div>`,
  );
  if (card.source) {
    out.push(`<p class="cap-lens-error">The YAML of this design has errors, so nothing could be checked yet.</p>`);
    if (card.source.some((l) => l.errors.length)) out.push(source(card.source));
    const other = card.elsewhere.filter((f) => f.finding.rule === 'yaml-syntax');
    if (other.length)
      out.push(
        `<p class="cap-lens-muted">${other.length === 1 ? 'An error' : `${other.length} errors`} in another block of this design: ${other.map((f) => `line ${f.line}`).join(', ')}.</p>`,
      );
  }
  if (card.topology) {
    out.push(
      `<figure>${topologySvg(card.topology.summary, card.topology.findings, `${options.id}-topology`).replace(/\n/g, '')}</figure>`,
    );
  }
  for (const ds of card.datastores) out.push(datastore(ds, card.findings));
  for (const c of card.components) out.push(component(c, card.findings));
  const remarks = card.source ? card.remarks.filter((f) => f.finding.rule !== 'yaml-syntax') : card.remarks;
  if (remarks.length) out.push(findingList(remarks));
  out.push('</div>');
  return out.join('\n');
}

function verdict(card: FenceCard): string {
  const v = cardVerdict(card);
  const main = `<span class="cap-lens-verdict cap-lens-${v.level ?? 'ok'}">${esc(v.text)}</span>`;
  return v.elsewhere ? `${main}<span class="cap-lens-muted">other blocks of this design: ${esc(v.elsewhere)}</span>` : main;
}

function ruleLink(rule: string): string {
  return `<a href="${esc(ruleDocsUrl(rule as RatedFinding['rule']))}"><code>${esc(rule)}</code></a>`;
}

function verdictCell(row: { verdict: SummaryRow['verdict']; rules: string[] }): string {
  const mark = VERDICT_MARK[row.verdict];
  return `<td class="cap-lens-verdict-cell">${mark ? `<span class="${row.verdict === 'holds' ? 'cap-lens-ok' : 'cap-lens-error'}">${mark}</span>` : ''}${row.rules.length ? ` ${row.rules.map(ruleLink).join(', ')}` : ''}</td>`;
}

function table(headers: readonly string[], rows: string[]): string {
  return `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function inside(findings: readonly PlacedFinding[], span: { start: number; end: number }): PlacedFinding[] {
  return findings.filter((f) => f.finding.span.start >= span.start && f.finding.span.start < span.end);
}

function datastore(ds: DatastoreSummary, findings: readonly PlacedFinding[]): string {
  const out = [`<h4>Datastore <code>${esc(ds.name)}</code><span class="cap-lens-meta">${esc(ds.settings)}</span></h4>`];
  if (ds.rows.length) {
    const rows = ds.rows.map(
      (r) =>
        `<tr${r.verdict === 'contradicted' ? ' class="cap-lens-row-bad"' : ''}><td>${esc(r.property)}</td><td>${esc(r.claimed)}</td><td>${esc(r.derived)}</td>${verdictCell(r)}</tr>`,
    );
    out.push(table(['Property', 'Claimed', 'Derived', 'Verdict'], rows));
  } else {
    out.push(`<p class="cap-lens-muted">Nothing derived: the problems below make the settings unusable.</p>`);
  }
  if (ds.why) out.push(`<p class="cap-lens-why">Why: ${esc(ds.why)}</p>`);
  const mine = inside(findings, ds.datastore.span);
  if (mine.length) out.push(findingList(mine));
  return out.join('\n');
}

function component(c: ComponentSummary, findings: readonly PlacedFinding[]): string {
  const out = [
    `<h4>Component <code>${esc(c.name)}</code><span class="cap-lens-meta">${esc(c.choice ? `chose ${c.choice}` : 'no CAP choice stated')}</span></h4>`,
  ];
  if (c.rows.length) {
    const rows = c.rows.map(
      (r) =>
        `<tr${r.verdict === 'contradicted' ? ' class="cap-lens-row-bad"' : ''}><td><code>${esc(r.datastore)}</code></td><td>${esc(r.needs)}</td><td>${esc(r.provides)}</td><td>${esc(r.cap)}</td>${verdictCell(r)}</tr>`,
    );
    out.push(table(['Uses', 'Needs', 'Provides', 'Store is', 'Verdict'], rows));
  }
  if (c.why) out.push(`<p class="cap-lens-why">Why: ${esc(c.why)}</p>`);
  const mine = inside(findings, c.component.span);
  if (mine.length) out.push(findingList(mine));
  return out.join('\n');
}

function findingList(findings: readonly PlacedFinding[]): string {
  const item = ({ finding: f, line }: PlacedFinding) =>
    `<li><span class="cap-lens-${f.severity}">${SEVERITY_MARK[f.severity]} ${f.severity}</span> ${ruleLink(f.rule)} <span class="cap-lens-muted">line ${line}</span>: ${esc(f.message)}</li>`;
  return `<ul class="cap-lens-findings">${findings.map(item).join('')}</ul>`;
}

/** The fence's lines with line numbers; each error under its line, a caret at its column. */
function source(lines: readonly SourceLine[]): string {
  const width = String(lines[lines.length - 1]?.line ?? 1).length;
  const gutter = (text: string) => `<span class="cap-lens-ln">${text.padStart(width)}</span>`;
  const body = lines.flatMap((l) => {
    const text = `${gutter(String(l.line))}${esc(l.text)}`;
    if (!l.errors.length) return [text];
    // Columns count UTF-16 units; the caret is placed by characters as a monospace font shows them.
    const notes = l.errors.map(
      (e) =>
        `${gutter('')}<span class="cap-lens-caret">${' '.repeat([...l.text.slice(0, e.column - 1)].length)}^ ${esc(e.finding.message)}</span>`,
    );
    return [`<span class="cap-lens-bad-line">${text}</span>`, ...notes];
  });
  // Every line starts with its gutter, so the block has no blank line even where the YAML has one.
  return `<pre class="cap-lens-source">${body.join('\n')}</pre>`;
}
