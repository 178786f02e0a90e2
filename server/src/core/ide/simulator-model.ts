// The simulator's model of a design: what the simulator needs of each datastore (from its one analysis, the same
// result the diagnostics use) and where things stand in the document. The language server builds it on request
// (`capLens/simulatorModel`); the extension forwards it to the webview, which validates it on arrival.

import { pbsInputs } from '../derive/pbs-inputs';
import { CLAIM_KEYS } from '../derive/verdicts';
import { analyzeFull, type AnalysisResult } from '../analysis/analyze';
import type { Claims, Datastore, Span } from '../model/design';
import type { Distribution } from '../semantics/latency';
import { describeConsistency } from '../derive/verdicts';
import { CONSISTENCY_MODELS } from '../semantics/consistency';
import { systemFromDesign } from '../simulation/from-design';
import { CRDT_TYPES, SIBLING_MERGES } from '../simulation/types';
import { LineIndex } from '../text/lines';
import { setOwn } from '../text/own';
import {
  array,
  boolean,
  integer,
  json,
  literal,
  number,
  object,
  optional,
  record,
  string,
  type Check,
  type Infer,
  type Shape,
} from './shape';

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
  if (typeof kind !== 'string' || !Object.hasOwn(DISTRIBUTION_SHAPES, kind)) return `${p}.kind: not a distribution`;
  return object(DISTRIBUTION_SHAPES[kind as Distribution['kind']])(v, p);
};

const legs = object({
  write: optional(distribution),
  ack: optional(distribution),
  read: optional(distribution),
  response: optional(distribution),
});

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

/** An engine's documented clock, with the setting that changes it and where the engine says so. */
const engineTimer = object({ ms: number, setting: string, source: string });
export const timersModel = object({
  election: optional(engineTimer),
  heartbeat: optional(engineTimer),
  stepDown: optional(engineTimer),
  hintedHandoff: optional(object({ every: engineTimer, window: optional(engineTimer) })),
  antiEntropy: optional(engineTimer),
});
export type TimersModel = Infer<typeof timersModel>;

const latencyInput: Check<unknown> = (v, p) => {
  if (v === undefined || typeof v === 'string') return undefined;
  return object({ preset: optional(string), legs: optional(legs) })(v, p);
};

/** A datastore as the simulator runs it (`SimStore`): what the CLI runs for the same design, built by the same bridge. */
export const simStoreModel = object({
  name: string,
  family: literal('leaderless', 'leader', 'consensus'),
  n: integer,
  r: optional(integer),
  w: optional(integer),
  readFrom: optional(literal('leader', 'followers')),
  placement: optional(array(object({ region: string, count: integer }), 1000)),
  latency: latencyInput as Check<string | { preset?: string; legs?: Infer<typeof legs> } | undefined>,
  readRepair: optional(boolean),
  conflicts: optional(literal('last-write-wins', 'vector-clocks', 'crdt', 'none')),
  merge: optional(literal(...SIBLING_MERGES)),
  datatype: optional(literal(...CRDT_TYPES)),
  antiEntropy: optional(number),
  hintedHandoff: optional(object({ every: number, window: optional(number) })),
  timers: optional(
    object({ heartbeat: optional(number), election: optional(number), failover: optional(number), stepDown: optional(number) }),
  ),
});

/** Lists that grow with the design (datastores, components): as many as the largest design the editor checks holds. */
const MAX_ENTRIES = 100_000;

/** The whole system the simulator runs for this design: its datastores, its components as clients, its regions. */
export const simSystemModel = object({
  stores: array(simStoreModel, MAX_ENTRIES),
  components: array(
    object({
      name: string,
      uses: array(string, MAX_ENTRIES),
      needs: optional(record(literal(...CONSISTENCY_MODELS), MAX_ENTRIES)),
      regions: optional(array(string, 1000)),
    }),
    MAX_ENTRIES,
  ),
  regions: array(string, 1000),
});

