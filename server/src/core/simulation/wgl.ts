// The Wing–Gong linearizability search with Lowe's memoisation (Wing & Gong, "Testing and verifying concurrent
// objects", 1993; Lowe, "Testing for linearizability", 2017), for any sequential model whose states are
// interned as small integers: the key-value model uses it, and the register checker uses it to explain a
// failure exactly. Operations that complete (`ok`) must take effect between invocation and completion;
// operations pending forever (Jepsen's `info`: complete = Infinity) may take effect at any later point, or never.
//
// A read-only operation that fits the current state is placed at once rather than branched on: it changes
// nothing, and every operation that must precede it is already placed (its return is past), so placing it now
// loses no linearization. That is what keeps busy read-heavy histories fast.

import { ConfigurationSet } from './configuration-set';

export interface SequentialModel {
  /** The state before any operation. */
  readonly initial: number;
  /** The state after operation `op` takes effect in `state`, or -1 when its recorded result is impossible there. */
  step(state: number, op: number): number;
  /** The operation never changes the state (a read, a get): placed at once when it fits. */
  readOnly(op: number): boolean;
}

export interface OperationTimes {
  /** Invocation times. */
  invoke: ArrayLike<number>;
  /** Completion times; Infinity for an operation pending forever. */
  complete: ArrayLike<number>;
}

export interface SearchBudget {
  /** Give up after this many memoised configurations. */
  maxConfigurations: number;
  /** Give up when `now()` passes this (same clock as `now`). */
  deadline?: number;
  now?: () => number;
}

export type SearchOutcome =
  | { verdict: 'linearizable'; explored: number }
  /** `op`: the operation whose completion no order of the others could get past. */
  | { verdict: 'not-linearizable'; op: number; explored: number }
  | { verdict: 'inconclusive'; explored: number; reason: 'configurations' | 'time' };

const END = -1;

/** The call/return entries of the operations in time order, as a doubly linked list the search lifts ops out of. */
class EntryList {
  readonly head: number;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  readonly posOp: Int32Array;
  readonly posIsCall: Uint8Array;
  readonly returnPos: Int32Array;
  readonly callPos: Int32Array;
  readonly pendingForever: Uint8Array;

  constructor(n: number, times: OperationTimes) {
    // On equal times calls come first, so operations that touch at an instant count as concurrent (the
    // permissive reading, as Porcupine does). Returns of operations pending forever sort last.
    const m = 2 * n;
    const key = new Float64Array(m);
    const order = new Int32Array(m);
    this.pendingForever = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      key[2 * i] = times.invoke[i];
      const c = times.complete[i];
      if (c === Infinity) this.pendingForever[i] = 1;
      key[2 * i + 1] = c;
    }
    for (let e = 0; e < m; e++) order[e] = e;
    order.sort((a, b) => key[a] - key[b] || (a & 1) - (b & 1) || (a >> 1) - (b >> 1));
    this.head = m;
    this.next = new Int32Array(m + 1);
    this.prev = new Int32Array(m + 1);
    this.posOp = new Int32Array(m);
    this.posIsCall = new Uint8Array(m);
    this.returnPos = new Int32Array(n);
    this.callPos = new Int32Array(n);
    for (let p = 0; p < m; p++) {
      const e = order[p];
      const op = e >> 1;
      this.posOp[p] = op;
      if ((e & 1) === 0) {
        this.posIsCall[p] = 1;
        this.callPos[op] = p;
      } else this.returnPos[op] = p;
      this.prev[p] = p === 0 ? this.head : p - 1;
      this.next[p] = p === m - 1 ? END : p + 1;
    }
    this.prev[this.head] = m - 1;
    this.next[this.head] = m === 0 ? END : 0;
  }

  private unlink(p: number): void {
    this.next[this.prev[p]] = this.next[p];
    if (this.next[p] !== END) this.prev[this.next[p]] = this.prev[p];
  }

  private relink(p: number): void {
    this.next[this.prev[p]] = p;
    if (this.next[p] !== END) this.prev[this.next[p]] = p;
  }

  /** Take an operation (its call and return) off the list; undone in LIFO order, so relinking is exact. */
  lift(callPos: number): void {
    this.unlink(callPos);
    this.unlink(this.returnPos[this.posOp[callPos]]);
  }

  unlift(callPos: number): void {
    this.relink(this.returnPos[this.posOp[callPos]]);
    this.relink(callPos);
  }
}

/** The set of linearized operations as a bitset with an incremental hash, and the memo of configurations. */
class Linearized {
  private readonly words: Uint32Array;
  private full = 0; // words[0..full) are all ones
  private top = -1; // highest non-zero word
  private readonly opHash: Int32Array;
  private hash = 0;
  private readonly memo = new ConfigurationSet();
  configurations = 0;

  constructor(n: number) {
    this.words = new Uint32Array((n >>> 5) + 1);
    this.opHash = new Int32Array(n);
    let h = 0x811c9dc5;
    for (let i = 0; i < n; i++) {
      h = Math.imul(h ^ i, 0x01000193) ^ (h >>> 15);
      h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
      this.opHash[i] = h ^ (h >>> 16);
    }
  }

  set(i: number): void {
    const w = i >>> 5;
    this.words[w] |= 1 << (i & 31);
    if (w > this.top) this.top = w;
    while (this.full < this.words.length && this.words[this.full] === 0xffffffff) this.full++;
    this.hash ^= this.opHash[i];
  }

  clear(i: number): void {
    const w = i >>> 5;
    this.words[w] &= ~(1 << (i & 31));
    if (w < this.full) this.full = w;
    while (this.top >= 0 && this.words[this.top] === 0) this.top--;
    this.hash ^= this.opHash[i];
  }

