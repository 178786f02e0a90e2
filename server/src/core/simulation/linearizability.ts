// A linearizability checker for register histories (read, write, cas): the Wing–Gong search with Lowe's
// memoisation of (set of linearized ops, register value), as in Knossos and Porcupine. Histories are split by
// store and key first (linearizability is compositional), and `info` operations are treated as Jepsen does:
// pending forever, so they may take effect at any point after their invocation, or never.
//
// Three things keep it fast on busy histories, each argued where it is applied: histories whose writes all
// carry distinct values (the simulator's) are decided by interval arithmetic (./register-zones); a read that
// matches the current value is placed at once rather than branched on; and a write nobody observed is placed
// only along with the next write, never as a choice of its own.

import { ConfigurationSet } from './configuration-set';
import { checkByZones } from './register-zones';
import type { Operation, RegisterValue } from './types';
import { statesWhileEligible, type SearchBudget, type SequentialModel } from './wgl';

export interface LinearizabilityOptions {
  /** Give up after this many memoised configurations (per key); the result is then inconclusive. */
  maxConfigurations?: number;
  /** Give up when `now()` passes this (per call, over every key); the result is then inconclusive. */
  deadline?: number;
  /** The clock `deadline` is read on (default Date.now); injected so the core needs no timer of its own. */
  now?: () => number;
  /** How messages name an operation (default: `read by process 2 (op 5, 4–7)`). */
  describe?: (op: Operation) => string;
  /** Build the full counterexample (default true); without, only the failing op is named and a failure costs only the search. */
  explain?: boolean;
}

export interface Counterexample {
  store?: string;
  key?: number;
  /** The operation no order of the others could get past: it cannot take effect before it completed. */
  op: Operation;
  /** What the op read (reads) or expected (cas). */
  observed?: RegisterValue;
  /**
   * Every value the register could hold at a moment when `op` could take effect, over every order of the other
   * operations (exact); empty when the search for them ran out of budget.
   */
  possible: RegisterValue[];
  /**
   * A small witness: operations that are not linearizable on their own and include every write of every value
   * they observe, so the whole history cannot be linearizable either. Sorted by invocation.
   */
  ops: Operation[];
  /** True when `ops` is such a witness; false when only the operations around the failure could be shown. */
  selfContained: boolean;
  /** How many operations (in invocation order) the shortest failing prefix has. */
  prefixLength: number;
  message: string;
}

export interface LinearizabilityResult {
  /** True only when a linearization was found for every key. */
  linearizable: boolean;
  /** The search budget ran out before an answer (then `linearizable` is false and there is no counterexample). */
  inconclusive?: boolean;
  /** Which budget ran out. */
  budget?: 'configurations' | 'time';
  counterexample?: Counterexample;
  /** Memoised configurations visited, summed over keys: the cost of the check. */
  explored: number;
}

const DEFAULT_MAX_CONFIGURATIONS = 5_000_000;

export function checkLinearizability(history: readonly Operation[], options: LinearizabilityOptions = {}): LinearizabilityResult {
  let explored = 0;
  const budget = budgetOf(options);
  for (const ops of groupByRegister(history)) {
    const zones = checkByZones(relevant(ops));
    if (zones.applies && zones.linearizable) continue;
    let r: SearchResult | undefined;
    if (zones.applies) {
      // The zones say no; the search on the shortest prefix holding the conflict says exactly where and why.
      const prefix = ops.filter((op) => op.invoke <= zones.witness);
      r = checkRegister(prefix, budget);
      explored += r.explored;
      // The zones are exact: when the search runs out of budget, their own witness is the counterexample.
      if (r.inconclusive) {
        let prefixLength = 0;
        for (const op of ops) if (op.invoke <= zones.op.complete) prefixLength++;
        return { linearizable: false, counterexample: explain(ops, { op: zones.op, prefixLength }, options), explored };
      }
      // Should the two ever disagree, trust the exhaustive search over the whole history.
      if (!r.failure) r = undefined;
    }
    if (!r) {
      r = checkRegister(ops, budget);
      explored += r.explored;
    }
    if (r.inconclusive) return { linearizable: false, inconclusive: true, budget: r.inconclusive, explored };
    if (r.failure) return { linearizable: false, counterexample: explain(ops, r.failure, options), explored };
  }
  return { linearizable: true, explored };
}

