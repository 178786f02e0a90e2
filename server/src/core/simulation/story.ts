// What a run tells beyond its rates, in the words the CLI and the panel both print: the concurrent versions a
// leaderless store met and what its conflict resolution made of them (side by side), the stretches without a
// leader, and when replicas converged after a heal.

import type { Operation, RegisterValue, SimResult, StoreReport } from './types';
import { duration } from '../text/format';

export interface ConflictVersion {
  id: number;
  f: Operation['f'];
  value: RegisterValue;
  client?: string;
  component?: string;
  region?: string;
  invoke: number;
  complete: number;
  outcome: Operation['outcome'];
  /** Kept in the end, dropped by the resolution (a lost update when it had been acknowledged), or merged. */
  fate: 'kept' | 'lost' | 'dropped' | 'merged' | 'sibling';
}

export interface ConflictGroup {
  store: string;
  key: number;
  /** When the versions first met on a replica (ms). */
  at: number;
  versions: ConflictVersion[];
  /** What the store's resolution did, in a sentence. */
  outcome: string;
  /** Siblings: the read that returned them and the merge written back. */
  read?: { id: number; client?: string; at: number; siblings: RegisterValue[] };
  merged?: { id: number; value: RegisterValue; outcome: Operation['outcome'] };
  /** A CRDT's merged value at the end (counter sum, set elements). */
  final?: string;
}

const value = (v: RegisterValue | undefined) => (v === null || v === undefined ? 'nil' : String(v));

function version(op: Operation, fate: ConflictVersion['fate']): ConflictVersion {
  return {
    id: op.id,
    f: op.f,
    value: (Array.isArray(op.value) ? op.value[1] : op.value) as RegisterValue,
    client: op.client,
    component: op.component,
    region: op.region,
    invoke: op.invoke,
    complete: op.complete,
    outcome: op.outcome,
    fate,
  };
}

/**
 * The concurrent versions of each leaderless store, grouped as they met: last-write-wins (and `none`) kept one and
 * dropped the rest; vector clocks kept siblings until a read returned them and the client wrote back its merge; a
 * CRDT merged every update. At most `limit` groups per store, earliest first.
 */
