// Versions of a leaderless store's keys and how replicas resolve them: last-write-wins by timestamp, whichever
// arrived last (no resolution), siblings under vector clocks (Dynamo, Riak with allow_mult), and three CRDTs
// (a grow-only counter, an add-wins observed-remove set, a last-writer-wins register with Lamport stamps).
//
// Causality: each client numbers its writes to a key (its `seq`) and carries, as the write's context, the
// highest seq of every other client's writes to that key it has seen (through reads, transitively). That is a
// version vector over clients, as Riak's client-side vector clocks are: `knows(a, b)` is "a's writer had seen
// b", and two versions are concurrent when neither knows the other (Lamport 1978; DeCandia et al., "Dynamo",
// SOSP 2007, §4.4). CRDTs after Shapiro et al., "Conflict-free Replicated Data Types" (SSS 2011).

import type { SiblingMerge } from '../types';
import { NIL, type Resolution } from './protocol';

export const WRITE = 0;
export const ADD = 1;
export const REMOVE = 2;

/** A write as every replica sees it. Immutable once created: replicas and messages share it. */
export interface Version {
  /** The op id: unique, so it names the version (its "dot"). */
  id: number;
  /** The writing client's index. */
  actor: number;
  /** The actor's count of writes to this key, from 1. */
  seq: number;
  key: number;
  kind: typeof WRITE | typeof ADD | typeof REMOVE;
  /** write: the value; add: the element or the increment; remove: the element. */
  value: number;
  /** last-write-wins: the writer's clock (with its skew); register CRDT: a Lamport stamp. */
  ts: number;
  /** Per actor, the highest seq of its writes to this key the writer had seen (the own entry is unused). */
  ctx: Int32Array;
  /** Counter: the actor's increments to this key up to and including this one. */
  total: number;
  /** Set remove: the add dots (op ids) it removes, those the writer had observed. */
  removes?: readonly number[];
  /** Siblings: the sibling list holding only this version, shared by every replica it supersedes all others on. */
  alone?: readonly Version[];
}

/** Did a's writer see b? Own earlier writes are always known. */
export function knows(a: Version, b: Version): boolean {
  return b.actor === a.actor ? b.seq < a.seq : a.ctx[b.actor] >= b.seq;
}

/** A set's replica state: live add dots (op id → element) and removed dots. Never mutated. */
export interface SetState {
  live: ReadonlyMap<number, number>;
  tomb: ReadonlySet<number>;
}

/** What a replica holds for one key: a version (register modes), siblings, counter totals per actor, or a set. */
export type SlotState = Version | null | readonly Version[] | Float64Array | SetState;

/** What a client has seen of one key: the causal context its next write carries. */
export class Knowledge {
  private seen: Int32Array;
  /** `seen` is referenced by a version: copy before changing it. */
  private shared = false;
  private own = 0;
  private lamport = 0;
  private total = 0;
  /** Set: the add dots seen per element (what a remove of that element removes). */
  private observed: Map<number, number[]> | undefined;

  constructor(clients: number) {
    this.seen = new Int32Array(clients);
  }

  newVersion(
    id: number,
    actor: number,
    key: number,
    kind: Version['kind'],
    value: number,
    clock: number,
    resolution: Resolution,
  ): Version {
    const seq = ++this.own;
    let ts = clock;
    if (resolution === 'register') ts = this.lamport = this.lamport + 1;
    let total = 0;
    if (resolution === 'counter') total = this.total += kind === ADD ? value : 0;
    let removes: number[] | undefined;
    if (resolution === 'set') {
      const observed = (this.observed ??= new Map());
      if (kind === REMOVE) {
        removes = observed.get(value) ?? [];
        observed.delete(value);
      } else observed.set(value, [...(observed.get(value) ?? []), id]);
    }
    this.shared = true;
    return { id, actor, seq, key, kind, value, ts, ctx: this.seen, total, removes };
  }

  /** A read returned `state`: everything its versions knew is now known. */
  observe(state: SlotState, resolution: Resolution): void {
    if (state === null) return;
    if (resolution === 'counter') return; // increments never overwrite one another
    if (resolution === 'set') {
      const observed = (this.observed ??= new Map());
      for (const [dot, element] of (state as SetState).live) {
        const dots = observed.get(element);
        if (!dots) observed.set(element, [dot]);
        else if (!dots.includes(dot)) dots.push(dot);
      }
      return;
    }
    if (Array.isArray(state)) for (const v of state as readonly Version[]) this.merge(v);
    else this.merge(state as Version);
  }

