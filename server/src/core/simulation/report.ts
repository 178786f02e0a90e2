// Figures from a history: availability (overall, per side of a partition, per client, region and design
// component), stale reads, session-guarantee violations, latency percentiles, lost acknowledged writes, and what
// the protocols tell about conflicts, convergence and leadership. Works on any history, simulated or parsed from
// Jepsen (the protocol figures then are absent).

import type { ReplicationFamily } from '../model/design';
import type {
  ComponentReport,
  ComponentStoreFigures,
  ConflictRecord,
  ConvergenceEpisode,
  Counts,
  Leadership,
  LostWrite,
  Operation,
  Percentiles,
  RegisterValue,
  SimReport,
  Side,
  StoreReport,
  TimelineEvent,
} from './types';

/**
 * Ids of ok reads that are certainly stale: the read returned the value of write v (or nil) although some
 * write w completed before the read began and w began after v completed. Then w follows v in every
 * linearization and precedes the read, so the read "missed an acknowledged write completed before it was
 * invoked". Concurrent writes are given the benefit of the doubt, which keeps the figure free of false
 * positives without knowing how the store orders versions. Groups by store and key.
 */
export function findStaleReads(history: readonly Operation[]): number[] {
  // Two-level grouping (store, then key) avoids building a string key per operation.
  const groups = new Map<string | undefined, Map<number | undefined, Operation[]>>();
  const typed: Operation[] = [];
  for (const op of history) {
    if (op.datatype !== undefined) {
      typed.push(op);
      continue;
    }
    let byKey = groups.get(op.store);
    if (!byKey) groups.set(op.store, (byKey = new Map()));
    let list = byKey.get(op.key);
    if (!list) byKey.set(op.key, (list = []));
    list.push(op);
  }
  const stale: number[] = typed.length > 0 ? findStaleTypedReads(typed) : [];
  for (const ops of [...groups.values()].flatMap((m) => [...m.values()])) {
    const writerOf = writersOf(ops);
    const acked: Operation[] = [];
    for (const op of ops) if (op.f !== 'read' && op.outcome === 'ok') acked.push(op);
    acked.sort((a, b) => a.complete - b.complete);
    const completes = Float64Array.from(acked, (w) => w.complete);
    // Latest invocation among writes completed so far: enough to decide whether any of them followed v.
    const maxInvoke = new Float64Array(acked.length);
    let m = -Infinity;
    acked.forEach((w, i) => (maxInvoke[i] = m = Math.max(m, w.invoke)));
    for (const r of ops) {
      if (r.f !== 'read' || r.outcome !== 'ok') continue;
      const count = lowerBound(completes, r.invoke); // writes with complete < r.invoke
      if (count === 0) continue;
      const v = r.value as RegisterValue;
      let vComplete: number;
      if (v === null) vComplete = -Infinity;
      else {
        const writer = writerOf.get(v);
        if (!writer) continue; // a value nobody wrote: not a staleness question
        vComplete = writer.outcome === 'ok' ? writer.complete : Infinity;
      }
      if (maxInvoke[count - 1] > vComplete) stale.push(r.id);
    }
  }
  return stale;
}

function writtenValue(op: Operation): RegisterValue | undefined {
  if (op.f === 'write') return op.value as RegisterValue;
  if (op.f === 'cas' && Array.isArray(op.value)) return op.value[1] as RegisterValue;
  return undefined;
}

/**
 * The write a read of value v names. When several writes wrote v, the one completing last (unknown outcomes
 * count as never completing): the reading that gives the read the most benefit of the doubt.
 */
function writersOf(ops: readonly Operation[]): Map<RegisterValue, Operation> {
  const writerOf = new Map<RegisterValue, Operation>();
  const end = (op: Operation) => (op.outcome === 'ok' ? op.complete : Infinity);
  for (const op of ops) {
    if (op.f === 'read' || op.outcome === 'fail') continue;
    const v = writtenValue(op);
    if (v === undefined) continue;
    const prev = writerOf.get(v);
    if (!prev || end(op) > end(prev)) writerOf.set(v, op);
  }
  return writerOf;
}

