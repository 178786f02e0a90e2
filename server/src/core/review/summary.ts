// What `explain` and `report` show about a design, as plain data: per datastore, each claim beside what the
// settings give; per component, what it needs beside what each datastore provides. Rows and verdicts are the
// analysis's own (the same rows the hover card prints); the rules listed beside a ✗ are the findings that
// explain that claim.

import type { AnalysisResult } from '../analysis/analyze';
import type { DatastoreAnalysis } from '../derive/datastore';
import type { RegionSplit } from '../derive/facts';
import { judgeUse } from '../derive/verdicts';
import { claimRows, type RowVerdict } from '../ide/claim-rows';
import { settingsLine as describeSettings, sideAbilities } from '../ide/describe';
import type { Finding, RatedFinding } from '../rules/findings';
import type { Component, Datastore, Span } from '../model/design';
import { startingWithin } from './spans';

export type Verdict = RowVerdict;

export interface SummaryRow {
  property: string;
  claimed: string;
  derived: string;
  verdict: Verdict;
  /** Rules whose findings explain this claim (unrated: a rule switched off still tells the truth here). */
  rules: string[];
}

export interface DatastoreSummary {
  name: string;
  datastore: Datastore;
  analysis: DatastoreAnalysis | undefined;
  /** e.g. "consensus · N=3 R=2 W=2 · reads from leader". */
  settings: string;
  /** The engine's own classification, when the engine is known. */
  engine?: string;
  rows: SummaryRow[];
  /** Why the consistency is what it is. */
  reason?: string;
  /** What the write and read paths need, and the staleness sentence: the conditions the figures come from. */
  needs?: string;
  staleness?: string;
  /** The design's own rationale (`why:`). */
  why?: string;
  translation: string[];
  splits: { description: string; sides: [string, string] }[];
  /** Findings inside the datastore that explain no claim (quorum out of range, even replica counts…). */
  other: Finding[];
}

export interface ComponentSummary {
  name: string;
  component: Component;
  choice?: string;
  why?: string;
  rows: { datastore: string; needs: string; provides: string; cap: string; verdict: Verdict; rules: string[] }[];
  other: Finding[];
}

export interface DesignSummary {
  system?: string;
  description?: string;
  regions: string[];
  datastores: DatastoreSummary[];
  components: ComponentSummary[];
}

const key = (f: Finding) => `${f.rule}\u0000${f.span.start}\u0000${f.span.end}\u0000${f.message}`;
const listed = (f: Finding) => !(f as { hidden?: boolean }).hidden;

const within = (f: Finding, span: Span | undefined) =>
  span !== undefined && f.span.start >= span.start && f.span.start < Math.max(span.end, span.start + 1);

/** A design as analysed, with its findings after the user's rule settings. */
export interface RatedDesign {
  analysis: AnalysisResult;
  findings: readonly RatedFinding[];
}

export function summarizeDesign(file: RatedDesign): DesignSummary {
  const { design, analyses } = file.analysis;
  // Rules are listed from every finding (a claim switched off is still false); remarks honour `off`.
  const shown = new Set(file.findings.map(key));
  const findings = file.analysis.findings.map((f) => (shown.has(key(f)) ? f : { ...f, hidden: true }));
  const datastores = design.datastores.map((ds) =>
    summarizeDatastore(ds, analyses.get(ds.name)?.ds === ds ? analyses.get(ds.name) : undefined, findings),
  );
  const components = design.components.map((c) => summarizeComponent(c, analyses, findings));
  return {
    system: design.system?.value,
    description: design.description?.value,
    regions: design.regions.map((r) => r.name),
    datastores,
    components,
  };
}

