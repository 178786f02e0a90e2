// The review card of each design fence of a Markdown doc, as plain data: the datastores and components the
// fence declares with the design summary's rows (claims beside derived facts, judged by the analysis: one
// truth with the hover, `explain` and `report`), the findings placed in the fence, its source lines with the
// YAML errors on them when the design does not parse, and, on one fence per design, the topology. The Markdown
// preview and `cap-lens report doc.md` render these cards (card-html.ts, card-markdown.ts).

import type { DesignFence } from '../markdown/fences';
import type { MarkdownDesign } from '../markdown/designs';
import type { RatedFinding, Severity } from '../rules/findings';
import { plural } from '../text/format';
import { LineIndex } from '../text/lines';
import { summarizeDesign, type ComponentSummary, type DatastoreSummary, type DesignSummary, type RatedDesign } from './summary';

/** A design of a Markdown doc, analysed, its findings placed on its fences and rated. */
export interface RatedMarkdownDesign extends RatedDesign {
  markdown: MarkdownDesign;
}

export interface PlacedFinding {
  finding: RatedFinding;
  /** 1-based, in the Markdown file. */
  line: number;
  column: number;
}

export interface SourceLine {
  /** 1-based line in the Markdown file. */
  line: number;
  text: string;
  errors: PlacedFinding[];
}

export interface FenceCard {
  fence: DesignFence;
  /** 1-based line of the opening fence. */
  line: number;
  system?: string;
  /** Every finding placed in this fence (its YAML, or its opening line for what concerns the whole design). */
  findings: PlacedFinding[];
  /** Findings of the same design placed in its other fences. */
  elsewhere: PlacedFinding[];
  /** The design's YAML does not parse: nothing is derived, and the card shows this fence's lines with the errors. */
  source?: SourceLine[];
  /** The whole design's summary and findings, on the fence that draws the topology (the first declaring a datastore). */
  topology?: { summary: DesignSummary; findings: readonly RatedFinding[] };
  datastores: DatastoreSummary[];
  components: ComponentSummary[];
  /** Findings in this fence outside every datastore and component it declares (unknown keys, a missing `system:`). */
  remarks: PlacedFinding[];
}

/** The cards of one design, one per fence, in document order. `markdown` is the doc's text. */
export function fenceCards(
  markdown: string,
  design: RatedMarkdownDesign,
  lines: LineIndex = new LineIndex(markdown),
): FenceCard[] {
  const summary = summarizeDesign(design);
  const placed = (finding: RatedFinding): PlacedFinding => ({
    finding,
    line: lines.line(finding.span.start),
    column: lines.column(finding.span.start),
  });
  const inFence = (fence: DesignFence, offset: number) =>
    offset >= fence.open.start && offset < Math.max(fence.content.end, fence.open.end + 1);
  const drawsTopology = design.markdown.fences.find((f) => summary.datastores.some((ds) => inFence(f, ds.datastore.span.start)));
  return design.markdown.fences.map((fence) => {
    const findings = design.findings.filter((f) => inFence(fence, f.span.start)).map(placed);
    const elsewhere = design.findings.filter((f) => !inFence(fence, f.span.start)).map(placed);
    // A design whose YAML does not parse is shown as its source and errors only: what a half parse builds would mislead.
    const broken = design.analysis.syntaxBroken;
    const datastores = broken ? [] : summary.datastores.filter((ds) => inFence(fence, ds.datastore.span.start));
    const components = broken ? [] : summary.components.filter((c) => inFence(fence, c.component.span.start));
    const within = (offset: number) =>
      datastores.some((ds) => offset >= ds.datastore.span.start && offset < ds.datastore.span.end) ||
      components.some((c) => offset >= c.component.span.start && offset < c.component.span.end);
    const card: FenceCard = {
      fence,
      line: lines.line(fence.open.start),
      system: summary.system,
      findings,
      elsewhere,
      datastores,
      components,
      remarks: findings.filter((f) => !within(f.finding.span.start)),
    };
    if (broken) card.source = sourceLines(fence, findings, lines);
    else if (fence === drawsTopology) card.topology = { summary, findings: design.findings };
    return card;
  });
}

function sourceLines(fence: DesignFence, findings: readonly PlacedFinding[], lines: LineIndex): SourceLine[] {
  const first = lines.line(fence.content.start);
  // The content ends at the start of the closing fence's line: the line before it is the last YAML line.
  const last = fence.content.end > fence.content.start ? lines.line(fence.content.end - 1) : first - 1;
  const out: SourceLine[] = [];
  for (let line = first; line <= last; line++)
    out.push({ line, text: lines.lineText(line), errors: findings.filter((f) => f.line === line) });
  // An error placed on the opening line (the YAML parser gave up before any line of this fence) comes first.
  const onOpening = findings.filter((f) => f.line < first);
  if (onOpening.length)
    out.unshift({ line: lines.line(fence.open.start), text: lines.lineText(lines.line(fence.open.start)), errors: onOpening });
  return out;
}

export interface CardVerdict {
  /** The worst severity of the findings in the fence; undefined when it has none. */
  level?: Severity;
  /** "✗ 1 error, 2 warnings", "✓ 4 claims hold", "✓ no problems". */
  text: string;
  /** The other fences of the design, when they have findings: "2 errors". */
  elsewhere?: string;
}

export const SEVERITY_MARK: Record<Severity, string> = { error: '✗', warning: '⚠', info: 'ℹ' };

function countText(findings: readonly PlacedFinding[]): string {
  const n = (s: Severity) => findings.filter((f) => f.finding.severity === s).length;
  return [
    n('error') ? plural(n('error'), 'error') : '',
    n('warning') ? plural(n('warning'), 'warning') : '',
    n('info') ? plural(n('info'), 'info', 'infos') : '',
  ]
    .filter(Boolean)
    .join(', ');
}

/** The headline of a card, the same in HTML and Markdown. */
export function cardVerdict(card: FenceCard): CardVerdict {
  const severities = card.findings.map((f) => f.finding.severity);
  const level = severities.includes('error')
    ? 'error'
    : severities.includes('warning')
      ? 'warning'
      : severities.includes('info')
        ? 'info'
        : undefined;
  const claims =
    card.datastores.reduce((n, ds) => n + ds.rows.filter((r) => r.verdict !== 'derived').length, 0) +
    card.components.reduce((n, c) => n + c.rows.filter((r) => r.verdict !== 'derived').length, 0);
  const elsewhere = countText(card.elsewhere);
  // Nothing of a design that does not parse has been checked, this fence included.
  if (card.source && !level)
    return { level: 'error', text: '✗ not checked: the design has YAML errors', ...(elsewhere ? { elsewhere } : {}) };
  const text = level
    ? `${SEVERITY_MARK[level]} ${countText(card.findings)}`
    : claims
      ? `✓ ${claims === 1 ? 'the claim holds' : `${claims} claims hold`}`
      : '✓ no problems';
  return { level, text, ...(elsewhere ? { elsewhere } : {}) };
}