/**
 * Stale reads of counters and sets: a set read that lacks an element whose add was acknowledged before the read
 * began (and that no remove invoked before the read ended could explain), or a counter read below the sum of the
 * increments acknowledged before it began (increments are positive, so that much is certain).
 */
function findStaleTypedReads(ops: readonly Operation[]): number[] {
  const groups = new Map<string, Operation[]>();
  for (const op of ops) {
    const g = `${op.store ?? ''}\u0000${op.key ?? ''}`;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(op);
  }
  const stale: number[] = [];
  for (const list of groups.values()) {
    const adds = list.filter((o) => o.f === 'add' && o.outcome === 'ok').sort((a, b) => a.complete - b.complete);
    const completes = Float64Array.from(adds, (a) => a.complete);
    const removes = list.filter((o) => o.f === 'remove' && o.outcome !== 'fail');
    // Counter: prefix sums of increments by completion. Set: each element's earliest acknowledged add, and how
    // many distinct elements were acknowledged by each point.
    const sums = new Float64Array(adds.length + 1);
    const firstAcked = new Map<number, number>();
    const distinct = new Int32Array(adds.length + 1);
    adds.forEach((a, i) => {
      sums[i + 1] = sums[i] + (a.value as number);
      const e = a.value as number;
      distinct[i + 1] = distinct[i] + (firstAcked.has(e) ? 0 : 1);
      if (!firstAcked.has(e)) firstAcked.set(e, a.complete);
    });
    for (const r of list) {
      if (r.f !== 'read' || r.outcome !== 'ok') continue;
      const count = lowerBound(completes, r.invoke); // adds acknowledged before the read began
      if (r.datatype === 'counter') {
        if ((r.value as number) < sums[count]) stale.push(r.id);
        continue;
      }
      const elements = r.value as readonly number[];
      if (removes.length === 0) {
        // Without removes: every element acknowledged before the read must be in it; count those that are.
        let present = 0;
        for (const e of elements) {
          const t = firstAcked.get(e);
          if (t !== undefined && t < r.invoke) present++;
        }
        if (present < distinct[count]) stale.push(r.id);
        continue;
      }
      const seen = new Set(elements);
      const missing = adds
        .slice(0, count)
        .some((a) => !seen.has(a.value as number) && !removes.some((x) => x.value === a.value && x.invoke < r.complete));
      if (missing) stale.push(r.id);
    }
  }
  return stale;
}

/**
 * Per client, reads that broke a session guarantee: read-your-writes (the read returned a value older than the
 * client's own write acknowledged before the read began) and monotonic reads (older than a value the client read
 * before). "Older" is certain: the value's write completed before the other began. Registers only.
 */
export function findSessionViolations(history: readonly Operation[]): {
  readYourWrites: Set<number>;
  monotonicReads: Set<number>;
} {
  const readYourWrites = new Set<number>();
  const monotonicReads = new Set<number>();
  const groups = new Map<string, Operation[]>();
  for (const op of history) {
    if (op.datatype !== undefined) continue;
    const g = `${op.store ?? ''}\u0000${op.key ?? ''}`;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(op);
  }
  for (const ops of groups.values()) {
    const writerOf = writersOf(ops);
    const byClient = new Map<string, Operation[]>();
    for (const op of ops) {
      const c = op.client ?? `process ${op.process}`;
      let list = byClient.get(c);
      if (!list) byClient.set(c, (list = []));
      list.push(op);
    }
    for (const own of byClient.values()) {
      // Own ops never overlap (one at a time), so invocation order is program order.
      let lastWrite: Operation | undefined;
      let floor = -Infinity;
      for (const op of own) {
        if (op.f !== 'read') {
          if (op.outcome === 'ok' && writtenValue(op) !== undefined) lastWrite = op;
          continue;
        }
        if (op.outcome !== 'ok') continue;
        const values = op.siblings ?? [op.value as RegisterValue];
        const writers = values.map((v) => (v === null ? undefined : writerOf.get(v)));
        // The newest of what the read returned, by when its write completed (nil: before everything).
        const completes = writers.map((w) => (w === undefined ? -Infinity : w.outcome === 'ok' ? w.complete : Infinity));
        const newest = Math.max(...completes);
        if (lastWrite && !values.includes(writtenValue(lastWrite)!) && newest < lastWrite.invoke) readYourWrites.add(op.id);
        if (newest < floor) monotonicReads.add(op.id);
        for (const w of writers) if (w && w.invoke > floor) floor = w.invoke;
      }
    }
  }
  return { readYourWrites, monotonicReads };
}

