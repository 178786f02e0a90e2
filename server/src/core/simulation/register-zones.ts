// A fast linearizability test for read/write registers whose writes all carry distinct values (as the
// simulator's do), after Gibbons & Korach, "Testing shared memories" (SIAM J. Computing, 1997): with distinct
// values every read names its write, and the question reduces to interval ("zone") arithmetic in O(n log n),
// where the general search can take exponential time on heavily concurrent histories.

import type { Operation, RegisterValue } from './types';

export type ZoneVerdict =
  /** The shortcut does not apply (a cas, a repeated value, a write of nil). Use the general search. */
  | { applies: false }
  | { applies: true; linearizable: true }
  /**
   * Not linearizable; every op involved in the conflict was invoked by `witness`. `op` is an operation that cannot
   * be placed: a read, or the write of a value that had to be held too long.
   */
  | { applies: true; linearizable: false; witness: number; op: Operation };

/**
 * `ops` must already exclude fail ops, info reads and unobserved info writes. Times follow the checker's
 * convention that operations touching at an instant are concurrent.
 *
 * A cluster is a write and the reads that returned its value (nil: an initial write at −∞). Let f be the
 * earliest completion in the cluster and s its latest invocation. If f < s the value must be held throughout
 * [f, s] (a forward zone); otherwise the whole cluster can take effect at one instant in [s, f] (a backward
 * zone). The history is linearizable iff no read completes before its write starts, no two forward zones
 * overlap, and no backward zone lies strictly inside a forward zone.
 */
export function checkByZones(ops: readonly Operation[]): ZoneVerdict {
  interface Cluster {
    f: number;
    s: number;
    /** The op invoked last (the one blamed when the cluster's zone conflicts). */
    sOp?: Operation;
  }
  const clusters = new Map<RegisterValue, Cluster>();
  const writeInvoke = new Map<RegisterValue, number>();
  for (const op of ops) {
    if (op.f === 'cas') return { applies: false };
    if (op.f !== 'write') continue;
    const v = op.value as RegisterValue;
    if (v === null || clusters.has(v)) return { applies: false };
    // An info write completes "never": it constrains nothing from above.
    clusters.set(v, { f: op.outcome === 'ok' ? op.complete : Infinity, s: op.invoke, sOp: op });
    writeInvoke.set(v, op.invoke);
  }
  let nil: Cluster | undefined;
  for (const op of ops) {
    if (op.f !== 'read') continue;
    const v = op.value as RegisterValue;
    let c: Cluster | undefined;
    if (v === null) c = nil ??= { f: -Infinity, s: -Infinity };
    else {
      c = clusters.get(v);
      // A value nobody wrote, or a read over before its write began: impossible in any order.
      if (!c || op.complete < writeInvoke.get(v)!) return { applies: true, linearizable: false, witness: op.invoke, op };
    }
    if (op.complete < c.f) c.f = op.complete;
    if (op.invoke > c.s) {
      c.s = op.invoke;
      c.sOp = op;
    }
  }
  if (nil) clusters.set(null, nil);

  const forward: Cluster[] = [];
  const backward: Cluster[] = [];
  for (const c of clusters.values()) (c.f < c.s ? forward : backward).push(c);
  forward.sort((a, b) => a.f - b.f);
  // Two values each held over a stretch, and the stretches overlap: the read invoked last cannot be placed.
  const conflict = (a: Cluster, b: Cluster): ZoneVerdict => {
    const late = a.s >= b.s ? a : b;
    return { applies: true, linearizable: false, witness: Math.max(a.s, b.s), op: late.sOp! };
  };
  for (let i = 1; i < forward.length; i++) if (forward[i].f < forward[i - 1].s) return conflict(forward[i], forward[i - 1]);
  // Forward zones are disjoint now, so only the one starting last before a backward zone can contain it.
  for (const b of backward) {
    let lo = 0;
    let hi = forward.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (forward[mid].f < b.s) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) continue;
    const a = forward[lo - 1];
    if (b.f < a.s) return conflict(a, b);
  }
  return { applies: true, linearizable: true };
}
