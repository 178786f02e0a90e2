// Figures from a history: availability (overall, per side of a partition, per client and region), stale reads,
// latency percentiles and lost acknowledged writes. Works on any history, simulated or parsed from Jepsen.

import type { ReplicationFamily } from '../model/design';
import type { Counts, Operation, Percentiles, RegisterValue, SimReport, Side, StoreReport } from './types';

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
  for (const op of history) {
    let byKey = groups.get(op.store);
    if (!byKey) groups.set(op.store, (byKey = new Map()));
    let list = byKey.get(op.key);
    if (!list) byKey.set(op.key, (list = []));
    list.push(op);
  }
  const stale: number[] = [];
  for (const ops of [...groups.values()].flatMap((m) => [...m.values()])) {
    const writerOf = new Map<RegisterValue, Operation>();
    const acked: Operation[] = [];
    for (const op of ops) {
      if (op.f === 'read' || op.outcome === 'fail') continue;
      const v = writtenValue(op);
      if (v !== undefined && !writerOf.has(v)) writerOf.set(v, op);
      if (op.outcome === 'ok') acked.push(op);
    }
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
  if (op.f === 'cas' && Array.isArray(op.value)) return op.value[1];
  return undefined;
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
  stores: { name: string; family: ReplicationFamily; durable?: Set<number> }[];
  seed: number;
  endTime: number;
  events: number;
  messages: { sent: number; delivered: number; dropped: number };
}

export function buildReport(input: ReportInput): SimReport {
  const staleIds = new Set(findStaleReads(input.history));
  const stores = input.stores.map((s) => storeReport(s, input.history.filter((op) => op.store === s.name), staleIds));
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
  const lost: number[] = [];
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
      if (!isRead && store.durable && !store.durable.has(op.id)) lost.push(op.id);
    }
  }
  return {
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
    lostWriteIds: lost,
  };
}
