// A linearizability checker for register histories (read, write, cas): the Wing–Gong search with Lowe's
// memoisation of (set of linearized ops, register value), as in Knossos and Porcupine. Histories are split by
// store and key first (linearizability is compositional), and `info` operations are treated as Jepsen does:
// pending forever, so they may take effect at any point after their invocation, or never.
//
// Three things keep it fast on busy histories, each argued where it is applied: histories whose writes all
// carry distinct values (the simulator's) are decided by interval arithmetic (./register-zones); a read that
// matches the current value is placed at once rather than branched on; and a write nobody observed is placed
// only along with the next write, never as a choice of its own.

import { checkByZones } from './register-zones';
import type { Operation, RegisterValue } from './types';

export interface LinearizabilityOptions {
  /** Give up after this many memoised configurations (per key); the result is then inconclusive. */
  maxConfigurations?: number;
}

export interface Counterexample {
  store?: string;
  key?: number;
  /** The operation that could not be placed: no order of the others lets it take effect before it completed. */
  op: Operation;
  /** What the op read (reads) or expected (cas). */
  observed?: RegisterValue;
  /** Values the register could hold just before the op could have taken effect, over every order tried. */
  possible: RegisterValue[];
  /** It could also have held a value that no read ever returned (such values are not listed one by one). */
  possibleUnread: boolean;
  /** A small set of operations around the failure (the op, those overlapping it, and the writes involved). */
  ops: Operation[];
  /** True when `ops` alone is already not linearizable: a self-contained counterexample. */
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
  counterexample?: Counterexample;
  /** Memoised configurations visited, summed over keys: the cost of the check. */
  explored: number;
}

export function checkLinearizability(history: readonly Operation[], options: LinearizabilityOptions = {}): LinearizabilityResult {
  let explored = 0;
  const budget = options.maxConfigurations ?? 5_000_000;
  for (const ops of groupByRegister(history)) {
    const zones = checkByZones(relevant(ops));
    if (zones.applies && zones.linearizable) continue;
    let r: SearchResult | undefined;
    if (zones.applies) {
      // The zones say no; the search on the shortest prefix holding the conflict says exactly where and why.
      r = checkRegister(
        ops.filter((op) => op.invoke <= zones.witness),
        budget,
      );
      explored += r.explored;
      // Should the two ever disagree, trust the exhaustive search over the whole history.
      if (!r.failure && !r.inconclusive) r = undefined;
    }
    if (!r) {
      r = checkRegister(ops, budget);
      explored += r.explored;
    }
    if (r.inconclusive) return { linearizable: false, inconclusive: true, explored };
    if (r.failure) return { linearizable: false, counterexample: explain(ops, r.failure, options), explored };
  }
  return { linearizable: true, explored };
}

