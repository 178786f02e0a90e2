// Availability as conditions on which nodes are alive and reachable. An engine describes its write and read
// paths as monotone conditions over classes of interchangeable nodes (the replicas of one datacenter, the
// voting members, the Sentinels); failures survived, what a partition side can still do and whether a region
// loss is survived are all answered by evaluating those conditions, never by N−W arithmetic.

/**
 * Interchangeable nodes: same group (datacenter, region or "cluster") and same role. `size` ≥ 0 nodes.
 * `role` is descriptive (`replica`, `primary`, `arbiter`, `sentinel`, `witness`); every node counts as a failure
 * when it is down.
 */
export interface NodeClass {
  readonly id: string;
  readonly group: string;
  readonly role: string;
  readonly size: number;
}

/** A monotone condition: more nodes alive never makes it false. */
export type Condition =
  | { readonly kind: 'atLeast'; readonly k: number; readonly of: readonly string[] }
  | { readonly kind: 'all'; readonly of: readonly Condition[] }
  | { readonly kind: 'any'; readonly of: readonly Condition[] }
  /** At least `k` of the sub-conditions hold (e.g. 2 of 3 regions each with a local quorum); their nodes must not overlap. */
  | { readonly kind: 'kOf'; readonly k: number; readonly of: readonly Condition[] };

/** At least `k` nodes of the classes `of` (ids) are alive. */
export function atLeast(k: number, of: readonly string[]): Condition {
  return { kind: 'atLeast', k, of };
}

export function allOf(...of: Condition[]): Condition {
  return of.length === 1 ? of[0] : { kind: 'all', of };
}

export function anyOf(...of: Condition[]): Condition {
  return of.length === 1 ? of[0] : { kind: 'any', of };
}

/** At least `k` of `of` hold. The sub-conditions must be over disjoint node classes (one per region, say). */
export function kOf(k: number, of: Condition[]): Condition {
  return { kind: 'kOf', k, of };
}

/** Always holds. */
export const ALWAYS: Condition = { kind: 'all', of: [] };

/** Does `cond` hold when `alive(id)` nodes of each class are up? */
export function holds(cond: Condition, alive: (classId: string) => number): boolean {
  switch (cond.kind) {
    case 'atLeast': {
      let up = 0;
      for (const id of cond.of) up += alive(id);
      return up >= cond.k;
    }
    case 'all':
      return cond.of.every((c) => holds(c, alive));
    case 'any':
      return cond.of.some((c) => holds(c, alive));
    case 'kOf': {
      let n = 0;
      for (const c of cond.of) if (holds(c, alive)) n++;
      return n >= cond.k;
    }
  }
}

/** Σ x_c over `classes` ≥ `demand`: one covering constraint. */
interface Demand {
  classes: readonly string[];
  demand: number;
}

/** Conjunctions of demands, any one of which suffices (disjunctive normal form). */
type Dnf = Demand[][];

/** Conjunctions beyond this are not enumerated; no model CAP Lens builds comes near it. */
const MAX_CONJUNCTIONS = 4096;

function sizeOf(classes: readonly string[], sizes: ReadonlyMap<string, number>): number {
  let t = 0;
  for (const c of classes) t += sizes.get(c) ?? 0;
  return t;
}

function product(parts: Dnf[]): Dnf {
  let out: Dnf = [[]];
  for (const part of parts) {
    const next: Dnf = [];
    for (const a of out) for (const b of part) next.push([...a, ...b]);
    if (next.length > MAX_CONJUNCTIONS)
      throw new Error(`availability condition too large to evaluate (${next.length} conjunctions)`);
    out = next;
  }
  return out;
}

/** Failure demands whose joint satisfaction makes `cond` false. */
function breakDnf(cond: Condition, sizes: ReadonlyMap<string, number>): Dnf {
  switch (cond.kind) {
    case 'atLeast': {
      if (cond.k <= 0) return []; // cannot be broken
      const total = sizeOf(cond.of, sizes);
      if (cond.k > total) return [[]]; // already false
      return [[{ classes: cond.of, demand: total - cond.k + 1 }]];
    }
    case 'all':
      return cond.of.flatMap((c) => breakDnf(c, sizes));
    case 'any':
      return product(cond.of.map((c) => breakDnf(c, sizes)));
    case 'kOf':
      throw new Error('k-of-n conditions over overlapping nodes cannot be evaluated');
  }
}

