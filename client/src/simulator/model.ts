// Turns a design's text into the simulator's plain model with the same analysis core as the diagnostics, and
// finds the source range a "go to" request from the webview names. No `vscode` here, so it is unit-tested.

import { analyzeFull, type AnalysisResult } from '../../../server/src/core/analysis/analyze';
import type { Claims, Datastore, Span } from '../../../server/src/core/model/design';
import type { ClaimModel, DatastoreModel, RevealTarget, SimulatorModel, SourceRange } from './protocol';

export interface ModelSource {
  uri: string;
  fileName: string;
  version: number;
}

const CLAIM_FIELDS: { field: keyof Omit<Claims, 'span' | 'keySpan'>; key: ClaimModel['key'] }[] = [
  { field: 'consistency', key: 'consistency' },
  { field: 'cap', key: 'cap' },
  { field: 'pacelc', key: 'pacelc' },
  { field: 'onPartition', key: 'on_partition' },
  { field: 'tolerates', key: 'tolerates' },
  { field: 'lossFree', key: 'loss_free' },
];

/** Offsets to 1-based lines, by binary search over the line starts. */
class Lines {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  range(span: Span): SourceRange {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= span.start) lo = mid;
      else hi = mid - 1;
    }
    return { start: span.start, end: span.end, line: lo + 1 };
  }
}

/** The model of a design; `analysis` can be passed when the caller already has it. */
export function buildSimulatorModel(text: string, source: ModelSource, analysis: AnalysisResult = analyzeFull(text)): SimulatorModel {
  const lines = new Lines(text);
  const { design, facts } = analysis;
  const datastores: DatastoreModel[] = [];
  const skipped: SimulatorModel['skipped'] = [];
  const seen = new Set<string>();
  for (const ds of design.datastores) {
    if (seen.has(ds.name)) continue; // a duplicate key is reported by the diagnostics; simulate the first
    seen.add(ds.name);
    const f = facts.get(ds.name);
    if (!f) {
      skipped.push({ name: ds.name, reason: ds.replicas === undefined ? 'no replica count' : 'its settings are out of range (see Problems)' });
      continue;
    }
    const s = f.settings;
    datastores.push({
      name: ds.name,
      range: lines.range(ds.nameSpan),
      family: s.family,
      n: s.n,
      r: s.r,
      w: s.w,
      readFrom: s.readFrom,
      conflicts: s.conflicts,
      readRepair: readRepairOf(ds),
      placement: (ds.placement?.regions ?? []).filter((p) => p.count.value > 0).map((p) => ({ region: p.name, count: p.count.value })),
      latency: latencyOf(ds),
      latencyLabel: latencyLabel(ds),
      derived: {
        consistency: f.consistency,
        consistencyReason: f.consistencyReason,
        cap: f.cap,
        pacelc: f.pacelc,
        staleReadProbability: Number.isFinite(f.staleReadProbability) ? f.staleReadProbability : 0,
        minorityRefusesWrites: f.minorityRefusesWrites,
        losesAcknowledgedWrites: f.losesAcknowledgedWrites,
      },
      claims: claimsOf(ds, lines),
      usedBy: design.components.flatMap((c) =>
        c.uses.filter((u) => u.datastore === ds.name).map((u) => ({ component: c.name, needs: u.needs?.value, range: lines.range(u.span) })),
      ),
    });
  }
  return {
    uri: source.uri,
    fileName: source.fileName,
    version: source.version,
    system: design.system?.value,
    regions: design.regions.map((r) => r.name),
    datastores,
    skipped,
  };
}

/** As the simulation core's own design bridge reads it (`settings.read_repair`). */
function readRepairOf(ds: Datastore): boolean | undefined {
  const value = ds.settings?.value.read_repair?.value;
  return typeof value === 'boolean' ? value : undefined;
}

function claimsOf(ds: Datastore, lines: Lines): ClaimModel[] {
  const out: ClaimModel[] = [];
  for (const { field, key } of CLAIM_FIELDS) {
    const located = ds.claims?.[field];
    if (located) out.push({ key, value: String(located.value), range: lines.range({ start: located.keySpan.start, end: located.span.end }) });
  }
  return out.sort((a, b) => a.range.start - b.range.start);
}

function latencyOf(ds: Datastore): DatastoreModel['latency'] {
  const spec = ds.latency;
  if (!spec) return undefined;
  const legs: NonNullable<NonNullable<DatastoreModel['latency']>['legs']> = {};
  for (const [leg, located] of Object.entries(spec.legs)) if (located) legs[leg as keyof typeof legs] = located.value;
  return { preset: spec.preset?.value, legs: Object.keys(legs).length > 0 ? legs : undefined };
}

function latencyLabel(ds: Datastore): string {
  const spec = ds.latency;
  if (!spec) return 'lnkd-ssd (default: no latency given)';
  if (spec.preset) return `${spec.preset.value} (preset)`;
  const legs = Object.keys(spec.legs);
  return legs.length > 0 ? `measured legs: ${legs.join(', ')}; others lnkd-ssd` : 'lnkd-ssd (default)';
}

/** Where a reveal request points in the current text, or undefined when that place no longer exists. */
export function findRevealRange(text: string, target: RevealTarget, analysis: AnalysisResult = analyzeFull(text)): Span | undefined {
  if (target.component !== undefined) {
    const use = analysis.design.components.find((c) => c.name === target.component)?.uses.find((u) => u.datastore === target.datastore);
    return use?.span;
  }
  const ds = analysis.design.datastores.find((d) => d.name === target.datastore);
  if (!ds) return undefined;
  if (target.claim === undefined) return ds.nameSpan;
  const field = CLAIM_FIELDS.find((c) => c.key === target.claim)?.field;
  const located = field ? ds.claims?.[field] : undefined;
  return located ? { start: located.keySpan.start, end: located.span.end } : undefined;
}
