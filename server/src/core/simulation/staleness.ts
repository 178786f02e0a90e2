// Probabilistically Bounded Staleness (Bailis et al., VLDB 2012) for partial quorums: the closed form for
// k-staleness and a Monte Carlo estimate of t-visibility under the WARS latency model.

import { missProbability } from '../semantics/quorum';
import type { LatencyLegs } from './presets';
import { compileSampler, Rng, type Sampler } from './rng';

/** C(n, k) exactly. BigInt, so it never overflows (C(1000, 500) has 300 digits). */
export function binomial(n: number, k: number): bigint {
  if (!Number.isInteger(n) || !Number.isInteger(k) || k < 0 || n < 0 || k > n) return 0n;
  const kk = Math.min(k, n - k);
  let result = 1n;
  // Multiply then divide at each step: every intermediate value is itself a binomial, so the division is exact.
  for (let i = 1; i <= kk; i++) result = (result * BigInt(n - kk + i)) / BigInt(i);
  return result;
}

function checkQuorum(n: number, r: number, w: number): void {
  if (![n, r, w].every(Number.isInteger) || n < 1 || r < 1 || w < 1 || r > n || w > n)
    throw new RangeError(`need integers 1 ≤ R, W ≤ N (got N=${n}, R=${r}, W=${w})`);
}

/**
 * The probability that a read quorum of R replicas, chosen uniformly, misses every one of the W replicas
 * that acknowledged a write: C(N−W, R) / C(N, R). Computed as the product ∏_{i<R} (N−W−i)/(N−i), whose
 * factors are all in [0, 1], so it neither overflows nor loses precision for N in the thousands.
 */
export function quorumMissProbability(n: number, r: number, w: number): number {
  checkQuorum(n, r, w);
  return missProbability(n, r, w);
}

/**
 * k-staleness: the probability that a read returns a value older than the k most recent acknowledged
 * versions, when each of those writes reached an independent uniform W-subset (PBS §3.2):
 * (C(N−W, R) / C(N, R))^k. k = 1 is the probability of missing the latest write.
 */