/** Number of elements < x in a sorted array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: NaN, p99: NaN, count: 0 };
  const xs = Float64Array.from(values).sort();
  const at = (q: number) => xs[Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1))];
  return { p50: at(0.5), p99: at(0.99), count: xs.length };
}

const emptyCounts = (): Counts => ({ total: 0, ok: 0, fail: 0, info: 0 });

function tally(c: Counts, op: Operation): void {
  c.total++;
  c[op.outcome]++;
}

/** A request answered definitively: ok, or a cas refused because the value differed (the store was up). */
function served(op: Operation): boolean {
  return op.outcome === 'ok' || op.error === 'cas-mismatch';
}

export interface ReportInput {
  history: Operation[];
  stores: {
    name: string;
    family: ReplicationFamily;
    /** Acknowledged writes the store discarded (from the protocol); absent for parsed histories. */
    lost?: LostWrite[];
    conflicts?: ConflictRecord[];
    convergence?: ConvergenceEpisode[];
    leadership?: Leadership;
    final?: { node: string; value: RegisterValue | number[] }[];
  }[];
  /** The simulation's clients, with the component each stands for. */
  clients?: { name: string; component?: string; region: string }[];
  timeline?: TimelineEvent[];
  seed: number;
  endTime: number;
  events: number;
  messages: { sent: number; delivered: number; dropped: number };
}

export function buildReport(input: ReportInput): SimReport {
  const staleIds = new Set(findStaleReads(input.history));
  const stores = input.stores.map((s) =>
    storeReport(
      s,
      input.history.filter((op) => op.store === s.name),
      staleIds,
    ),
  );
  const timeline = [...(input.timeline ?? [])];
  for (const s of input.stores)
    for (const e of s.convergence ?? [])
      if (e.converged !== undefined) timeline.push({ at: e.converged, kind: 'converged', store: s.name, healed: e.healed });
  timeline.sort((a, b) => a.at - b.at);
  const all = emptyCounts();
  let servedCount = 0;
  for (const op of input.history) {
    tally(all, op);
    if (served(op)) servedCount++;
  }
  const okReads = input.history.filter((op) => op.f === 'read' && op.outcome === 'ok').length;
  return {
    seed: input.seed,
    endTime: input.endTime,
    operations: all,
    availability: all.total > 0 ? servedCount / all.total : 1,
    staleReads: staleIds.size,
    staleReadRate: okReads > 0 ? staleIds.size / okReads : 0,
    lostWrites: stores.reduce((s, r) => s + r.lostWrites, 0),
    latency: percentiles(input.history.filter((op) => op.outcome === 'ok').map((op) => op.complete - op.invoke)),
    stores,
    components: componentReports(input, staleIds),
    timeline,
    events: input.events,
    messages: input.messages,
  };
}