export const componentModel = object({
  name: string,
  range: sourceRange,
  choice: optional(literal('CP', 'AP', 'CA')),
  /** Regions its clients stand in; absent: every region. */
  regions: optional(array(string, 1000)),
  uses: array(object({ datastore: string, needs: optional(string) }), MAX_ENTRIES),
});
export type ComponentModel = Infer<typeof componentModel>;

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
    /** What the staleness tab charts (derive/pbs-inputs.ts): the store's own reads, a follower what-if, or nothing. */
    pbs: object({
      kind: literal('actual', 'what-if', 'none'),
      pool: optional(integer),
      r: optional(integer),
      w: optional(integer),
      reason: optional(string),
    }),
    minorityRefusesWrites: boolean,
    losesAcknowledgedWrites: boolean,
    writesNeed: string,
    readsNeed: string,
  }),
  claims: array(claimModel, 16),
  /** Components that use this datastore, and the consistency they need from it. */
  usedBy: array(object({ component: string, needs: optional(string), range: sourceRange }), MAX_ENTRIES),
  /** The engine, when one is named. */
  engine: optional(string),
  /** The engine's election, failover and repair clocks that the simulator runs (engines that document them). */
  timers: optional(timersModel),
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
  /** Every datastore that can be simulated, in document order: the panel's selector. */
  names: array(string, MAX_ENTRIES),
  /**
   * The datastores described in full: every one, or in a focused model (what the language server sends) only the
   * one the panel shows, so a design of thousands costs the panel one datastore per update.
   */
  datastores: array(datastoreModel, MAX_ENTRIES),
  /** Datastores that cannot be simulated yet (no replica count, quorum out of range...), with why. */
  skipped: array(object({ name: string, reason: string }), MAX_ENTRIES),
  /** Shown above the drawing, e.g. when the YAML is broken and the model is the last good one. */
  notice: optional(string),
  /** The components that use the datastores in `datastores`. */
  components: optional(array(componentModel, MAX_ENTRIES)),
  /**
   * What the simulator runs: the same system `cap-lens simulate` builds from the same analysis. A focused model
   * of a design without scenarios holds only the shown datastore and the components that use it (all a run of
   * it needs); with scenarios, the whole system, which the Scenarios tab runs.
   */
  simulation: optional(simSystemModel),
  /** The design's `scenarios:` as written (plain data, validated by the simulator against `system`). */
  scenarios: optional(json),
  /** The 1-based line of each written path inside `scenarios:` (`0/expect/2/stale_reads`), for "line N" links. */
  scenarioLines: optional(record(integer, 100_000)),
});
export type SimulatorModel = Infer<typeof simulatorModel>;