export function conflictGroups(result: SimResult, store: string, limit = 20): ConflictGroup[] {
  const report = result.report.stores.find((s) => s.store === store);
  if (report?.family !== 'leaderless') return [];
  const ops = result.history.filter((op) => op.store === store);
  const byId = new Map(ops.map((op) => [op.id, op]));
  const lost = new Set(report.lostWriteIds);
  const groups: ConflictGroup[] = [];
  const datatype = ops.find((op) => op.datatype)?.datatype;
  if (datatype) {
    // A CRDT has no conflicts to resolve: show the updates that ran concurrently and what they merged into.
    // Scripted updates when there are some; else a few made on each side of a partition, the interesting ones.
    const updates = ops.filter((op) => (op.f === 'add' || op.f === 'remove') && op.outcome !== 'fail');
    const shown = updates.some((op) => op.scripted)
      ? updates.filter((op) => op.scripted)
      : [
          ...updates.filter((op) => op.side === 'minority').slice(0, 3),
          ...updates.filter((op) => op.side === 'majority').slice(0, 3),
        ].sort((a, b) => a.invoke - b.invoke);
    if (shown.length < 2) return [];
    const finalValue = report.final[0]?.value;
    const final = Array.isArray(finalValue)
      ? finalValue.length > 8
        ? `{${finalValue.slice(0, 6).join(', ')}, … ${finalValue.length} elements}`
        : `{${finalValue.join(', ')}}`
      : value(finalValue as RegisterValue);
    const outcome =
      datatype === 'counter'
        ? `the counter adds every increment: it ends at ${final}${report.lostWrites === 0 ? ', nothing lost' : ''}`
        : `the set keeps every element added (a remove takes only the adds it saw): it ends as ${final}${report.lostWrites === 0 ? ', nothing lost' : ''}`;
    const scripted = shown.some((op) => op.scripted);
    groups.push({
      store,
      key: shown[0].key ?? 0,
      at: shown[0].invoke,
      versions: shown.map((op) => version(op, 'merged')),
      outcome: scripted ? outcome : `updates on both sides of the partition, merged: ${outcome}`,
      final,
    });
    return groups;
  }
  for (const record of report.conflicts ?? []) {
    if (groups.length >= limit) break;
    const members = record.ids.map((id) => byId.get(id)).filter((op): op is Operation => op !== undefined);
    if (members.length < 2) continue;
    if (record.siblings) {
      const values = members.map((op) => (Array.isArray(op.value) ? op.value[1] : op.value) as RegisterValue);
      const read = ops.find(
        (op) => op.f === 'read' && op.siblings && values.every((v) => op.siblings!.includes(v)) && op.invoke >= record.at,
      );
      const merged = read ? ops.find((op) => op.merges && op.client === read.client && op.invoke >= read.complete) : undefined;
      groups.push({
        store,
        key: record.key,
        at: record.at,
        versions: members.map((op) => version(op, merged ? 'merged' : 'sibling')),
        outcome: read
          ? `kept as siblings; op ${read.id} (${read.client}) read both${merged ? ` and wrote back its merge, ${value(merged.value as RegisterValue)} (op ${merged.id})` : ''}`
          : 'kept as siblings: the next read returns them all',
        read: read ? { id: read.id, client: read.client, at: read.invoke, siblings: read.siblings! } : undefined,
        merged: merged ? { id: merged.id, value: merged.value as RegisterValue, outcome: merged.outcome } : undefined,
      });
      continue;
    }
    const keptOp = record.kept !== undefined ? byId.get(record.kept) : undefined;
    const fates = members.map((op) => version(op, op.id === record.kept ? 'kept' : lost.has(op.id) ? 'lost' : 'dropped'));
    const dropped = fates.filter((v) => v.fate !== 'kept');
    const lostOnes = dropped.filter((v) => v.fate === 'lost');
    groups.push({
      store,
      key: record.key,
      at: record.at,
      versions: fates,
      outcome: keptOp
        ? `kept ${value((Array.isArray(keptOp.value) ? keptOp.value[1] : keptOp.value) as RegisterValue)} (op ${keptOp.id}); ${dropped.map((v) => `${value(v.value)} (op ${v.id})`).join(', ')} dropped${lostOnes.length ? ` — ${lostOnes.length === 1 ? 'an acknowledged write lost' : `${lostOnes.length} acknowledged writes lost`}` : ''}`
        : 'replicas kept different versions',
    });
  }
  return groups;
}

/** "1 election; 1.38 s without a leader (5 s–6.38 s)". */
export function describeLeadership(s: StoreReport): string | undefined {
  const l = s.leadership;
  if (!l) return undefined;
  const spans = l.intervals.map(([a, b]) => `${duration(a)}–${duration(b)}`).join(', ');
  return `${l.elections} election${l.elections === 1 ? '' : 's'}, ${l.leaders} new leader${l.leaders === 1 ? '' : 's'}; ${l.withoutLeader > 0 ? `${duration(l.withoutLeader)} without a leader that reaches a majority (${spans})` : 'never without a leader'}`;
}

/** "converged 5.00 s after the heal at 15 s", per heal. */
export function describeConvergence(s: StoreReport, endTime: number): string | undefined {
  if (!s.convergence) return undefined;
  if (s.convergence.length === 0) return 'no heal to converge from';
  return s.convergence
    .map((e) =>
      e.converged !== undefined
        ? `converged ${duration(e.converged - e.healed)} after the heal at ${duration(e.healed)}`
        : e.interrupted !== undefined
          ? `a new fault at ${duration(e.interrupted)} before converging from the heal at ${duration(e.healed)}`
          : `not converged ${duration(endTime - e.healed)} after the heal at ${duration(e.healed)} (end of the run)`,
    )
    .join('; ');
}