  private merge(v: Version): void {
    if (v.ts > this.lamport) this.lamport = v.ts;
    const seen = this.seen;
    let grows = seen[v.actor] < v.seq;
    for (let a = 0; a < seen.length && !grows; a++) grows = v.ctx[a] > seen[a];
    if (!grows) return;
    const next = this.shared ? new Int32Array(seen) : seen;
    if (next[v.actor] < v.seq) next[v.actor] = v.seq;
    for (let a = 0; a < next.length; a++) if (v.ctx[a] > next[a]) next[a] = v.ctx[a];
    this.seen = next;
    this.shared = false;
  }
}

const NO_SIBLINGS: readonly Version[] = Object.freeze([]);
const EMPTY_SET: SetState = { live: new Map(), tomb: new Set() };

/** How one leaderless store resolves versions. States are replaced, never mutated, so they can be shared. */
export class Resolver {
  /** One version per key (lww, arrival, register CRDT). */
  readonly register: boolean;
  readonly empty: SlotState;

  constructor(
    readonly resolution: Resolution,
    clients: number,
    /** Called when concurrent versions meet: `kept` for a single-version resolution, else they became siblings. */
    private readonly onConflict: (key: number, versions: readonly Version[], kept: Version | undefined) => void,
  ) {
    this.register = resolution === 'lww' || resolution === 'arrival' || resolution === 'register';
    this.empty = this.register
      ? null
      : resolution === 'siblings'
        ? NO_SIBLINGS
        : resolution === 'counter'
          ? new Float64Array(clients)
          : EMPTY_SET;
  }

  /** Last-write-wins order: the later timestamp, ties to the later op. */
  newer(a: Version, b: Version): boolean {
    return a.ts > b.ts || (a.ts === b.ts && a.id > b.id);
  }

  /** A state holding only v (what a hint delivers). */
  single(v: Version): SlotState {
    return this.apply(this.empty, v, false);
  }

  /**
   * A replica holding `s` receives `v`: from a client (`fromClient`), or through a hint. Returns `s` itself when
   * nothing changes.
   */
  apply(s: SlotState, v: Version, fromClient: boolean): SlotState {
    switch (this.resolution) {
      case 'lww':
      case 'register': {
        const cur = s as Version | null;
        if (cur === null) return v;
        if (cur.id === v.id) return cur;
        const wins = this.newer(v, cur);
        if (!knows(wins ? v : cur, wins ? cur : v)) this.conflict(v.key, [cur, v], wins ? v : cur);
        return wins ? v : cur;
      }
      case 'arrival': {
        const cur = s as Version | null;
        if (cur === null) return v;
        if (cur.id === v.id) return cur;
        // Nothing resolves concurrent versions: a client's write lands wherever it arrives; repair only moves
        // a replica forward along what its writers saw.
        const concurrent = !knows(v, cur) && !knows(cur, v);
        if (concurrent) this.conflict(v.key, [cur, v], fromClient ? v : cur);
        return fromClient || knows(v, cur) ? v : cur;
      }
      case 'siblings': {
        // Plain loops: this runs on every replica for every write.
        const sibs = s as readonly Version[];
        let supersedesAll = true;
        for (let i = 0; i < sibs.length; i++) {
          const x = sibs[i];
          if (x.id === v.id || knows(x, v)) return sibs;
          if (supersedesAll && !knows(v, x)) supersedesAll = false;
        }
        // The common case — v saw everything the replica holds — shares one list across replicas: no garbage.
        if (supersedesAll) return (v.alone ??= [v]);
        const next: Version[] = [];
        for (let i = 0; i < sibs.length; i++) if (!knows(v, sibs[i])) next.push(sibs[i]);
        next.push(v);
        this.siblings(v.key, next);
        return next;
      }
      case 'counter': {
        const totals = s as Float64Array;
        if (v.kind !== ADD || totals[v.actor] >= v.total) return totals;
        const next = new Float64Array(totals);
        next[v.actor] = v.total;
        return next;
      }
      case 'set': {
        const set = s as SetState;
        if (v.kind === REMOVE) {
          const removes = v.removes ?? [];
          if (removes.every((d) => set.tomb.has(d))) return set;
          const tomb = new Set(set.tomb);
          for (const d of removes) tomb.add(d);
          const live = new Map(set.live);
          for (const d of removes) live.delete(d);
          return { live, tomb };
        }
        if (set.live.has(v.id) || set.tomb.has(v.id)) return set;
        return { live: new Map(set.live).set(v.id, v.value), tomb: set.tomb };
      }
    }
  }