  /** Record (set, state); false if it was seen before (that branch was explored already). */
  remember(state: number): boolean {
    const hash = (this.hash ^ Math.imul(state + 1, 0x9e3779b1)) | 0;
    if (!this.memo.add(hash, state, this.full, this.words, Math.max(0, this.top - this.full + 1))) return false;
    this.configurations++;
    return true;
  }
}

/** Counts configurations against the budget and reads the clock only every 1024 of them. */
function overBudget(budget: SearchBudget, configurations: number): 'configurations' | 'time' | undefined {
  if (configurations > budget.maxConfigurations) return 'configurations';
  if (budget.deadline !== undefined && (configurations & 1023) === 0 && (budget.now ?? Date.now)() > budget.deadline)
    return 'time';
  return undefined;
}

/**
 * Is there a linearization of the `n` operations? The search walks the entry list: at a call it tries to
 * place the operation now (if the model allows it and the configuration is new), at a return of an unplaced
 * operation it backtracks. Returns the operation whose return no branch got past when there is none.
 */
export function searchLinearization(
  n: number,
  times: OperationTimes,
  model: SequentialModel,
  budget: SearchBudget,
): SearchOutcome {
  if (n === 0) return { verdict: 'linearizable', explored: 0 };
  const list = new EntryList(n, times);
  const placed = new Linearized(n);
  const { next, posOp, posIsCall, head } = list;
  const stackPos = new Int32Array(n);
  const stackState = new Int32Array(n);
  const stackForced = new Uint8Array(n);
  let depth = 0;
  let state = model.initial;
  let entry = next[head];
  let frontier = -1;
  placed.remember(state);
  for (;;) {
    if (entry === END) return { verdict: 'linearizable', explored: placed.configurations };
    let backtrack = false;
    if (posIsCall[entry]) {
      const i = posOp[entry];
      const after = model.step(state, i);
      if (after >= 0) {
        placed.set(i);
        if (placed.remember(after)) {
          stackPos[depth] = entry;
          stackState[depth] = state;
          stackForced[depth] = model.readOnly(i) ? 1 : 0;
          depth++;
          list.lift(entry);
          state = after;
          entry = next[head];
          const over = overBudget(budget, placed.configurations);
          if (over) return { verdict: 'inconclusive', explored: placed.configurations, reason: over };
          continue;
        }
        placed.clear(i);
        // A fitting read-only op is forced; its configuration was explored already, so this one leads nowhere new.
        if (model.readOnly(i)) backtrack = true;
        else entry = next[entry];
      } else entry = next[entry];
    } else {
      // Only returns of ops pending forever are left (they sort last): every op that completed is placed.
      if (list.pendingForever[posOp[entry]]) return { verdict: 'linearizable', explored: placed.configurations };
      if (entry > frontier) frontier = entry;
      backtrack = true;
    }
    if (!backtrack) continue;
    let resume = -1;
    while (depth > 0) {
      depth--;
      const pos = stackPos[depth];
      state = stackState[depth];
      placed.clear(posOp[pos]);
      list.unlift(pos);
      if (!stackForced[depth]) {
        resume = pos;
        break;
      }
    }
    if (resume < 0) return { verdict: 'not-linearizable', op: posOp[frontier], explored: placed.configurations };
    entry = next[resume];
  }
}

/**
 * The states the model can be in at a moment when `target` could take effect: over every configuration
 * reachable without `target` in which every operation that completed before `target` was invoked is placed.
 * Exhaustive within the budget (undefined when it runs out), so a counterexample can say exactly what the
 * register could hold, never more nor less. Operations invoked after `target` completed cannot precede it:
 * its unplaced return bars them.
 */
export function statesWhileEligible(
  n: number,
  times: OperationTimes,
  model: SequentialModel,
  target: number,
  budget: SearchBudget,
): number[] | undefined {
  const list = new EntryList(n, times);
  const placed = new Linearized(n);
  const { next, posOp, posIsCall, head } = list;
  const targetCall = list.callPos[target];
  const found = new Set<number>();
  const stackPos = new Int32Array(n);
  const stackState = new Int32Array(n);
  const stackForced = new Uint8Array(n);
  let depth = 0;
  let state = model.initial;
  /** Is the target's call reached before any return of an unplaced operation? */
  const eligible = (): boolean => {
    for (let p = next[head]; p !== END; p = next[p]) {
      if (p === targetCall) return true;
      if (!posIsCall[p]) return false;
    }
    return false;
  };
  placed.remember(state);
  if (eligible()) found.add(state);
  let entry = next[head];
  for (;;) {
    let backtrack = false;
    if (entry === END) backtrack = true;
    else if (posIsCall[entry]) {
      const i = posOp[entry];
      const after = i === target ? -1 : model.step(state, i);
      if (after >= 0) {
        placed.set(i);
        if (placed.remember(after)) {
          stackPos[depth] = entry;
          stackState[depth] = state;
          stackForced[depth] = model.readOnly(i) ? 1 : 0;
          depth++;
          list.lift(entry);
          state = after;
          if (eligible()) found.add(state);
          entry = next[head];
          if (overBudget(budget, placed.configurations)) return undefined;
          continue;
        }
        placed.clear(i);
        if (model.readOnly(i)) backtrack = true;
        else entry = next[entry];
      } else entry = next[entry];
    } else backtrack = true;
    if (!backtrack) continue;
    let resume = -1;
    while (depth > 0) {
      depth--;
      const pos = stackPos[depth];
      state = stackState[depth];
      placed.clear(posOp[pos]);
      list.unlift(pos);
      if (!stackForced[depth]) {
        resume = pos;
        break;
      }
    }
    if (resume < 0) return [...found];
    entry = next[resume];
  }
}
