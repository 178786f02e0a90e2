// Linearizability of one key of a key-value store with get, put and append, the model of Porcupine's kv test
// histories (porcupine_test.go: a key starts as "", put replaces it, append concatenates, get returns it).
// Keys are independent (P-compositionality: Horn & Kroening, "Faster linearizability checking via
// P-compositionality", 2015), so the caller checks each key on its own. The search is the general Wing–Gong
// one (./wgl) over interned string states.

import type { Outcome } from './types';
import { searchLinearization, statesWhileEligible, type SearchBudget, type SequentialModel } from './wgl';

export interface KvOp {
  /** Position in the history, for messages and mapping back. */
  id: number;
  process: number;
  f: 'get' | 'put' | 'append';
  /** put/append: the argument; get: what an ok get returned ("" for a key never written). */
  value: string;
  invoke: number;
  complete: number;
  outcome: Outcome;
}

export interface KvFailure {
  /** The operation no order of the others could get past. */
  op: KvOp;
  /** Every value the key could hold while `op` could take effect (exact); undefined when out of budget. */
  possible?: string[];
  /** Operations that are not linearizable on their own (a prefix of the key's history minus gets), sorted. */
  witness?: KvOp[];
}

export type KvVerdict =
  | { verdict: 'linearizable'; explored: number }
  | { verdict: 'not-linearizable'; explored: number; failure: KvFailure }
  | { verdict: 'inconclusive'; explored: number; budget: 'configurations' | 'time' };

const EXPLAIN_CONFIGURATIONS = 200_000;
const EXPLAIN_TRIALS = 400;

/** Failed ops had no effect, and a get whose result is unknown says nothing: neither takes part. */
const takesPart = (o: KvOp) => o.outcome !== 'fail' && !(o.f === 'get' && o.outcome !== 'ok');

/** The key as a sequential model; `cut` turns ops completing after it into ops pending forever (a prefix). */
function kvModel(
  ops: readonly KvOp[],
  cut = Infinity,
): { model: SequentialModel; strings: string[]; times: { invoke: Float64Array; complete: Float64Array } } {
  const ids = new Map<string, number>([['', 0]]);
  const strings = [''];
  const intern = (s: string): number => {
    let id = ids.get(s);
    if (id === undefined) {
      ids.set(s, (id = strings.length));
      strings.push(s);
    }
    return id;
  };
  const n = ops.length;
  const arg = new Int32Array(n);
  const invoke = new Float64Array(n);
  const complete = new Float64Array(n);
  ops.forEach((o, i) => {
    invoke[i] = o.invoke;
    complete[i] = o.outcome === 'info' || o.complete > cut ? Infinity : o.complete;
    if (o.f !== 'append') arg[i] = intern(o.value);
  });
  // Appends build new strings; each (state, op) pair is computed once.
  const appended = new Map<number, number>();
  const model: SequentialModel = {
    initial: 0,
    step(state, i) {
      const o = ops[i];
      if (o.f === 'get') return state === arg[i] ? state : -1;
      if (o.f === 'put') return arg[i];
      const k = state * n + i;
      let next = appended.get(k);
      if (next === undefined) appended.set(k, (next = intern(strings[state] + o.value)));
      return next;
    },
    readOnly: (i) => ops[i].f === 'get',
  };
  return { model, strings, times: { invoke, complete } };
}

/** Check one key. `ops` may hold every outcome; failed ops and unknown gets are left out here. */
export function checkKvKey(all: readonly KvOp[], budget: SearchBudget, explain = true): KvVerdict {
  const ops = all.filter(takesPart);
  const { model, times } = kvModel(ops);
  const r = searchLinearization(ops.length, times, model, budget);
  if (r.verdict === 'linearizable') return r;
  if (r.verdict === 'inconclusive') return { verdict: 'inconclusive', explored: r.explored, budget: r.reason };
  const op = ops[r.op];
  return { verdict: 'not-linearizable', explored: r.explored, failure: explain ? explainKv(ops, op, budget) : { op } };
}

function explainKv(ops: readonly KvOp[], op: KvOp, outer: SearchBudget): KvFailure {
  const budget: SearchBudget = {
    maxConfigurations: Math.min(EXPLAIN_CONFIGURATIONS, outer.maxConfigurations),
    deadline: outer.deadline,
    now: outer.now,
  };
  const before = ops.filter((o) => o.invoke <= op.complete);
  const target = before.indexOf(op);
  const { model, strings, times } = kvModel(before);
  const states = statesWhileEligible(before.length, times, model, target, budget);
  // The history cut when `op` completed is not linearizable (no order got past that point), and linearizability
  // is prefix-closed, so that prefix is a sound witness; gets change nothing, so dropping them keeps it sound.
  const fails = (set: readonly KvOp[]) => {
    const prefix = set.filter((o) => !(o.f === 'get' && o.complete > op.complete));
    const m = kvModel(prefix, op.complete);
    return searchLinearization(prefix.length, m.times, m.model, budget).verdict === 'not-linearizable';
  };
  let witness: KvOp[] | undefined;
  if (fails(before)) {
    let current: KvOp[] = [...before];
    const gets = before
      .filter((o) => o.f === 'get' && o !== op)
      .sort((x, y) => Math.abs(y.invoke - op.invoke) - Math.abs(x.invoke - op.invoke));
    let trials = 0;
    for (const g of gets) {
      if (trials++ >= EXPLAIN_TRIALS) break;
      const without: KvOp[] = current.filter((o) => o !== g);
      if (fails(without)) current = without;
    }
    witness = current;
  }
  return { op, possible: states?.map((s) => strings[s]).sort(), witness };
}
