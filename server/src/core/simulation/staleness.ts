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
  return Math.pow(quorumMissProbability(n, r, w), k);
}

export interface TVisibilityOptions {
  n: number;
  r: number;
  w: number;
  /** One set of legs for every replica, or one per replica (e.g. WAN: local and remote replicas differ). */
  legs: LatencyLegs | LatencyLegs[];
  trials?: number;
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
  /** Probability consistent at any t (ms after commit), from the sorted per-trial thresholds. */
  probabilityAt(t: number): number;
}

/**
 * Monte Carlo t-visibility under WARS. Each trial draws, per replica i, w_i (write arrives), a_i (ack
 * returns), r_i (read arrives), s_i (response returns). The write commits when the W-th fastest ack is back
 * (at the W-th smallest w_i + a_i). A read issued t ms after commit reaches replica i at commit + t + r_i and
 * uses the first R responses (smallest r_i + s_i); it is consistent if one of those replicas already had the
 * write: w_i ≤ commit + t + r_i.
 *
 * Which replicas answer first does not depend on t, so each trial reduces to one threshold
 * τ = min over the first R of (w_i − commit − r_i): the read is consistent iff t ≥ τ. Sorting the τs once
 * answers every t.
 */
export function tVisibility(options: TVisibilityOptions): TVisibilityResult {
  const { n, r, w } = options;
  checkQuorum(n, r, w);
  const trials = options.trials ?? 100_000;
  const rng = new Rng(options.seed ?? 1);
  const perReplica = Array.isArray(options.legs) ? options.legs : Array.from({ length: n }, () => options.legs as LatencyLegs);
  if (perReplica.length !== n) throw new RangeError(`legs for ${perReplica.length} replicas, but N = ${n}`);
  // Compile once per distinct legs object: WAN designs share two of them among N replicas.
  const cache = new Map<LatencyLegs, Sampler[]>();
  const samplers = perReplica.map((legs) => {
    let s = cache.get(legs);
    if (!s) cache.set(legs, (s = [compileSampler(legs.write), compileSampler(legs.ack), compileSampler(legs.read), compileSampler(legs.response)]));
    return s;
  });
  const sw = samplers.map((s) => s[0]);
  const sa = samplers.map((s) => s[1]);
  const sr = samplers.map((s) => s[2]);
  const ss = samplers.map((s) => s[3]);

  const wArr = new Float64Array(n);
  const rArr = new Float64Array(n);
  const wa = new Float64Array(n);
  const rs = new Float64Array(n);
  const order = new Int32Array(n);
  const taus = new Float64Array(trials);

  for (let trial = 0; trial < trials; trial++) {
    for (let i = 0; i < n; i++) {
      const wi = sw[i](rng);
      const ri = sr[i](rng);
      wArr[i] = wi;
      rArr[i] = ri;
      wa[i] = wi + sa[i](rng);
      rs[i] = ri + ss[i](rng);
      order[i] = i;
    }
    const commit = selectKth(wa, w - 1);
    selectSmallestIndices(rs, order, r);
    let tau = Infinity;
    for (let j = 0; j < r; j++) {
      const i = order[j];
      const x = wArr[i] - commit - rArr[i];
      if (x < tau) tau = x;
    }
    taus[trial] = tau;
  }
  taus.sort();

  const probabilityAt = (t: number): number => upperBound(taus, t) / trials;
  const quantileTime = (q: number): number => Math.max(0, taus[Math.min(trials - 1, Math.ceil(q * trials) - 1)]);
  return {
    trials,
    points: (options.times ?? [0, 1, 5, 10, 50, 100]).map((t) => ({ t, probability: probabilityAt(t) })),
    atCommit: probabilityAt(0),
    t99: quantileTime(0.99),
    t999: quantileTime(0.999),
    probabilityAt,
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