/** What "go to" points at, by identity rather than offsets, so it still works after the document changed. */
export const revealTarget = object({
  /** A path inside `scenarios:` (`0/expect/2`), which takes precedence over the rest. */
  scenarioPath: optional(string),
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

/**
 * The model of a design, from its analysis (the one the diagnostics were computed from). With `focus` (a
 * datastore's name, or null for the first), a focused model: `datastores` holds that one datastore (the first
 * when it cannot be simulated or is gone) and `names` all of them; without, every datastore in full.
 */
export function buildSimulatorModel(
  text: string,
  source: ModelSource,
  analysis: AnalysisResult = analyzeFull(text),
  focus?: string | null,
): SimulatorModel {
  const lines = new LineIndex(text);
  const { design, analyses } = analysis;
  const datastores: DatastoreModel[] = [];
  const skipped: SimulatorModel['skipped'] = [];
  const seen = new Set<string>();
  const names: string[] = [];
  for (const ds of design.datastores) {
    if (seen.has(ds.name)) continue;
    seen.add(ds.name);
    const a = analyses.get(ds.name);
    if (a?.ds === ds && a.facts) names.push(ds.name);
    else
      skipped.push({
        name: ds.name,
        reason: ds.replicas === undefined ? 'no replica count' : 'its settings are out of range (see Problems)',
      });
  }
  const shown =
    focus === undefined ? new Set(names) : new Set(names.includes(focus ?? '') ? [focus as string] : names.slice(0, 1));
  seen.clear();
  // Each store's uses, gathered once: looking them up per store costs stores × components.
  const usedBy = new Map<string, DatastoreModel['usedBy']>();
  for (const c of design.components) {
    for (const u of c.uses) {
      if (!shown.has(u.datastore)) continue;
      const list = usedBy.get(u.datastore) ?? [];
      list.push({ component: c.name, needs: u.needs?.value, range: rangeOf(lines, u.span) });
      usedBy.set(u.datastore, list);
    }
  }
  for (const ds of design.datastores) {
    if (seen.has(ds.name) || !shown.has(ds.name)) continue; // a duplicate key is reported by the diagnostics; simulate the first
    seen.add(ds.name);
    const a = analyses.get(ds.name);
    const f = a?.ds === ds ? a.facts : undefined;
    if (!f) continue;
    const s = f.model;
    datastores.push({
      name: ds.name,
      range: rangeOf(lines, ds.nameSpan),
      family: s.family,
      n: s.n,
      r: s.r,
      w: s.w,
      readFrom: s.readFrom,
      conflicts: s.conflicts,
      readRepair: readRepairOf(ds),
      placement: (ds.placement?.regions ?? [])
        .filter((p) => p.count.value > 0)
        .map((p) => ({ region: p.name, count: p.count.value })),
      latency: latencyOf(ds),
      latencyLabel: latencyLabel(ds),
      derived: {
        consistency: describeConsistency(s.consistency),
        consistencyReason: s.consistency.reason,
        cap: f.cap,
        pacelc: f.pacelc,
        staleReadProbability:
          f.staleRead.probability !== undefined && Number.isFinite(f.staleRead.probability) ? f.staleRead.probability : undefined,
        staleReadSummary: f.staleRead.summary,
        pbs: pbsInputs(f),
        minorityRefusesWrites: !f.writesOnBothSides,
        losesAcknowledgedWrites: s.writeLoss !== undefined,
        writesNeed: s.write.needs,
        readsNeed: s.read.needs,
      },
      claims: claimsOf(ds, lines),
      usedBy: usedBy.get(ds.name) ?? [],
      engine: ds.engine?.value,
      timers: s.timers,
    });
  }
  // Only datastores the panel can show: a skipped one (no replica count...) is not simulated either. A focused
  // model without scenarios needs only the shown datastore's run: its store and the components using it.
  const whole = design.scenarios !== undefined || focus === undefined;
  const simulated = whole ? new Set(names) : shown;
  const full = systemFromDesign(design, analyses, whole ? undefined : shown);
  const system = {
    ...full,
    stores: full.stores.filter((st) => simulated.has(st.name)),
    components: full.components.map((c) => ({ ...c, uses: c.uses.filter((u) => simulated.has(u)) })),
  };
  const scenarioLines: Record<string, number> = {};
  for (const span of design.scenarioSpans ?? [])
    if (span.path.split('/').length <= 4) setOwn(scenarioLines, span.path, rangeOf(lines, span.keySpan ?? span.span).line);
  return {
    uri: source.uri,
    fileName: source.fileName,
    version: source.version,
    system: design.system?.value,
    regions: design.regions.map((r) => r.name),
    names,
    datastores,
    skipped,
    components: design.components
      .filter((c) => focus === undefined || c.uses.some((u) => shown.has(u.datastore)))
      .map((c) => ({
        name: c.name,
        range: rangeOf(lines, c.nameSpan),
        choice: c.choice?.value,
        regions: c.regions?.names.map((r) => r.name),
        uses: c.uses.map((u) => ({ datastore: u.datastore, needs: u.needs?.value })),
      })),
    // systemFromDesign writes latency as {preset, legs}, the one form of LatencyInput the model allows.
    simulation: system as SimulatorModel['simulation'],
    scenarios: design.scenarios ? JSON.parse(JSON.stringify(design.scenarios.value ?? null)) : undefined,
    scenarioLines,
  };
}

/** As the simulation core's own design bridge reads it (`settings.read_repair`). */
function readRepairOf(ds: Datastore): boolean | undefined {
  const value = ds.settings && Object.hasOwn(ds.settings.value, 'read_repair') ? ds.settings.value.read_repair.value : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

/** A span with the 1-based line it starts on. */
function rangeOf(lines: LineIndex, span: Span): SourceRange {
  return { start: span.start, end: span.end, line: lines.line(span.start) };
}

function claimsOf(ds: Datastore, lines: LineIndex): ClaimModel[] {
  const out: ClaimModel[] = [];
  for (const { field, key } of CLAIM_FIELDS) {
    const located = ds.claims?.[field];
    if (!located || !('value' in located)) continue;
    const value = Array.isArray(located.value)
      ? located.value.map((r: { name: string }) => r.name).join(', ')
      : String(located.value);
    out.push({ key, value, range: rangeOf(lines, { start: located.keySpan.start, end: located.span.end }) });
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
  if (target.scenarioPath !== undefined) {
    // The written path itself, or its nearest written ancestor (a check's key inside a flow map has no span of its own).
    const spans = new Map((analysis.design.scenarioSpans ?? []).map((sp) => [sp.path, sp]));
    const parts = target.scenarioPath.split('/');
    for (let i = parts.length; i > 0; i--) {
      const sp = spans.get(parts.slice(0, i).join('/'));
      if (sp) return i === parts.length && sp.keySpan ? { start: sp.keySpan.start, end: sp.span.end } : sp.span;
    }
    return undefined;
  }
  if (target.component !== undefined) {
    const use = analysis.design.components
      .find((c) => c.name === target.component)
      ?.uses.find((u) => u.datastore === target.datastore);
    return use?.span;
  }
  const ds = analysis.design.datastores.find((d) => d.name === target.datastore);
  if (!ds) return undefined;
  if (target.claim === undefined) return ds.nameSpan;
  const field = CLAIM_FIELDS.find((c) => c.key === target.claim)?.field;
  const located = field ? ds.claims?.[field] : undefined;
  return located ? { start: located.keySpan.start, end: located.span.end } : undefined;
}