export function kStalenessProbability(n: number, r: number, w: number, k = 1): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1 (got ${k})`);
  return quorumMissProbability(n, r, w) ** k;
}

/**
 * Replicas in sites (datacenters, regions) and the coordinators of reads and writes drawn among them, as
 * PBS's WAN model has it: "Reads and writes originate in a random datacenter, and, accordingly, one replica
 * command completes quickly and the coordinator routes the others remotely" (Bailis et al., VLDB 2012, §6.2;
 * in their simulator, the reading and the writing datacenter are drawn independently and uniformly for each
 * trial). A message between a coordinator and a replica of its own site uses `local`, any other `remote`.
 */
export interface TVisibilitySites {
  /** The site (index) of each replica; length N. */
  replicaSite: readonly number[];
  local: LatencyLegs;
  remote: LatencyLegs;
  /** Relative weight of each site as the origin of writes, and of reads (one entry per site, not all zero). */
  writers: readonly number[];
  readers: readonly number[];
}

export interface TVisibilityOptions {
  n: number;
  r: number;
  w: number;
  /** One set of legs for every replica, or one per replica. Ignored when `sites` is given. */
  legs?: LatencyLegs | LatencyLegs[];
  /** Replicas in sites, coordinators drawn per trial (the WAN model). */
  sites?: TVisibilitySites;
  /**
   * A fixed number of trials, or 'auto' (default): batches of trials until the 95% confidence interval of the
   * 99.9% time is within ±`precision` of it (or `maxTrials` is reached).
   */
  trials?: number | 'auto';
  /** Relative half-width of the 99.9% time's confidence interval at which 'auto' stops (default 0.05). */
  precision?: number;
  /** Upper bound for 'auto' (default 3,200,000). */
  maxTrials?: number;
  seed?: number;
  /** Times after commit (ms) at which to report the probability of a consistent read. */
  times?: number[];
}

export interface TVisibilityResult {
  trials: number;
  /** P(consistent read) for each requested t. */
  points: { t: number; probability: number }[];
  /** P(consistent read) for a read issued at the instant the write commits. */
  atCommit: number;
  /** Smallest t (ms after commit) at which reads are consistent with probability ≥ 99% / 99.9%. */
  t99: number;
  t999: number;
  /** 95% confidence intervals of t99 and t999 (order-statistic bounds: exact in distribution, no normality assumed of the times). */
  t99Interval: [number, number];
  t999Interval: [number, number];
  /** Probability consistent at any t (ms after commit), from the sorted per-trial thresholds. */
  probabilityAt(t: number): number;
}

const AUTO_FIRST_BATCH = 20_000;
const AUTO_MAX_TRIALS = 3_200_000;
const AUTO_PRECISION = 0.05;

/**
 * Monte Carlo t-visibility under WARS. Each trial draws, per replica i, w_i (write arrives), a_i (ack
 * returns), r_i (read arrives), s_i (response returns). The write commits when the W-th fastest ack is back
 * (at the W-th smallest w_i + a_i). A read issued t ms after commit reaches replica i at commit + t + r_i and
 * uses the first R responses (smallest r_i + s_i); it is consistent if one of those replicas already had the
 * write: w_i ≤ commit + t + r_i.
 *
 * Which replicas answer first does not depend on t, so each trial reduces to one threshold
 * τ = min over the first R of (w_i − commit − r_i): the read is consistent iff t ≥ τ. Sorting the τs once
 * answers every t. A tail quantile needs many trials (the 99.9% time rests on the last 0.1% of them), so by
 * default trials are added until its confidence interval is narrow.
 */
export function tVisibility(options: TVisibilityOptions): TVisibilityResult {
  const { n, r, w } = options;
  checkQuorum(n, r, w);
  const rng = new Rng(options.seed ?? 1);
  const trial = trialFunction(options);
  const fixed = typeof options.trials === 'number' ? options.trials : undefined;
  if (fixed !== undefined && (!Number.isInteger(fixed) || fixed < 1))
    throw new RangeError(`trials must be a whole number ≥ 1 (got ${fixed})`);
  const precision = options.precision ?? AUTO_PRECISION;
  const maxTrials = Math.max(AUTO_FIRST_BATCH, options.maxTrials ?? AUTO_MAX_TRIALS);
  let taus = new Float64Array(fixed ?? AUTO_FIRST_BATCH);
  let done = 0;
  for (;;) {
    for (; done < taus.length; done++) taus[done] = trial(rng);
    if (fixed !== undefined) break;
    const sorted = taus.slice().sort();
    const est = quantileTime(sorted, 0.999);
    const [lo, hi] = quantileInterval(sorted, 0.999);
    // Stable enough: the interval is within ±precision of the estimate (or the tail is at 0: always consistent).
    if (hi - lo <= 2 * precision * Math.max(est, 1e-9) || hi === 0 || done >= maxTrials) break;
    const grown = new Float64Array(Math.min(maxTrials, done * 2));
    grown.set(taus);
    taus = grown;
  }
  taus.sort();
  const trials = taus.length;
  const probabilityAt = (t: number): number => upperBound(taus, t) / trials;
  return {
    trials,
    points: (options.times ?? [0, 1, 5, 10, 50, 100]).map((t) => ({ t, probability: probabilityAt(t) })),
    atCommit: probabilityAt(0),
    t99: quantileTime(taus, 0.99),
    t999: quantileTime(taus, 0.999),
    t99Interval: quantileInterval(taus, 0.99),
    t999Interval: quantileInterval(taus, 0.999),
    probabilityAt,
  };
}

/** The q-quantile of the thresholds as a time after commit (a read before commit is not asked about). */
function quantileTime(sorted: Float64Array, q: number): number {
  return Math.max(0, sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
}

/**
 * A 95% confidence interval for the q-quantile from n sorted samples: the order statistics at ranks
 * nq ∓ 1.96·√(nq(1−q)) (the binomial count of samples below the true quantile, normal approximation;
 * e.g. Conover, Practical Nonparametric Statistics, §3.2).
 */
function quantileInterval(sorted: Float64Array, q: number): [number, number] {
  const n = sorted.length;
  const spread = 1.96 * Math.sqrt(n * q * (1 - q));
  const lo = Math.max(0, Math.floor(n * q - spread) - 1);
  const hi = Math.min(n - 1, Math.ceil(n * q + spread) - 1);
  return [Math.max(0, sorted[lo]), Math.max(0, sorted[hi])];
}

/** One trial's threshold τ, with everything compiled once. */
function trialFunction(options: TVisibilityOptions): (rng: Rng) => number {
  const { n, r, w } = options;
  // Compile once per distinct legs object: WAN designs share two of them among N replicas.
  const cache = new Map<LatencyLegs, Sampler[]>();
  const compiled = (legs: LatencyLegs) => {
    let c = cache.get(legs);
    if (!c)
      cache.set(
        legs,
        (c = [compileSampler(legs.write), compileSampler(legs.ack), compileSampler(legs.read), compileSampler(legs.response)]),
      );
    return c;
  };
  const wArr = new Float64Array(n);
  const rArr = new Float64Array(n);
  const wa = new Float64Array(n);
  const rs = new Float64Array(n);
  const order = new Int32Array(n);
  const threshold = (): number => {
    const commit = selectKth(wa, w - 1);
    selectSmallestIndices(rs, order, r);
    let tau = Infinity;
    for (let j = 0; j < r; j++) {
      const i = order[j];
      const x = wArr[i] - commit - rArr[i];
      if (x < tau) tau = x;
    }
    return tau;
  };
  if (options.sites) {
    const { replicaSite, writers, readers } = options.sites;
    if (replicaSite.length !== n) throw new RangeError(`sites for ${replicaSite.length} replicas, but N = ${n}`);
    const local = compiled(options.sites.local);
    const remote = compiled(options.sites.remote);
    const pickWriter = weightedPicker(writers);
    const pickReader = weightedPicker(readers);
    return (rng) => {
      const ws = pickWriter(rng);
      const rsite = pickReader(rng);
      for (let i = 0; i < n; i++) {
        const wl = replicaSite[i] === ws ? local : remote;
        const rl = replicaSite[i] === rsite ? local : remote;
        const wi = wl[0](rng);
        const ri = rl[2](rng);
        wArr[i] = wi;
        rArr[i] = ri;
        wa[i] = wi + wl[1](rng);
        rs[i] = ri + rl[3](rng);
        order[i] = i;
      }
      return threshold();
    };
  }
  const legs = options.legs ?? [];
  const perReplica = Array.isArray(legs) ? legs : Array.from({ length: n }, () => legs);
  if (perReplica.length !== n) throw new RangeError(`legs for ${perReplica.length} replicas, but N = ${n}`);
  const samplers = perReplica.map(compiled);
  return (rng) => {
    for (let i = 0; i < n; i++) {
      const sm = samplers[i];
      const wi = sm[0](rng);
      const ri = sm[2](rng);
      wArr[i] = wi;
      rArr[i] = ri;
      wa[i] = wi + sm[1](rng);
      rs[i] = ri + sm[3](rng);
      order[i] = i;
    }
    return threshold();
  };
}

/** Draws an index with probability proportional to its weight. */
function weightedPicker(weights: readonly number[]): (rng: Rng) => number {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0) || weights.some((x) => !(x >= 0))) throw new RangeError('site weights must be ≥ 0 and not all zero');
  const cumulative: number[] = [];
  let sum = 0;
  for (const x of weights) cumulative.push((sum += x / total));
  return (rng) => {
    const u = rng.next();
    for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]) return i;
    return cumulative.length - 1;
  };
}

/** Number of elements ≤ x in a sorted array. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The k-th smallest (0-based) of `xs`, by quickselect. Reorders `xs` in place, which is fine: the caller
 * only keeps w_i and r_i separately and `wa` is scratch.
 */
function selectKth(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return xs[k];
}

/** Partially order `idx` so that its first `count` entries index the `count` smallest keys (quickselect on indices). */
function selectSmallestIndices(keys: Float64Array, idx: Int32Array, count: number): void {
  if (count >= idx.length) return;
  const k = count - 1;
  let lo = 0;
  let hi = idx.length - 1;
  while (lo < hi) {
    const pivot = keys[idx[(lo + hi) >>> 1]];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (keys[idx[i]] < pivot) i++;
      while (keys[idx[j]] > pivot) j--;
      if (i <= j) {
        const t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
}
