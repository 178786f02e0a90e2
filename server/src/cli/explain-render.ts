// Renders a DesignSummary as terminal text or Markdown: a table per datastore (claimed vs derived) and per
// component (needs vs provided). `explain` prints these; `report` embeds the Markdown ones.

import { codeSpan, escapeMarkdown, markdownMessage } from '../core/text/escape-markdown';
import { terminalText } from '../core/text/escape-terminal';
import type { Finding } from '../core/rules/findings';
import type { ComponentSummary, DatastoreSummary, DesignSummary, SummaryRow } from '../core/review/summary';
import { VERDICT_MARK } from '../core/review/summary';
import type { Colors } from './io';
import { markdownTable, textTable } from './tables';

const DS_HEADERS = ['Property', 'Claimed', 'Derived', 'Verdict'];
const COMPONENT_HEADERS = ['Uses', 'Needs', 'Provides', 'Store is', 'Verdict'];

function verdictText(v: { verdict: SummaryRow['verdict']; rules: string[] }): string {
  const mark = VERDICT_MARK[v.verdict];
  return v.rules.length ? `${mark} ${v.rules.join(', ')}` : mark;
}

function otherLine(f: Finding): string {
  return `${f.rule}: ${terminalText(f.message)}`;
}

/** Design text on a terminal: control characters shown, never obeyed (see core/text/escape-terminal). */
const tt = (s: string) => terminalText(s);

export function explainText(summary: DesignSummary, title: string, c: Colors): string {
  const out: string[] = [c.bold(tt(title)), ''];
  if (summary.datastores.length === 0) out.push('No datastores declared.', '');
  for (const ds of summary.datastores) out.push(...datastoreText(ds, c), '');
  for (const comp of summary.components) out.push(...componentText(comp, c), '');
  return `${out.join('\n').trimEnd()}\n`;
}

function paintVerdict(text: string, c: Colors): string {
  return text.startsWith('✗') ? c.red(text) : text.startsWith('✓') ? c.green(text) : text;
}

function datastoreText(ds: DatastoreSummary, c: Colors): string[] {
  const out = [`${c.bold(`Datastore ${tt(ds.name)}`)}  ${c.dim(tt(ds.settings))}`];
  if (ds.engine) out.push(`  Engine: ${tt(ds.engine)}`);
  for (const t of ds.translation) out.push(`  ${c.dim(tt(t))}`);
  // Colour after layout, so escape codes do not upset the column widths.
  const table = textTable(
    DS_HEADERS,
    ds.rows.map((r) => [r.property, tt(r.claimed), tt(r.derived), verdictText(r)]),
    '  ',
  );
  out.push(
    ...table
      .trimEnd()
      .split('\n')
      .map((line, i) => (i < 2 ? c.dim(line) : line.replace(/([✓✗].*)$/, (m) => paintVerdict(m, c)))),
  );
  if (ds.reason) out.push(`  Why: ${tt(ds.reason)}`);
  if (ds.needs) out.push(`  Conditions: ${tt(ds.needs)}.`);
  if (ds.staleness) out.push(`  A read right after a write: ${tt(ds.staleness)}.`);
  if (ds.why) out.push(`  Design rationale: ${tt(ds.why)}`);
  if (ds.splits.length) {
    out.push('  Region splits:');
    for (const s of ds.splits) out.push(`    ${tt(s.sides[0])}  |  ${tt(s.sides[1])}`);
  }
  for (const f of ds.other) out.push(`  ${c.yellow('!')} ${otherLine(f)}`);
  return out;
}

function componentText(comp: ComponentSummary, c: Colors): string[] {
  const out = [
    `${c.bold(`Component ${tt(comp.name)}`)}  ${c.dim(comp.choice ? `chose ${comp.choice}` : 'no CAP choice stated')}`,
  ];
  if (comp.rows.length === 0) out.push('  Uses no datastore.');
  else {
    const table = textTable(
      COMPONENT_HEADERS,
      comp.rows.map((r) => [tt(r.datastore), tt(r.needs), tt(r.provides), tt(r.cap), verdictText(r)]),
      '  ',
    );
    out.push(
      ...table
        .trimEnd()
        .split('\n')
        .map((line, i) => (i < 2 ? c.dim(line) : line.replace(/([✓✗].*)$/, (m) => paintVerdict(m, c)))),
    );
  }
  if (comp.why) out.push(`  Design rationale: ${tt(comp.why)}`);
  for (const f of comp.other) out.push(`  ${c.yellow('!')} ${otherLine(f)}`);
  return out;
}

/** Markdown sections, headings starting at `level` (2 for `explain`, 3 inside a report); design text escaped. */
export function explainMarkdown(summary: DesignSummary, level = 2): string {
  const h = '#'.repeat(level);
  const md = escapeMarkdown;
  const out: string[] = [];
  for (const ds of summary.datastores) {
    out.push(`${h} Datastore ${codeSpan(ds.name)}`, '', `*${md(ds.settings)}*`, '');
    if (ds.engine) out.push(`Engine: ${md(ds.engine)}`, '');
    if (ds.translation.length) out.push(...ds.translation.map((t) => `- ${markdownMessage(t)}`), '');
    out.push(
      markdownTable(
        DS_HEADERS,
        ds.rows.map((r) => [r.property, md(r.claimed), md(r.derived), verdictMarkdown(r)]),
      ).trimEnd(),
      '',
    );
    if (ds.reason) out.push(`**Why:** ${markdownMessage(ds.reason)}`, '');
    if (ds.needs) out.push(`**Conditions:** ${markdownMessage(ds.needs)}.`, '');
    if (ds.staleness) out.push(`**A read right after a write:** ${markdownMessage(ds.staleness)}.`, '');
    if (ds.why) out.push(`> ${md(ds.why)}`, '');
    if (ds.splits.length) {
      out.push(
        markdownTable(
          ['Region split', 'One side', 'Other side'],
          ds.splits.map((s) => [md(s.description), md(s.sides[0]), md(s.sides[1])]),
        ).trimEnd(),
        '',
      );
    }
    for (const f of ds.other) out.push(`- ⚠ \`${f.rule}\`: ${markdownMessage(f.message)}`);
    if (ds.other.length) out.push('');
  }
  for (const comp of summary.components) {
    out.push(
      `${h} Component ${codeSpan(comp.name)}`,
      '',
      comp.choice ? `Chose **${comp.choice}**.` : 'No CAP choice stated.',
      '',
    );
    if (comp.rows.length)
      out.push(
        markdownTable(
          COMPONENT_HEADERS,
          comp.rows.map((r) => [codeSpan(r.datastore), md(r.needs), md(r.provides), md(r.cap), verdictMarkdown(r)]),
        ).trimEnd(),
        '',
      );
    if (comp.why) out.push(`> ${md(comp.why)}`, '');
    for (const f of comp.other) out.push(`- ⚠ \`${f.rule}\`: ${markdownMessage(f.message)}`);
    if (comp.other.length) out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function verdictMarkdown(v: { verdict: SummaryRow['verdict']; rules: string[] }): string {
  const mark = VERDICT_MARK[v.verdict];
  return v.rules.length ? `${mark} ${v.rules.map((r) => `\`${r}\``).join(', ')}` : mark;
}