function summarizeDatastore(ds: Datastore, a: DatastoreAnalysis | undefined, findings: readonly Finding[]): DatastoreSummary {
  const inside = startingWithin(findings, ds.span);
  const used = new Set<Finding>();
  const rows: SummaryRow[] = (a ? claimRows(a) : []).map((r) => {
    const fired = r.key ? inside.filter((x) => x.claims?.includes(r.key!)) : [];
    fired.forEach((x) => used.add(x));
    return {
      property: r.property,
      claimed: r.claimed,
      derived: r.derived,
      verdict: r.verdict,
      rules: [...new Set(fired.map((x) => x.rule))],
    };
  });
  const engine = a?.engine;
  const usual = engine ? (engine.usualCap === 'neither' ? 'neither CP nor AP' : engine.usualCap) : undefined;
  return {
    name: ds.name,
    datastore: ds,
    analysis: a,
    settings: settingsLine(ds, a),
    engine: engine
      ? `${engine.displayName}: usually ${usual}, ${engine.usualPacelc}`
      : ds.engine
        ? `${ds.engine.value} (not an engine CAP Lens knows)`
        : undefined,
    rows,
    reason: a?.model?.consistency.reason,
    needs: a?.model ? `writes need ${a.model.write.needs}; reads need ${a.model.read.needs}` : undefined,
    staleness: a?.facts?.staleRead.summary,
    why: ds.why?.value,
    translation: a?.model?.explanation ?? [],
    splits: (a?.facts?.regionSplits ?? []).map(describeSplit),
    other: inside.filter((x) => !used.has(x) && listed(x)),
  };
}

function settingsLine(ds: Datastore, a: DatastoreAnalysis | undefined): string {
  const parts: string[] = [];
  if (a?.model) {
    // The hover's wording, so the editor and the CLI describe settings alike.
    parts.push(describeSettings(a));
    if (a.model.conflicts) parts.push(`conflicts: ${a.model.conflicts}`);
  } else {
    parts.push(ds.replication?.value ?? 'replication unknown', 'N, R or W unusable');
  }
  if (ds.placement?.regions.length) parts.push(ds.placement.regions.map((p) => `${p.name} ${p.count.value}`).join(', '));
  return parts.join(' · ');
}

function describeSplit(split: RegionSplit): { description: string; sides: [string, string] } {
  const side = (s: RegionSplit['sides'][number]) => `${s.regions.join(' + ')} (${s.replicas}): ${sideAbilities(s)}`;
  return {
    description: `${split.sides[0].regions.join(' + ')} ‖ ${split.sides[1].regions.join(' + ')}`,
    sides: [side(split.sides[0]), side(split.sides[1])],
  };
}

function summarizeComponent(
  c: Component,
  analyses: ReadonlyMap<string, DatastoreAnalysis>,
  findings: readonly Finding[],
): ComponentSummary {
  const inside = startingWithin(findings, c.span);
  const used = new Set<Finding>();
  const rows = c.uses.map((use) => {
    const a = analyses.get(use.datastore);
    const f = a?.facts;
    const v = f ? judgeUse(use, f) : undefined;
    const fired = inside.filter((x) => within(x, use.span));
    fired.forEach((x) => used.add(x));
    const provides = v ? v.derived : f ? f.model.consistency.provided.join(' + ') : a ? '?' : 'not declared';
    const verdict: Verdict = v ? (v.holds ? 'holds' : 'contradicted') : 'derived';
    return {
      datastore: use.datastore,
      needs: use.needs ? `${use.needs.value}${use.session?.value === 'separate' ? ' (separate session)' : ''}` : '—',
      provides,
      cap: f ? `${f.cap === 'neither' ? 'neither CP nor AP' : f.cap} (${f.pacelc})` : '?',
      verdict,
      rules: [...new Set(fired.map((x) => x.rule))],
    };
  });
  return {
    name: c.name,
    component: c,
    choice: c.choice?.value,
    why: c.why?.value,
    rows,
    other: inside.filter((x) => !used.has(x) && listed(x)),
  };
}

export const VERDICT_MARK: Record<Verdict, string> = { holds: '✓', contradicted: '✗', derived: '' };