/** The general search alone, without the distinct-values shortcut (for tests and comparisons). */
export function checkLinearizabilityBySearch(
  history: readonly Operation[],
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  let explored = 0;
  const budget = budgetOf(options);
  for (const ops of groupByRegister(history)) {
    const r = checkRegister(ops, budget);
    explored += r.explored;
    if (r.inconclusive) return { linearizable: false, inconclusive: true, budget: r.inconclusive, explored };
    if (r.failure) return { linearizable: false, counterexample: explain(ops, r.failure, options), explored };
  }
  return { linearizable: true, explored };
}

function budgetOf(options: LinearizabilityOptions): SearchBudget {
  return {
    maxConfigurations: options.maxConfigurations ?? DEFAULT_MAX_CONFIGURATIONS,
    deadline: options.deadline,
    now: options.now,
  };
}

/** Linearizability is local (Herlihy & Wing): each register of each store can be checked on its own. */
function groupByRegister(history: readonly Operation[]): Operation[][] {
  const groups = new Map<string, Operation[]>();
  for (const op of history) {
    const g = `${op.store ?? ''}\u0000${op.key ?? ''}`;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(op);
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------------------------------------------------

const READ = 0;
const WRITE = 1;
const CAS = 2;
const NIL_ID = 0;
const UNREAD_ID = 1;

interface Failure {
  op: Operation;
  /** Ops (of the checked set) invoked before the failing op's completion. */
  prefixLength: number;
}

interface SearchResult {
  failure?: Failure;
  inconclusive?: 'configurations' | 'time';
  explored: number;
}

/**
 * Values that some op may observe: read by an ok read, or expected by a cas that may have taken effect (ok,
 * or info: an unknown cas can still succeed, and only if the register held what it expected).
 */
function observedValues(ops: readonly Operation[]): Set<RegisterValue> {
  const seen = new Set<RegisterValue>();
  for (const op of ops) {
    if (op.f === 'read' && op.outcome === 'ok') seen.add(op.value as RegisterValue);
    else if (op.f === 'cas' && op.outcome !== 'fail' && Array.isArray(op.value)) seen.add(op.value[0]);
  }
  return seen;
}

/**
 * Which ops take part in the search. `fail` ops certainly had no effect; an `info` read has no effect either.
 * An `info` write or cas whose new value nobody ever observed can be dropped too: if it took effect, it was
 * overwritten before anyone looked, so removing it from a linearization leaves a valid one. This keeps
 * timed-out writes (common under partitions) from blowing up the search.
 */
function relevant(ops: readonly Operation[]): Operation[] {
  const observed = observedValues(ops);
  return ops.filter((op) => {
    if (op.outcome === 'fail') return false;
    if (op.outcome === 'ok') return true;
    if (op.f === 'read') return false;
    const v = op.f === 'cas' ? (op.value as readonly [RegisterValue, RegisterValue])[1] : (op.value as RegisterValue);
    return observed.has(v);
  });
}

/** The search for one register: exact, with the three shortcuts argued in the file header. */
function checkRegister(all: readonly Operation[], budget: SearchBudget): SearchResult {
  const { maxConfigurations, deadline } = budget;
  const now = budget.now ?? Date.now;
  let exhausted: 'configurations' | 'time' = 'configurations';
  /** Has a budget run out? The clock is read every 1024 configurations. */
  const over = (): boolean => {
    if (configurations > maxConfigurations) exhausted = 'configurations';
    else if (deadline !== undefined && (configurations & 1023) === 0 && now() > deadline) exhausted = 'time';
    else return false;
    return true;
  };
  const ops = relevant(all);
  const n = ops.length;
  if (n === 0) return { explored: 0 };

  // Intern values: the model state becomes a small integer, 0 for nil. Every value that no read returned and
  // no cas expected shares one id, UNREAD: no operation can tell those values apart, so configurations that
  // differ only in which of them the register holds are the same configuration to the search.
  const observed = observedValues(ops);
  const valueIds = new Map<RegisterValue, number>([[null, NIL_ID]]);
  const intern = (v: RegisterValue | undefined): number => {
    const k = v === undefined ? null : v;
    if (k !== null && !observed.has(k)) return UNREAD_ID;
    let id = valueIds.get(k);
    if (id === undefined) valueIds.set(k, (id = valueIds.size + 1));
    return id;
  };
  const kind = new Uint8Array(n);
  const arg1 = new Int32Array(n); // read: value read; write: value; cas: expected
  const arg2 = new Int32Array(n); // cas: new value
  const pendingForever = new Uint8Array(n);
  ops.forEach((op, i) => {
    if (op.f === 'read') {
      kind[i] = READ;
      arg1[i] = intern(op.value as RegisterValue);
    } else if (op.f === 'write') {
      kind[i] = WRITE;
      arg1[i] = intern(op.value as RegisterValue);
    } else {
      kind[i] = CAS;
      const [expected, next] = op.value as readonly [RegisterValue, RegisterValue];
      arg1[i] = intern(expected);
      arg2[i] = intern(next);
    }
    pendingForever[i] = op.outcome === 'info' ? 1 : 0;
  });

  // Entries: 2 per op (call, return), sorted by time. On equal times calls come first, so operations that
  // touch at an instant count as concurrent (the permissive reading, as Porcupine does). Info returns go last.
  const m = 2 * n;
  const entryOp = new Int32Array(m);
  const entryIsCall = new Uint8Array(m);
  const entryTime = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    entryOp[2 * i] = i;
    entryIsCall[2 * i] = 1;
    entryTime[2 * i] = ops[i].invoke;
    entryOp[2 * i + 1] = i;
    entryTime[2 * i + 1] = pendingForever[i] ? Infinity : ops[i].complete;
  }
  const order = Array.from({ length: m }, (_, k) => k).sort(
    (a, b) => entryTime[a] - entryTime[b] || entryIsCall[b] - entryIsCall[a] || entryOp[a] - entryOp[b],
  );
  // Doubly linked list over sorted positions; position m is the head sentinel.
  const HEAD = m;
  const next = new Int32Array(m + 1);
  const prev = new Int32Array(m + 1);
  const posOp = new Int32Array(m);
  const posIsCall = new Uint8Array(m);
  const returnPos = new Int32Array(n);
  for (let p = 0; p < m; p++) {
    const e = order[p];
    posOp[p] = entryOp[e];
    posIsCall[p] = entryIsCall[e];
    if (!entryIsCall[e]) returnPos[entryOp[e]] = p;
  }
  prev[HEAD] = m - 1;
  next[HEAD] = 0;
  for (let p = 0; p < m; p++) {
    prev[p] = p === 0 ? HEAD : p - 1;
    next[p] = p === m - 1 ? -1 : p + 1;
  }
  const END = -1;
  const unlink = (p: number) => {
    next[prev[p]] = next[p];
    if (next[p] !== END) prev[next[p]] = prev[p];
  };
  const relink = (p: number) => {
    next[prev[p]] = p;
    if (next[p] !== END) prev[next[p]] = p;
  };
  // Lifting removes a call and its return from the list; undone in LIFO order, so relinking is exact.
  const lift = (callPos: number) => {
    unlink(callPos);
    unlink(returnPos[posOp[callPos]]);
  };
  const unlift = (callPos: number) => {
    relink(returnPos[posOp[callPos]]);
    relink(callPos);
  };

  // The set of linearized ops: a bitset kept canonical as (first word that is not all ones, words up to the
  // last non-zero one). Ops are linearized roughly in order, so the stored slice is a few words, not n/32.
  const words = new Uint32Array((n >>> 5) + 1);
  let full = 0; // words[0..full) are all ones
  let top = -1; // highest non-zero word
  const opHash = new Int32Array(n);
  let h = 0x811c9dc5;
  for (let i = 0; i < n; i++) {
    h = Math.imul(h ^ i, 0x01000193) ^ (h >>> 15);
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
    opHash[i] = h ^ (h >>> 16);
  }
  let setHash = 0;
  const setBit = (i: number) => {
    const w = i >>> 5;
    words[w] |= 1 << (i & 31);
    if (w > top) top = w;
    while (full < words.length && words[full] === 0xffffffff) full++;
    setHash ^= opHash[i];
  };
  const clearBit = (i: number) => {
    const w = i >>> 5;
    words[w] &= ~(1 << (i & 31));
    if (w < full) full = w;
    while (top >= 0 && words[top] === 0) top--;
    setHash ^= opHash[i];
  };

  const cache = new ConfigurationSet();
  let configurations = 0;
  /** Record the configuration; false if it was already seen (that branch was explored before). */
  const remember = (state: number): boolean => {
    const hash = (setHash ^ Math.imul(state + 1, 0x9e3779b1)) | 0;
    if (!cache.add(hash, state, full, words, Math.max(0, top - full + 1))) return false;
    configurations++;
    return true;
  };

  // Writes whose value nobody observed ("dead" writes) are never choice points. In any linearization such a
  // write is followed at once by another plain write (a read or cas after it would have observed it), so it can
  // always be moved to just before the next plain write placed after its invocation, or, if there is none
  // before its return, placed at its return. The search does exactly that: dead writes go down in bulk with
  // the next plain write, or together at the first dead return, and never branch. On busy histories most
  // writes are overwritten unseen, and this is what keeps the search from trying their orders.
  const dead = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (kind[i] === WRITE && !observed.has((ops[i].value as RegisterValue) ?? null)) dead[i] = 1;
  const deadBuf = new Int32Array(n);
  /** Dead calls in the window the search may place from: the list from its head up to the first return. */
  const collectDead = (): number => {
    let c = 0;
    for (let p = next[HEAD]; p !== END && posIsCall[p]; p = next[p]) if (dead[posOp[p]]) deadBuf[c++] = p;
    return c;
  };

  const stackPos = new Int32Array(n);
  const stackState = new Int32Array(n);
  const stackForced = new Uint8Array(n);
  /** How many dead writes were placed together with (just below) this entry. */
  const stackGroup = new Int32Array(n);
  let depth = 0;
  let state = 0;
  let entry = next[HEAD];
  const push = (pos: number, forced: number, group: number) => {
    stackPos[depth] = pos;
    stackState[depth] = state;
    stackForced[depth] = forced;
    stackGroup[depth] = group;
    depth++;
    lift(pos);
  };
  // The frontier: the furthest return the search reached and could not get past.
  let frontier = -1;

  for (;;) {
    let backtrack = false;
    if (entry === END) break;
    if (posIsCall[entry]) {
      const i = posOp[entry];
      const k = kind[i];
      if (dead[i]) entry = next[entry];
      else if (k === READ) {
        if (state === arg1[i]) {
          // A pending read that matches the current value can be placed right now without loss of generality:
          // it changes nothing, and every op that must precede it is already placed (its return came earlier
          // in the list). So this is not a choice point: if it leads nowhere, neither does the configuration.
          setBit(i);
          if (remember(state)) {
            push(entry, 1, 0);
            entry = next[HEAD];
            if (over()) return { inconclusive: exhausted, explored: configurations };
            continue;
          }
          clearBit(i);
          backtrack = true;
        } else entry = next[entry];
      } else if (k === WRITE) {
        const c = collectDead();
        for (let d = 0; d < c; d++) setBit(posOp[deadBuf[d]]);
        setBit(i);
        if (remember(arg1[i])) {
          for (let d = 0; d < c; d++) push(deadBuf[d], 1, 0);
          push(entry, 0, c);
          state = arg1[i];
          entry = next[HEAD];
          if (over()) return { inconclusive: exhausted, explored: configurations };
          continue;
        }
        for (let d = 0; d < c; d++) clearBit(posOp[deadBuf[d]]);
        clearBit(i);
        entry = next[entry];
      } else if (state === arg1[i]) {
        setBit(i);
        if (remember(arg2[i])) {
          push(entry, 0, 0);
          state = arg2[i];
          entry = next[HEAD];
          if (over()) return { inconclusive: exhausted, explored: configurations };
          continue;
        }
        clearBit(i);
        entry = next[entry];
      } else entry = next[entry];
    } else {
      // A return whose op is not placed yet (placed ops are off the list): this branch is dead...
      const i = posOp[entry];
      // ...unless only info returns remain (they sort last): every op that completed has been placed.
      if (pendingForever[i]) break;
      if (dead[i]) {
        // A dead write reaching its return unplaced: no plain write came since it began, so it takes effect
        // here, with every other dead write in the window. Forced, like the matching reads.
        const c = collectDead();
        for (let d = 0; d < c; d++) setBit(posOp[deadBuf[d]]);
        const newState = UNREAD_ID;
        if (remember(newState)) {
          for (let d = 0; d < c; d++) push(deadBuf[d], 1, 0);
          state = newState;
          entry = next[HEAD];
          if (over()) return { inconclusive: exhausted, explored: configurations };
          continue;
        }
        for (let d = 0; d < c; d++) clearBit(posOp[deadBuf[d]]);
      } else {
        if (entry > frontier) frontier = entry;
      }
      backtrack = true;
    }
    if (!backtrack) continue;
    // Undo the last choice (with the dead writes placed along with it); forced placements are undone without
    // trying alternatives (see above).
    let callPos = -1;
    while (depth > 0) {
      depth--;
      const pos = stackPos[depth];
      const forced = stackForced[depth];
      let group = stackGroup[depth];
      state = stackState[depth];
      clearBit(posOp[pos]);
      unlift(pos);
      while (group-- > 0) {
        depth--;
        state = stackState[depth];
        clearBit(posOp[stackPos[depth]]);
        unlift(stackPos[depth]);
      }
      if (!forced) {
        callPos = pos;
        break;
      }
    }
    if (callPos < 0) {
      const failing = ops[posOp[Math.max(0, frontier)]];
      let prefixLength = 0;
      for (const op of all) if (op.invoke <= failing.complete) prefixLength++;
      return { failure: { op: failing, prefixLength }, explored: configurations };
    }
    entry = next[callPos];
  }
  return { explored: configurations };
}

// ---------------------------------------------------------------------------------------------------------
// Explaining a failure

/**
 * What explaining one failure may cost on top of the search, in configurations (deterministic, unlike a clock:
 * the same history always gets the same explanation): the exact value set, then every trial check of the
 * witness minimisation together. Past it the witness found so far is kept; it is sound at every step.
 */
const EXPLAIN_CONFIGURATIONS = 200_000;
const MINIMISE_CONFIGURATIONS = 300_000;
const EXPLAIN_TRIALS = 400;

const written = (o: Operation): RegisterValue | undefined =>
  o.f === 'write'
    ? ((o.value as RegisterValue | undefined) ?? null)
    : o.f === 'cas'
      ? (o.value as readonly [RegisterValue, RegisterValue])[1]
      : undefined;

/** The value an op observed: what an ok read returned or what a cas (that may have taken effect) expected. */
const observedBy = (o: Operation): RegisterValue | undefined =>
  o.f === 'read'
    ? o.outcome === 'ok'
      ? ((o.value as RegisterValue | undefined) ?? null)
      : undefined
    : o.f === 'cas' && o.outcome !== 'fail'
      ? (o.value as readonly [RegisterValue, RegisterValue])[0]
      : undefined;

/** Ops that can have an effect or an observation: not failed, and not a read whose result is unknown. */
const effective = (o: Operation) => o.outcome !== 'fail' && !(o.f === 'read' && o.outcome !== 'ok');

/** The register as a sequential model over interned values (every value kept apart, nil = 0). */
function registerModel(ops: readonly Operation[]): {
  model: SequentialModel;
  values: RegisterValue[];
  times: { invoke: Float64Array; complete: Float64Array };
} {
  const ids = new Map<RegisterValue, number>([[null, 0]]);
  const values: RegisterValue[] = [null];
  const intern = (v: RegisterValue | undefined): number => {
    const k = v ?? null;
    let id = ids.get(k);
    if (id === undefined) {
      ids.set(k, (id = values.length));
      values.push(k);
    }
    return id;
  };
  const n = ops.length;
  const kind = new Uint8Array(n);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const invoke = new Float64Array(n);
  const complete = new Float64Array(n);
  ops.forEach((o, i) => {
    invoke[i] = o.invoke;
    complete[i] = o.outcome === 'info' ? Infinity : o.complete;
    if (o.f === 'read') {
      kind[i] = READ;
      a[i] = intern(o.value as RegisterValue);
    } else if (o.f === 'write') {
      kind[i] = WRITE;
      a[i] = intern(o.value as RegisterValue);
    } else {
      kind[i] = CAS;
      const [x, y] = o.value as readonly [RegisterValue, RegisterValue];
      a[i] = intern(x);
      b[i] = intern(y);
    }
  });
  const model: SequentialModel = {
    initial: 0,
    step: (state, i) =>
      kind[i] === READ ? (state === a[i] ? state : -1) : kind[i] === WRITE ? a[i] : state === a[i] ? b[i] : -1,
    readOnly: (i) => kind[i] === READ,
  };
  return { model, values, times: { invoke, complete } };
}

/**
 * The writers a witness must keep: for every op of `set` that observed a value, each write of that value that
 * could precede it (invoked before the observer completed), added until nothing changes. A set closed this
 * way is a sound witness: restricting a linearization of the whole history to it keeps every read legal (the
 * write each read saw is in the set), so if the set cannot be linearized, neither can the history. And it is
 * one a person can check by hand: every write that could explain what an op saw is in view. (Leaving out the
 * writes some later write certainly overwrote would also be sound, but the witness would then rest on facts
 * it does not show.)
 */
class WriterClosure {
  private readonly writers = new Map<RegisterValue, Operation[]>();

  constructor(pool: readonly Operation[]) {
    for (const o of pool) {
      const v = written(o);
      if (v === undefined) continue;
      let list = this.writers.get(v);
      if (!list) this.writers.set(v, (list = []));
      list.push(o);
    }
  }

  close(set: Set<Operation>): void {
    const work = [...set];
    while (work.length) {
      const x = work.pop()!;
      const v = observedBy(x);
      if (v === undefined) continue;
      const end = x.outcome === 'info' ? Infinity : x.complete;
      for (const w of this.writers.get(v) ?? []) {
        if (set.has(w) || w === x || w.invoke >= end) continue;
        set.add(w);
        work.push(w);
      }
    }
  }

  /** Would removing `o` leave some op of `set` without a writer it needs? */
  needed(o: Operation, set: Set<Operation>): boolean {
    const v = written(o);
    if (v === undefined) return false;
    for (const x of set) {
      if (x === o || observedBy(x) !== v) continue;
      const end = x.outcome === 'info' ? Infinity : x.complete;
      if (o.invoke < end) return true;
    }
    return false;
  }
}

/** Can `ops` be linearized? undefined when the check ran out of budget; `spent` counts what it cost. */
function linearizableWithin(
  ops: readonly Operation[],
  budget: SearchBudget,
  spent: { configurations: number },
): boolean | undefined {
  const r = checkRegister(ops, budget);
  spent.configurations += r.explored;
  return r.inconclusive ? undefined : !r.failure;
}

/**
 * The smallest witness we can find containing `op`. It lives in the history cut where `op` completed (time T):
 * the operations invoked by T, those still running at T made pending (they may or may not have taken effect,
 * and a read still running says nothing). Linearizability is prefix-closed, so if that cut cannot be
 * linearized neither can the history, and the search found exactly that: no order got past T. Within the cut,
 * start from the operations around `op` (or, failing that, all of them), closed under the writers they need;
 * then drop operations, in chunks and then one at a time (as delta debugging does), as long as the rest stays
 * closed and not linearizable. Every step keeps a sound witness, so stopping early (budget) still gives a true
 * one. The witness is returned as the history's own operations.
 */
function minimalWitness(group: readonly Operation[], op: Operation, budget: SearchBudget): Operation[] | undefined {
  const cut = op.complete;
  const original = new Map<Operation, Operation>();
  const pool: Operation[] = [];
  let target: Operation | undefined;
  for (const o of group) {
    if (!effective(o) || o.invoke > cut) continue;
    const running = o !== op && o.outcome === 'ok' && o.complete > cut;
    if (running && o.f === 'read') continue;
    const r = running ? { ...o, outcome: 'info' as const } : o;
    original.set(r, o);
    pool.push(r);
    if (o === op) target = r;
  }
  if (!target) return undefined;
  const closure = new WriterClosure(pool);
  const sorted = (set: Set<Operation>) => [...set].sort((x, y) => x.invoke - y.invoke || x.id - y.id);
  let trials = 0;
  const spent = { configurations: 0 };
  const exhausted = () => trials >= EXPLAIN_TRIALS || spent.configurations >= MINIMISE_CONFIGURATIONS;
  const stillFails = (set: Set<Operation>) => {
    trials++;
    const left = Math.max(1, Math.min(budget.maxConfigurations, MINIMISE_CONFIGURATIONS - spent.configurations));
    return linearizableWithin(sorted(set), { ...budget, maxConfigurations: left }, spent) === false;
  };
  // The operations around the failure: those overlapping it, and the last acknowledged write before it.
  const near = new Set<Operation>([target]);
  let latest: Operation | undefined;
  for (const o of pool) {
    const end = o.outcome === 'info' ? Infinity : o.complete;
    if (end >= op.invoke) near.add(o);
    if (o.outcome === 'ok' && written(o) !== undefined && o.complete < op.invoke && (!latest || o.complete > latest.complete))
      latest = o;
  }
  if (latest) near.add(latest);
  closure.close(near);
  let start: Set<Operation> | undefined;
  if (stillFails(near)) start = near;
  else {
    const all = new Set(pool);
    if (stillFails(all)) start = all;
  }
  if (!start) return undefined;
  let current: Set<Operation> = start;
  // Remove chunks of candidates (farthest from the failing op first), halving the chunk size down to one.
  const distance = (o: Operation) => Math.abs(o.invoke - op.invoke);
  for (let size = Math.max(1, current.size >> 1); !exhausted(); size = Math.max(1, size >> 1)) {
    let removedAny = false;
    // Pending ops first: they multiply the orders a check must try, and are rarely what a failure needs.
    const candidates = [...current]
      .filter((o) => o !== target)
      .sort((x, y) => Number(y.outcome === 'info') - Number(x.outcome === 'info') || distance(y) - distance(x));
    for (let start = 0; start < candidates.length && !exhausted(); start += size) {
      const without = new Set(current);
      for (const o of candidates.slice(start, start + size)) without.delete(o);
      if ([...current].some((o) => !without.has(o) && closure.needed(o, without))) continue;
      if (stillFails(without)) {
        current = without;
        removedAny = true;
      }
    }
    if (size === 1 && !removedAny) break;
  }
  return sorted(current).map((o) => original.get(o)!);
}

const formatValue = (v: RegisterValue | undefined): string =>
  v === null || v === undefined ? 'nil' : typeof v === 'string' ? JSON.stringify(v) : String(v);

function listValues(values: readonly RegisterValue[]): string {
  const shown = values.map(formatValue);
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}

/**
 * Turn the search's failure into something a person can check by hand: the op that cannot take effect, the
 * exact set of values the register could hold while it could (never a value the history rules out, never
 * one missing), and a minimal witness around it.
 */
function explain(group: readonly Operation[], failure: Failure, options: LinearizabilityOptions): Counterexample {
  const { op } = failure;
  if (options.explain === false) {
    const message = `${(options.describe ?? describe)(op)} cannot take effect`;
    return {
      store: op.store,
      key: op.key,
      op,
      possible: [],
      ops: [op],
      selfContained: false,
      prefixLength: failure.prefixLength,
      message,
    };
  }
  const budget: SearchBudget = {
    maxConfigurations: Math.min(EXPLAIN_CONFIGURATIONS, options.maxConfigurations ?? EXPLAIN_CONFIGURATIONS),
    deadline: options.deadline,
    now: options.now,
  };
  const observed =
    op.f === 'read'
      ? ((op.value as RegisterValue | undefined) ?? null)
      : op.f === 'cas'
        ? (op.value as readonly [RegisterValue, RegisterValue])[0]
        : undefined;
  // Every op that could have had an effect before `op` completed; info writes included, since a timed-out
  // write may still have taken effect: leaving them out is how a value gets wrongly ruled out.
  const before = group.filter((o) => effective(o) && o.invoke <= op.complete);
  const target = before.indexOf(op);
  let possible: RegisterValue[] = [];
  if (target >= 0) {
    const { model, values, times } = registerModel(before);
    const states = statesWhileEligible(before.length, times, model, target, budget);
    if (states) possible = states.map((s) => values[s]).sort(compareValues);
  }
  const witness = minimalWitness(group, op, budget);
  const d = (options.describe ?? describe)(op);
  const ruledOut = possible.length > 0 && observed !== undefined && !possible.includes(observed);
  let message: string;
  if (op.f === 'read' && ruledOut)
    message = `${d} returned ${formatValue(observed)}, but while it ran the register could only hold ${listValues(possible)}`;
  else if (op.f === 'cas' && ruledOut)
    message = `${d} succeeded expecting ${formatValue(observed)}, but while it ran the register could only hold ${listValues(possible)}`;
  else
    message = `${d} cannot take effect: no order of the operations that completed before it did is consistent with what each of them observed`;
  return {
    store: op.store,
    key: op.key,
    op,
    observed,
    possible,
    ops: witness ?? nearby(group, op),
    selfContained: witness !== undefined,
    prefixLength: failure.prefixLength,
    message,
  };
}

/** When no witness could be built within budget: the operations overlapping the failing one. */
function nearby(group: readonly Operation[], op: Operation): Operation[] {
  return group
    .filter((o) => effective(o) && o.invoke <= op.complete && (o.outcome === 'info' ? Infinity : o.complete) >= op.invoke)
    .sort((x, y) => x.invoke - y.invoke || x.id - y.id)
    .slice(0, 64);
}

function compareValues(x: RegisterValue, y: RegisterValue): number {
  if (x === y) return 0;
  if (x === null) return -1;
  if (y === null) return 1;
  if (typeof x === 'string' || typeof y === 'string') return String(x) < String(y) ? -1 : 1;
  return x < y ? -1 : 1;
}

function describe(op: Operation): string {
  const who = op.client ?? `process ${op.process}`;
  const what =
    op.f === 'cas'
      ? `cas ${JSON.stringify(op.value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}`
      : op.f === 'write'
        ? `write ${formatValue(op.value as RegisterValue)}`
        : 'read';
  return `${what} by ${who} (op ${op.id}, ${op.invoke}–${op.complete})`;
}