/** The general search alone, without the distinct-values shortcut (for tests and comparisons). */
export function checkLinearizabilityBySearch(history: readonly Operation[], options: LinearizabilityOptions = {}): LinearizabilityResult {
  let explored = 0;
  for (const ops of groupByRegister(history)) {
    const r = checkRegister(ops, options.maxConfigurations ?? 5_000_000);
    explored += r.explored;
    if (r.inconclusive) return { linearizable: false, inconclusive: true, explored };
    if (r.failure) return { linearizable: false, counterexample: explain(ops, r.failure, options), explored };
  }
  return { linearizable: true, explored };
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
const UNREAD_VALUE = Symbol('a value nobody read');

interface Failure {
  op: Operation;
  states: RegisterValue[];
  /** The register may also have held a value that no read returned. */
  unread: boolean;
  /** Ops (of the checked set) invoked before the failing op's completion. */
  prefixLength: number;
}

interface SearchResult {
  failure?: Failure;
  inconclusive?: boolean;
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

/** `mergeUnread` folds values nobody observed into one state (faster; counterexamples then name fewer values). */
function checkRegister(all: readonly Operation[], maxConfigurations: number, mergeUnread = true): SearchResult {
  const ops = relevant(all);
  const n = ops.length;
  if (n === 0) return { explored: 0 };

  // Intern values: the model state becomes a small integer, 0 for nil. Every value that no read returned and
  // no cas expected shares one id, UNREAD: no operation can tell those values apart, so configurations that
  // differ only in which of them the register holds are the same configuration to the search.
  const observed = observedValues(ops);
  const valueIds = new Map<RegisterValue, number>([[null, NIL_ID]]);
  const values: (RegisterValue | typeof UNREAD_VALUE)[] = [null, UNREAD_VALUE];
  const intern = (v: RegisterValue | undefined): number => {
    const k = v === undefined ? null : v;
    if (mergeUnread && k !== null && !observed.has(k)) return UNREAD_ID;
    let id = valueIds.get(k);
    if (id === undefined) {
      valueIds.set(k, (id = values.length));
      values.push(k);
    }
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
  // The frontier: the furthest return the search reached and could not get past, and the states it had there.
  let frontier = -1;
  const frontierStates = new Set<number>();

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
            if (configurations > maxConfigurations) return { inconclusive: true, explored: configurations };
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
          if (configurations > maxConfigurations) return { inconclusive: true, explored: configurations };
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
          if (configurations > maxConfigurations) return { inconclusive: true, explored: configurations };
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
        const newState = mergeUnread ? UNREAD_ID : arg1[posOp[deadBuf[c - 1]]];
        if (remember(newState)) {
          for (let d = 0; d < c; d++) push(deadBuf[d], 1, 0);
          state = newState;
          entry = next[HEAD];
          if (configurations > maxConfigurations) return { inconclusive: true, explored: configurations };
          continue;
        }
        for (let d = 0; d < c; d++) clearBit(posOp[deadBuf[d]]);
      } else {
        if (entry > frontier) {
          frontier = entry;
          frontierStates.clear();
        }
        if (entry === frontier && frontierStates.size < 64) frontierStates.add(state);
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
      const states = [...frontierStates].map((s) => values[s]);
      return {
        failure: { op: failing, states: states.filter((v): v is RegisterValue => v !== UNREAD_VALUE), unread: states.includes(UNREAD_VALUE), prefixLength },
        explored: configurations,
      };
    }
    entry = next[callPos];
  }
  return { explored: configurations };
}

/**
 * The memo of visited configurations (linearized set, register value), as an open-addressing hash set over
 * typed arrays: the search adds one per step, and per-entry objects made the garbage collector the bottleneck.
 */
class ConfigurationSet {
  private slots = new Int32Array(1 << 12); // entry index + 1; 0 = empty
  private hashes = new Int32Array(1 << 11);
  private states = new Int32Array(1 << 11);
  private fulls = new Int32Array(1 << 11);
  private offsets = new Int32Array(1 << 11);
  private lengths = new Int32Array(1 << 11);
  private pool = new Uint32Array(1 << 12);
  private poolUsed = 0;
  private count = 0;

  /** Add (state, words[full .. full+len)); false if already present. */
  add(hash: number, state: number, full: number, words: Uint32Array, len: number): boolean {
    let mask = this.slots.length - 1;
    let i = hash & mask;
    for (;;) {
      const e = this.slots[i] - 1;
      if (e < 0) break;
      if (this.hashes[e] === hash && this.states[e] === state && this.fulls[e] === full && this.lengths[e] === len) {
        const off = this.offsets[e];
        let k = 0;
        while (k < len && this.pool[off + k] === words[full + k]) k++;
        if (k === len) return false;
      }
      i = (i + 1) & mask;
    }
    if (this.count === this.hashes.length) this.growEntries();
    if (this.poolUsed + len > this.pool.length) {
      const pool = new Uint32Array(Math.max(this.pool.length * 2, this.poolUsed + len));
      pool.set(this.pool);
      this.pool = pool;
    }
    const e = this.count++;
    this.hashes[e] = hash;
    this.states[e] = state;
    this.fulls[e] = full;
    this.lengths[e] = len;
    this.offsets[e] = this.poolUsed;
    this.pool.set(words.subarray(full, full + len), this.poolUsed);
    this.poolUsed += len;
    if (this.count * 2 > this.slots.length) {
      this.rehash();
      mask = this.slots.length - 1;
      i = hash & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
    }
    this.slots[i] = e + 1;
    return true;
  }

  private growEntries(): void {
    const grow = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = grow(this.hashes);
    this.states = grow(this.states);
    this.fulls = grow(this.fulls);
    this.offsets = grow(this.offsets);
    this.lengths = grow(this.lengths);
  }

  /** Double the slot table; the entry being added (the last) is placed by the caller. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count - 1; e++) {
      let i = this.hashes[e] & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = e + 1;
    }
    this.slots = slots;
  }
}

/**
 * Turn the frontier into something a person can read: the failing op, what it saw against what was possible,
 * and a handful of operations around it — checked on their own, so a self-contained example is marked as such.
 */
function explain(ops: readonly Operation[], failure: Failure, options: LinearizabilityOptions): Counterexample {
  const { op } = failure;
  const observed = op.f === 'read' ? (op.value as RegisterValue) : op.f === 'cas' ? (op.value as readonly [RegisterValue, RegisterValue])[0] : undefined;
  const involved = new Set<RegisterValue>(failure.states);
  if (observed !== undefined) involved.add(observed);
  const end = op.complete;
  const start = op.invoke;
  const writes = (o: Operation) => (o.f === 'write' ? (o.value as RegisterValue) : o.f === 'cas' ? (o.value as readonly [RegisterValue, RegisterValue])[1] : undefined);
  // The write acknowledged last before the op began is what the register most plausibly held: always include it
  // (its value may be one that the search folded into "unread").
  let latest: Operation | undefined;
  for (const o of ops)
    if (o.outcome === 'ok' && o.f !== 'read' && o.complete < start && (!latest || o.complete > latest.complete)) latest = o;
  const latestValue = latest ? writes(latest) : undefined;
  if (latestValue !== undefined) involved.add(latestValue);
  const picked = ops.filter((o) => {
    if (o.outcome === 'fail' || (o.outcome === 'info' && o.f === 'read')) return false;
    if (o === op) return true;
    const oEnd = o.outcome === 'info' ? Infinity : o.complete;
    if (o.invoke > end) return false;
    if (oEnd >= start) return true; // overlaps the failing op
    const v = writes(o);
    return v !== undefined && involved.has(v);
  });
  // Keep only the latest write of each involved value: earlier ones cannot matter more than the last.
  const lastWriter = new Map<RegisterValue, Operation>();
  for (const o of picked) {
    const v = writes(o);
    const oEnd = o.outcome === 'info' ? Infinity : o.complete;
    if (v !== undefined && oEnd < start) {
      const prevW = lastWriter.get(v);
      if (!prevW || prevW.invoke < o.invoke) lastWriter.set(v, o);
    }
  }
  const small = picked.filter((o) => {
    const v = writes(o);
    const oEnd = o.outcome === 'info' ? Infinity : o.complete;
    return o === op || oEnd >= start || v === undefined || lastWriter.get(v) === o;
  });
  small.sort((a, b) => a.invoke - b.invoke || a.id - b.id);
  let selfContained = false;
  let { states: possible, unread } = failure;
  if (small.length <= 64) {
    // Re-check the small set with every value kept apart: it says whether the example stands on its own,
    // and names the values the register could hold rather than "a value no read returned".
    const alone = checkRegister(small, options.maxConfigurations ?? 5_000_000, false).failure;
    selfContained = alone !== undefined;
    if (alone && alone.op === op) ({ states: possible, unread } = alone);
  }
  const fmt = (v: RegisterValue) => (v === null ? 'nil' : String(v));
  const shown = [...possible.map(fmt), ...(unread ? ['a value no read returned'] : [])];
  const poss = shown.length === 1 ? shown[0] : `one of ${shown.join(', ')}`;
  let message: string;
  if (op.f === 'read') message = `${describe(op)} returned ${fmt(observed as RegisterValue)}, but the register could only hold ${poss} by then`;
  else if (op.f === 'cas') message = `${describe(op)} succeeded expecting ${fmt(observed as RegisterValue)}, but the register could only hold ${poss} by then`;
  else message = `${describe(op)} completed, but no order of the operations before it lets it take effect while keeping every later read consistent`;
  return { store: op.store, key: op.key, op, observed, possible, possibleUnread: unread, ops: small, selfContained, prefixLength: failure.prefixLength, message };
}

function describe(op: Operation): string {
  const who = op.client ?? `process ${op.process}`;
  const what = op.f === 'cas' ? `cas ${JSON.stringify(op.value)}` : op.f === 'write' ? `write ${op.value === null ? 'nil' : op.value}` : 'read';
  return `${what} by ${who} (op ${op.id}, ${op.invoke}–${op.complete})`;
}