function storeReport(store: ReportInput['stores'][number], ops: Operation[], staleIds: Set<number>): StoreReport {
  const operations = emptyCounts();
  const reads = emptyCounts();
  const writes = emptyCounts();
  const bySide: StoreReport['bySide'] = {
    none: { reads: emptyCounts(), writes: emptyCounts() },
    majority: { reads: emptyCounts(), writes: emptyCounts() },
    minority: { reads: emptyCounts(), writes: emptyCounts() },
  };
  const byClient: Record<string, Counts> = {};
  const byRegion: Record<string, Counts> = {};
  let servedCount = 0;
  let stale = 0;
  const latAll: number[] = [];
  const latReads: number[] = [];
  const latWrites: number[] = [];
  let siblingReads = 0;
  for (const op of ops) {
    const isRead = op.f === 'read';
    tally(operations, op);
    tally(isRead ? reads : writes, op);
    const side: Side = op.side ?? 'none';
    tally(isRead ? bySide[side].reads : bySide[side].writes, op);
    if (op.client !== undefined) tally((byClient[op.client] ??= emptyCounts()), op);
    if (op.region !== undefined) tally((byRegion[op.region] ??= emptyCounts()), op);
    if (served(op)) servedCount++;
    if (staleIds.has(op.id)) stale++;
    if (op.outcome === 'ok') {
      const l = op.complete - op.invoke;
      latAll.push(l);
      (isRead ? latReads : latWrites).push(l);
      if (op.siblings) siblingReads++;
    }
  }
  const lost = store.lost ?? [];
  const report: StoreReport = {
    store: store.name,
    family: store.family,
    operations,
    reads,
    writes,
    availability: operations.total > 0 ? servedCount / operations.total : 1,
    bySide,
    byClient,
    byRegion,
    staleReads: stale,
    staleReadRate: reads.ok > 0 ? stale / reads.ok : 0,
    latency: { all: percentiles(latAll), reads: percentiles(latReads), writes: percentiles(latWrites) },
    lostWrites: lost.length,
    lostWriteIds: lost.map((l) => l.id),
    lost,
    final: store.final ?? [],
  };
  if (store.family === 'leaderless' && store.conflicts) {
    report.conflicts = store.conflicts;
    report.siblingReads = siblingReads;
  }
  if (store.convergence) report.convergence = store.convergence;
  if (store.leadership) report.leadership = store.leadership;
  return report;
}

/** Each design component's own requests, per datastore it used, in the order clients were declared. */
function componentReports(input: ReportInput, staleIds: Set<number>): ComponentReport[] {
  const clients = (input.clients ?? []).filter((c) => c.component !== undefined);
  if (clients.length === 0) return [];
  const session = findSessionViolations(input.history);
  const out = new Map<
    string,
    { regions: string[]; stores: Map<string, ComponentStoreFigures & { served: number; okReads: number }> }
  >();
  for (const c of clients) {
    let entry = out.get(c.component!);
    if (!entry) out.set(c.component!, (entry = { regions: [], stores: new Map() }));
    if (!entry.regions.includes(c.region)) entry.regions.push(c.region);
  }
  const order = input.stores.map((s) => s.name);
  for (const op of input.history) {
    const entry = op.component !== undefined ? out.get(op.component) : undefined;
    if (!entry || op.store === undefined) continue;
    let f = entry.stores.get(op.store);
    if (!f) {
      f = {
        store: op.store,
        reads: emptyCounts(),
        writes: emptyCounts(),
        availability: 1,
        staleReads: 0,
        staleReadRate: 0,
        readYourWritesViolations: 0,
        monotonicReadViolations: 0,
        served: 0,
        okReads: 0,
      };
      entry.stores.set(op.store, f);
    }
    const isRead = op.f === 'read';
    tally(isRead ? f.reads : f.writes, op);
    if (served(op)) f.served++;
    if (isRead && op.outcome === 'ok') f.okReads++;
    if (staleIds.has(op.id)) f.staleReads++;
    if (session.readYourWrites.has(op.id)) f.readYourWritesViolations++;
    if (session.monotonicReads.has(op.id)) f.monotonicReadViolations++;
  }
  return [...out].map(([component, { regions, stores }]) => ({
    component,
    regions,
    stores: [...stores.values()]
      .sort((a, b) => order.indexOf(a.store) - order.indexOf(b.store))
      .map(({ served: n, okReads, ...f }) => {
        const total = f.reads.total + f.writes.total;
        return { ...f, availability: total > 0 ? n / total : 1, staleReadRate: okReads > 0 ? f.staleReads / okReads : 0 };
      }),
  }));
}
