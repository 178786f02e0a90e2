// What `explain` and `report` show about a design, as plain data: per datastore, each claim beside what the
// settings give; per component, what it needs beside what each datastore provides. Verdicts come from the
// analysis's own findings (a row is contradicted exactly when a rule fired on that claim), never from a
// second comparison that could disagree with the editor.

import { sideAbilities } from '../core/ide/describe';
import { satisfies, type Consistency } from '../core/consistency';
import type { DatastoreFacts, RegionSplit } from '../core/derive';
import { findEngine } from '../core/engines/registry';
import type { Finding } from '../core/findings';
import type { Component, Datastore, Located, Span } from '../core/model/design';
import { settingsLine as describeSettings } from '../core/ide/describe';
import { percent } from '../core/rules/context';
import type { AnalyzedFile } from './analysis';

export type Verdict = 'holds' | 'contradicted' | 'derived';

export interface SummaryRow {
  property: string;
  claimed: string;
  derived: string;
  verdict: Verdict;
  /** Rules that fired on this claim (unrated: a rule switched off still tells the truth here). */
  rules: string[];
}

export interface DatastoreSummary {
  name: string;
  datastore: Datastore;
  facts: DatastoreFacts | undefined;
  /** e.g. "consensus · N=3 R=2 W=2 · reads from leader". */
  settings: string;
  /** The engine's own classification, when the engine is known. */
  engine?: string;
  rows: SummaryRow[];
  /** Why the consistency is what it is. */
  reason?: string;
  /** The design's own rationale (`why:`). */
  why?: string;
  translation: string[];
  splits: { description: string; sides: [string, string] }[];
  /** Findings inside the datastore that no claim row explains (quorum out of range, even replica counts…). */
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

const within = (f: Finding, span: Span | undefined) => span !== undefined && f.span.start >= span.start && f.span.start < Math.max(span.end, span.start + 1);

export function summarizeDesign(file: AnalyzedFile): DesignSummary {
  const { design, facts } = file.analysis;
  // Verdicts read every finding (a claim switched off is still false); listed remarks honour `off`.
  const shown = new Set(file.findings.map(key));
  const findings = file.analysis.findings.map((f) => (shown.has(key(f)) ? f : { ...f, hidden: true }));
  const datastores = design.datastores.map((ds) => summarizeDatastore(ds, facts.get(ds.name), findings));
  const components = design.components.map((c) => summarizeComponent(c, design.datastores, facts, findings));
  return {
    system: design.system?.value,
    description: design.description?.value,
    regions: design.regions.map((r) => r.name),
    datastores,
    components,
  };
}

function claimSpan(claim: Located<unknown> | undefined): Span | undefined {
  return claim ? { start: Math.min(claim.keySpan.start, claim.span.start), end: Math.max(claim.keySpan.end, claim.span.end) } : undefined;
}

function summarizeDatastore(ds: Datastore, f: DatastoreFacts | undefined, findings: readonly Finding[]): DatastoreSummary {
  const inside = findings.filter((x) => within(x, ds.span));
  const used = new Set<Finding>();
  const claims = ds.claims;
  const row = (property: string, claim: Located<unknown> | undefined, claimed: string, derived: string): SummaryRow => {
    const span = claimSpan(claim);
    // A rule may point at the setting to change and name the claim as related (W = N blocks an AP claim).
    const fired = span ? inside.filter((x) => within(x, span) || x.related.some((r) => r.span.start >= span.start && r.span.start < span.end)) : [];
    fired.forEach((x) => used.add(x));
    return { property, claimed: claim ? claimed : '—', derived, verdict: !claim ? 'derived' : fired.length ? 'contradicted' : 'holds', rules: [...new Set(fired.map((x) => x.rule))] };
  };
  const unknown = '?';
  const consistencyDerived = f ? (f.consistencyWhileHealthy !== f.consistency ? `${f.consistency} (${f.consistencyWhileHealthy} while healthy)` : f.consistency) : unknown;
  const rows: SummaryRow[] = [
    row('Consistency', claims?.consistency, String(claims?.consistency?.value), consistencyDerived),
    row('CAP', claims?.cap, String(claims?.cap?.value), f ? f.cap : unknown),
    row('PACELC', claims?.pacelc, String(claims?.pacelc?.value), f ? f.pacelc : unknown),
    row('On partition', claims?.onPartition, String(claims?.onPartition?.value), f ? (f.minorityRefusesWrites ? 'side without a write quorum refuses writes' : 'every side keeps accepting writes') : unknown),
    row('Failures survived (writes)', claims?.tolerates, String(claims?.tolerates?.value), f ? String(f.writeFailuresSurvived) : unknown),
    row('Failures survived (reads)', undefined, '', f ? String(f.readFailuresSurvived) : unknown),
    row('Acknowledged writes', claims?.lossFree, claims?.lossFree?.value ? 'never lost' : 'may be lost', f ? (f.losesAcknowledgedWrites ? 'can be lost' : 'kept') : unknown),
    row('Stale read right after a write', undefined, '', f ? percent(f.staleReadProbability) : unknown),
  ];
  const engine = ds.engine ? findEngine(ds.engine.value) : undefined;
  return {
    name: ds.name,
    datastore: ds,
    facts: f,
    settings: settingsLine(ds, f),
    engine: engine ? `${engine.displayName}: usually ${engine.usualCap}, ${engine.usualPacelc}` : ds.engine ? `${ds.engine.value} (not an engine CAP Lens knows)` : undefined,
    rows,
    reason: f?.consistencyReason,
    why: ds.why?.value,
    translation: f?.settings.translation ?? [],
    splits: (f?.regionSplits ?? []).map(describeSplit),
    other: inside.filter((x) => !used.has(x) && listed(x)),
  };
}

function settingsLine(ds: Datastore, f: DatastoreFacts | undefined): string {
  const parts: string[] = [];
  if (f) {
    // The hover's wording, so the editor and the CLI describe settings alike.
    parts.push(describeSettings(ds, f));
    if (f.settings.conflicts) parts.push(`conflicts: ${f.settings.conflicts}`);
  } else {
    parts.push(ds.replication?.value ?? 'replication unknown', 'N, R or W unusable');
  }
  if (ds.placement?.regions.length) parts.push(ds.placement.regions.map((p) => `${p.name} ${p.count.value}`).join(', '));
  return parts.join(' · ');
}

function describeSplit(split: RegionSplit): { description: string; sides: [string, string] } {
  const side = (s: RegionSplit['sides'][number]) => {
    return `${s.regions.join(' + ')} (${s.replicas}): ${sideAbilities(s)}`;
  };
  return { description: `${split.sides[0].regions.join(' + ')} ‖ ${split.sides[1].regions.join(' + ')}`, sides: [side(split.sides[0]), side(split.sides[1])] };
}

function summarizeComponent(c: Component, datastores: readonly Datastore[], facts: ReadonlyMap<string, DatastoreFacts | undefined>, findings: readonly Finding[]): ComponentSummary {
  const inside = findings.filter((x) => within(x, c.span));
  const used = new Set<Finding>();
  const rows = c.uses.map((use) => {
    const f = facts.get(use.datastore);
    const known = datastores.some((d) => d.name === use.datastore);
    const fired = inside.filter((x) => within(x, use.span));
    fired.forEach((x) => used.add(x));
    const needs: Consistency | undefined = use.needs?.value;
    const provides = f ? f.consistency : known ? '?' : 'not declared';
    // A need the datastore does not satisfy always has a finding; without facts there is nothing to judge.
    const verdict: Verdict = fired.length ? 'contradicted' : needs && f && satisfies(f.consistency, needs) ? 'holds' : 'derived';
    return { datastore: use.datastore, needs: needs ?? '—', provides, cap: f ? `${f.cap} (${f.pacelc})` : '?', verdict, rules: [...new Set(fired.map((x) => x.rule))] };
  });
  return { name: c.name, component: c, choice: c.choice?.value, why: c.why?.value, rows, other: inside.filter((x) => !used.has(x) && listed(x)) };
}

export const VERDICT_MARK: Record<Verdict, string> = { holds: '✓', contradicted: '✗', derived: '' };
