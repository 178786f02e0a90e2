// The simulator's model of a design: what the simulator needs of each datastore (from its one analysis, the same
// result the diagnostics use) and where things stand in the document. The language server builds it on request
// (`capLens/simulatorModel`); the extension forwards it to the webview, which validates it on arrival.

import { CLAIM_KEYS } from '../derive/verdicts';
import { analyzeFull, type AnalysisResult } from '../analysis/analyze';
import type { Claims, Datastore, Span } from '../model/design';
import type { Distribution } from '../semantics/latency';
import { describeConsistency } from '../derive/verdicts';
import { array, boolean, integer, literal, number, object, optional, string, type Check, type Infer, type Shape } from './shape';

// The latency distributions of the design language (recursive, so written by hand).

const DISTRIBUTION_SHAPES: Record<Distribution['kind'], Shape> = {
  constant: { kind: string, value: number },
  exponential: { kind: string, mean: number },
  pareto: { kind: string, xm: number, alpha: number },
  normal: { kind: string, mean: number, sd: number },
  uniform: { kind: string, lo: number, hi: number },
  mix: { kind: string, parts: (v, p) => array(object({ weight: number, dist: distribution }), 64)(v, p) },
  sum: { kind: string, terms: (v, p) => array(distribution, 64)(v, p) },
};

export const distribution: Check<Distribution> = (v, p) => {
  const kind = (v as { kind?: unknown } | null)?.kind;
  if (typeof kind !== 'string' || !Object.prototype.hasOwnProperty.call(DISTRIBUTION_SHAPES, kind)) return `${p}.kind: not a distribution`;
  return object(DISTRIBUTION_SHAPES[kind as Distribution['kind']])(v, p);
};

const legs = object({ write: optional(distribution), ack: optional(distribution), read: optional(distribution), response: optional(distribution) });

// The model: what the simulator needs of one design, and where things stand in it.

/** Character offsets [start, end) into the document, with the 1-based line of `start` for display. */
export const sourceRange = object({ start: integer, end: integer, line: integer });
export type SourceRange = Infer<typeof sourceRange>;

export { CLAIM_KEYS };
export const claimModel = object({
  /** The key as written in the design. */
  key: literal(...CLAIM_KEYS),
  value: string,
  /** From the key to the end of the value: what "go to the claim" selects. */
  range: sourceRange,
});
export type ClaimModel = Infer<typeof claimModel>;

export const datastoreModel = object({
  name: string,
  range: sourceRange,
  family: literal('leaderless', 'leader', 'consensus'),
  n: integer,
  r: integer,
  w: integer,
  readFrom: literal('leader', 'followers'),
  conflicts: optional(literal('last-write-wins', 'vector-clocks', 'crdt', 'none')),
  /** Leaderless: repair stale replicas after a read (an engine setting, `read_repair`). */
  readRepair: optional(boolean),
  /** Replicas per region, in the order written; empty when the design does not say. */
  placement: array(object({ region: string, count: integer }), 1000),
  /** As written: a preset, legs, or both; absent means the default preset. */
  latency: optional(object({ preset: optional(string), legs: optional(legs) })),
  /** One line saying which latency model applies, e.g. "wan (preset)". */
  latencyLabel: string,
  /** What the analysis derives from the settings (the same core as the diagnostics). */
  derived: object({
    consistency: string,
    consistencyReason: string,
    cap: literal('CP', 'AP', 'CA', 'neither'),
    pacelc: string,
    /** A single figure when one applies (uniform pick or fresh reads). */
    staleReadProbability: optional(number),
    /** The staleness sentence every surface prints. */
    staleReadSummary: string,
    minorityRefusesWrites: boolean,
    losesAcknowledgedWrites: boolean,
    writesNeed: string,
    readsNeed: string,
  }),
  claims: array(claimModel, 16),
  /** Components that use this datastore, and the consistency they need from it. */
  usedBy: array(object({ component: string, needs: optional(string), range: sourceRange }), 1000),
});
export type DatastoreModel = Infer<typeof datastoreModel>;

export const simulatorModel = object({
  /** The document's URI (string) and version the model was computed from. */
  uri: string,
  fileName: string,
  version: integer,
  system: optional(string),
  /** Declared region names, in order: the layout follows them. */
  regions: array(string, 1000),
  datastores: array(datastoreModel, 1000),
  /** Datastores that cannot be simulated yet (no replica count, quorum out of range...), with why. */
  skipped: array(object({ name: string, reason: string }), 1000),
  /** Shown above the drawing, e.g. when the YAML is broken and the model is the last good one. */
  notice: optional(string),
});
export type SimulatorModel = Infer<typeof simulatorModel>;

/** What "go to" points at, by identity rather than offsets, so it still works after the document changed. */
export const revealTarget = object({
  datastore: string,
  /** A claim of the datastore; absent: the datastore itself. */
  claim: optional(literal(...CLAIM_KEYS)),
  /** A component's use of the datastore (takes precedence over `claim`). */
  component: optional(string),
});
export type RevealTarget = Infer<typeof revealTarget>;

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
  { field: 'survivesRegionLoss', key: 'survives_region_loss' },
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

/** The model of a design, from its analysis (the one the diagnostics were computed from). */
export function buildSimulatorModel(text: string, source: ModelSource, analysis: AnalysisResult = analyzeFull(text)): SimulatorModel {
  const lines = new Lines(text);
  const { design, analyses } = analysis;
  const datastores: DatastoreModel[] = [];
  const skipped: SimulatorModel['skipped'] = [];
  const seen = new Set<string>();
  for (const ds of design.datastores) {
    if (seen.has(ds.name)) continue; // a duplicate key is reported by the diagnostics; simulate the first
    seen.add(ds.name);
    const a = analyses.get(ds.name);
    const f = a?.ds === ds ? a.facts : undefined;
    if (!f) {
      skipped.push({ name: ds.name, reason: ds.replicas === undefined ? 'no replica count' : 'its settings are out of range (see Problems)' });
      continue;
    }
    const s = f.model;
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
        consistency: describeConsistency(s.consistency),
        consistencyReason: s.consistency.reason,
        cap: f.cap,
        pacelc: f.pacelc,
        staleReadProbability: f.staleRead.probability !== undefined && Number.isFinite(f.staleRead.probability) ? f.staleRead.probability : undefined,
        staleReadSummary: f.staleRead.summary,
        minorityRefusesWrites: !f.writesOnBothSides,
        losesAcknowledgedWrites: s.writeLoss !== undefined,
        writesNeed: s.write.needs,
        readsNeed: s.read.needs,
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
  const value = ds.settings && Object.hasOwn(ds.settings.value, 'read_repair') ? ds.settings.value.read_repair.value : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

function claimsOf(ds: Datastore, lines: Lines): ClaimModel[] {
  const out: ClaimModel[] = [];
  for (const { field, key } of CLAIM_FIELDS) {
    const located = ds.claims?.[field];
    if (!located || !('value' in located)) continue;
    const value = Array.isArray(located.value) ? located.value.map((r: { name: string }) => r.name).join(', ') : String(located.value);
    out.push({ key, value, range: lines.range({ start: located.keySpan.start, end: located.span.end }) });
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
export function findRevealRange(target: RevealTarget, analysis: AnalysisResult): Span | undefined {
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