  /**
   * The join of two replica states (read repair, anti-entropy): `a` itself when `b` adds nothing. With no
   * resolution (`arrival`) only a version that knows the current one replaces it.
   */
  merge(a: SlotState, b: SlotState, record = true): SlotState {
    if (a === b || b === null || b === this.empty) return a;
    // States are never mutated, so the join of nothing and b is b itself.
    if (a === this.empty) return b;
    switch (this.resolution) {
      case 'lww':
      case 'register':
      case 'arrival': {
        const cur = a as Version | null;
        const v = b as Version;
        if (cur === null) return v;
        if (cur.id === v.id) return cur;
        if (this.resolution === 'arrival') {
          if (record && !knows(v, cur) && !knows(cur, v)) this.conflict(v.key, [cur, v], cur);
          return knows(v, cur) ? v : cur;
        }
        const wins = this.newer(v, cur);
        if (record && !knows(wins ? v : cur, wins ? cur : v)) this.conflict(v.key, [cur, v], wins ? v : cur);
        return wins ? v : cur;
      }
      case 'siblings': {
        let s = a as readonly Version[];
        const theirs = b as readonly Version[];
        // Replicas that agree hold equal sibling lists in the same order: the common case costs one pass.
        if (theirs.length === s.length && theirs.every((v, i) => v.id === s[i].id)) return s;
        for (const v of theirs) {
          if (s.some((x) => x.id === v.id || knows(x, v))) continue;
          const next = s.filter((x) => !knows(v, x));
          next.push(v);
          if (record && next.length > 1) this.siblings(v.key, next);
          s = next;
        }
        return s;
      }
      case 'counter': {
        const x = a as Float64Array;
        const y = b as Float64Array;
        let grows = false;
        for (let i = 0; i < x.length && !grows; i++) grows = y[i] > x[i];
        if (!grows) return x;
        const next = new Float64Array(x);
        for (let i = 0; i < next.length; i++) if (y[i] > next[i]) next[i] = y[i];
        return next;
      }
      case 'set': {
        const x = a as SetState;
        const y = b as SetState;
        let adds = false;
        for (const d of y.tomb) if (!x.tomb.has(d)) adds = true;
        for (const d of y.live.keys()) if (!x.live.has(d) && !x.tomb.has(d)) adds = true;
        if (!adds) return x;
        const tomb = new Set(x.tomb);
        for (const d of y.tomb) tomb.add(d);
        const live = new Map<number, number>();
        for (const [d, e] of x.live) if (!tomb.has(d)) live.set(d, e);
        for (const [d, e] of y.live) if (!tomb.has(d)) live.set(d, e);
        return { live, tomb };
      }
    }
  }

  /** `s` already holds everything `target` does (or something newer). */
  covers(s: SlotState, target: SlotState): boolean {
    return this.merge(s, target, false) === s;
  }

  /** Does `s` still hold version v itself (not merely something that knew it)? */
  holds(s: SlotState, v: Version): boolean {
    switch (this.resolution) {
      case 'lww':
      case 'register':
      case 'arrival':
        return (s as Version | null)?.id === v.id;
      case 'siblings':
        return (s as readonly Version[]).some((x) => x.id === v.id);
      case 'counter':
        return (s as Float64Array)[v.actor] >= v.total;
      case 'set':
        return (s as SetState).live.has(v.id) || (s as SetState).tomb.has(v.id);
    }
  }

  /** What a read of `s` returns: a value, and the siblings or set elements behind it. */
  read(s: SlotState, merge: SiblingMerge): { value: number; siblings?: number[]; elements?: number[] } {
    switch (this.resolution) {
      case 'lww':
      case 'register':
      case 'arrival':
        return { value: (s as Version | null)?.value ?? NIL };
      case 'siblings': {
        const sibs = s as readonly Version[];
        if (sibs.length === 0) return { value: NIL };
        if (sibs.length === 1) return { value: sibs[0].value };
        const values = [...sibs].sort((p, q) => p.id - q.id).map((v) => v.value);
        return { value: mergeValues(values, merge), siblings: values };
      }
      case 'counter': {
        let sum = 0;
        for (const t of s as Float64Array) sum += t;
        return { value: sum };
      }
      case 'set': {
        const elements = [...new Set((s as SetState).live.values())].sort((p, q) => p - q);
        return { value: elements.length, elements };
      }
    }
  }

  /** A replica's state for the drawing. */
  show(s: SlotState): { value: number; label: string } {
    const r = this.read(s, 'max');
    if (r.siblings) return { value: Math.max(...r.siblings), label: r.siblings.join(' | ') };
    if (r.elements) return { value: r.elements.length, label: `{${r.elements.join(', ')}}` };
    return { value: r.value, label: String(r.value) };
  }

  private conflict(key: number, versions: Version[], kept: Version): void {
    this.onConflict(key, versions, kept);
  }

  private siblings(key: number, versions: readonly Version[]): void {
    this.onConflict(key, versions, undefined);
  }
}

/** A client's merge of sibling values. */
export function mergeValues(values: readonly number[], merge: SiblingMerge): number {
  switch (merge) {
    case 'max':
      return Math.max(...values);
    case 'min':
      return Math.min(...values);
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
  }
}