/** Alive-node demands whose joint satisfaction makes `cond` true. */
function holdDnf(cond: Condition, sizes: ReadonlyMap<string, number>): Dnf {
  switch (cond.kind) {
    case 'atLeast':
      if (cond.k <= 0) return [[]];
      if (cond.k > sizeOf(cond.of, sizes)) return [];
      return [[{ classes: cond.of, demand: cond.k }]];
    case 'all':
      return product(cond.of.map((c) => holdDnf(c, sizes)));
    case 'any':
      return cond.of.flatMap((c) => holdDnf(c, sizes));
    case 'kOf':
      throw new Error('k-of-n conditions over overlapping nodes cannot be evaluated');
  }
}

/**
 * The fewest nodes that meet every demand (each class holds at most its size): a covering problem. For a
 * laminar family of class sets (any two nested or disjoint, which is what datacenters inside a cluster and
 * voters around data members give) filling the smallest sets first is optimal; otherwise a bounded exact
 * search. Infinity when the demands cannot be met.
 */
function cover(demands: readonly Demand[], sizes: ReadonlyMap<string, number>): number {
  // One demand per distinct set: the largest.
  const bySet = new Map<string, Demand>();
  for (const d of demands) {
    const classes = [...new Set(d.classes)].sort();
    const key = classes.join('\u0000');
    const seen = bySet.get(key);
    if (!seen || seen.demand < d.demand) bySet.set(key, { classes, demand: d.demand });
  }
  const list = [...bySet.values()].filter((d) => d.demand > 0);
  if (list.length === 0) return 0;
  for (const d of list) if (sizeOf(d.classes, sizes) < d.demand) return Infinity;
  if (isLaminar(list)) return coverLaminar(list, sizes);
  return coverExact(list, sizes);
}

function isLaminar(list: readonly Demand[]): boolean {
  const sets = list.map((d) => new Set(d.classes));
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const a = sets[i];
      const b = sets[j];
      let shared = 0;
      for (const x of a) if (b.has(x)) shared++;
      if (shared > 0 && shared !== a.size && shared !== b.size) return false;
    }
  }
  return true;
}

function coverLaminar(list: readonly Demand[], sizes: ReadonlyMap<string, number>): number {
  const used = new Map<string, number>();
  const ordered = [...list].sort(
    (a, b) => a.classes.length - b.classes.length || sizeOf(a.classes, sizes) - sizeOf(b.classes, sizes),
  );
  let total = 0;
  for (const d of ordered) {
    let have = 0;
    for (const c of d.classes) have += used.get(c) ?? 0;
    let deficit = d.demand - have;
    for (const c of d.classes) {
      if (deficit <= 0) break;
      const room = (sizes.get(c) ?? 0) - (used.get(c) ?? 0);
      const take = Math.min(room, deficit);
      if (take > 0) {
        used.set(c, (used.get(c) ?? 0) + take);
        deficit -= take;
        total += take;
      }
    }
    if (deficit > 0) return Infinity;
  }
  return total;
}

/** Exact search over per-class counts, for the rare non-laminar families; bounded to keep hovers instant. */
function coverExact(list: readonly Demand[], sizes: ReadonlyMap<string, number>): number {
  const classes = [...new Set(list.flatMap((d) => d.classes))];
  let states = 1;
  for (const c of classes) states *= (sizes.get(c) ?? 0) + 1;
  if (states > 2_000_000) throw new Error('availability condition too large to evaluate exactly');
  const x = new Map<string, number>();
  let best = Infinity;
  const satisfied = () => list.every((d) => d.classes.reduce((t, c) => t + (x.get(c) ?? 0), 0) >= d.demand);
  const search = (i: number, sum: number) => {
    if (sum >= best) return;
    if (i === classes.length) {
      if (satisfied()) best = sum;
      return;
    }
    const c = classes[i];
    for (let v = 0; v <= (sizes.get(c) ?? 0); v++) {
      x.set(c, v);
      search(i + 1, sum + v);
    }
    x.delete(c);
  };
  search(0, 0);
  return best;
}

function sizesOf(classes: readonly NodeClass[]): Map<string, number> {
  return new Map(classes.map((c) => [c.id, c.size]));
}

/** The node classes a condition looks at. */
function supportOf(cond: Condition): Set<string> {
  if (cond.kind === 'atLeast') return new Set(cond.of);
  const out = new Set<string>();
  for (const c of cond.of) for (const id of supportOf(c)) out.add(id);
  return out;
}

/** Children that look at pairwise disjoint node classes can be solved one by one and combined. */
function disjointChildren(cond: Condition): boolean {
  if (cond.kind === 'atLeast') return false;
  const seen = new Set<string>();
  for (const c of cond.of) {
    for (const id of supportOf(c)) {
      if (seen.has(id)) return false;
      seen.add(id);
    }
  }
  return true;
}

/** The sum of the `count` smallest of `values` (Infinity when there are fewer). */
function smallest(values: number[], count: number): number {
  if (count <= 0) return 0;
  if (count > values.length) return Infinity;
  return [...values]
    .sort((a, b) => a - b)
    .slice(0, count)
    .reduce((t, v) => t + v, 0);
}

/**
 * The fewest failures (`mode: 'break'`) or alive nodes (`mode: 'hold'`) for `cond` to be false, resp. true.
 * Children over disjoint classes combine directly (breaking `all` needs one child broken, `any` all of them,
 * k-of-n the n−k+1 cheapest; holding is the dual); overlapping children go through the normal form.
 */
function solve(cond: Condition, sizes: ReadonlyMap<string, number>, mode: 'break' | 'hold'): number {
  if (cond.kind !== 'atLeast' && disjointChildren(cond)) {
    const parts = cond.of.map((c) => solve(c, sizes, mode));
    const n = parts.length;
    if (cond.kind === 'all') return mode === 'break' ? (n ? Math.min(...parts) : Infinity) : smallest(parts, n);
    if (cond.kind === 'any') return mode === 'break' ? smallest(parts, n) : n ? Math.min(...parts) : Infinity;
    return mode === 'break' ? smallest(parts, n - cond.k + 1) : smallest(parts, cond.k);
  }
  let best = Infinity;
  for (const conj of mode === 'break' ? breakDnf(cond, sizes) : holdDnf(cond, sizes)) best = Math.min(best, cover(conj, sizes));
  return best;
}

/**
 * The smallest number of node failures after which `cond` no longer holds, whichever nodes fail (the
 * adversary's choice); Infinity when no set of failures breaks it. "Failures survived" is one less.
 */
export function minFailuresToBreak(cond: Condition, classes: readonly NodeClass[]): number {
  return solve(cond, sizesOf(classes), 'break');
}

/** The fewest alive nodes with which `cond` can hold (the smallest side of a partition that can serve); Infinity if none. */
export function minAliveToHold(cond: Condition, classes: readonly NodeClass[]): number {
  return solve(cond, sizesOf(classes), 'hold');
}

/** Failures survived: one less than the fewest that break `cond`, capped at the number of nodes. */
export function failuresSurvived(cond: Condition, classes: readonly NodeClass[]): number {
  const total = classes.reduce((t, c) => t + c.size, 0);
  const breaking = minFailuresToBreak(cond, classes);
  return Number.isFinite(breaking) ? Math.max(0, breaking - 1) : total;
}

/** Beyond this many ways to split the nodes in two, `splitBrain` answers from the smallest serving side alone. */
const MAX_SPLITS = 200_000;

/**
 * Can a partition leave two sides that both satisfy their condition (`left` on one side, `right` on the other)?
 * That is split brain: both halves keep going. Enumerates how many nodes of each class fall on each side; for
 * topologies too large to enumerate, answers whether some side of at most half the nodes can serve.
 */
export function splitBrain(left: Condition, right: Condition, classes: readonly NodeClass[]): boolean {
  let states = 1;
  for (const c of classes) states *= c.size + 1;
  const total = classes.reduce((t, c) => t + c.size, 0);
  if (states > MAX_SPLITS) return minAliveToHold(left, classes) <= total / 2 && minAliveToHold(right, classes) <= total / 2;
  const onLeft = new Map<string, number>();
  const sizes = new Map(classes.map((c) => [c.id, c.size]));
  const search = (i: number): boolean => {
    if (i === classes.length) {
      return holds(left, (id) => onLeft.get(id) ?? 0) && holds(right, (id) => (sizes.get(id) ?? 0) - (onLeft.get(id) ?? 0));
    }
    const c = classes[i];
    for (let x = 0; x <= c.size; x++) {
      onLeft.set(c.id, x);
      if (search(i + 1)) return true;
    }
    return false;
  };
  return search(0);
}
