// Seeded pseudo-random numbers (xoshiro128** seeded through splitmix32) and sampling of latency distributions.
// Everything random in the simulator flows from here so that one seed reproduces a run exactly, in Node and
// in the browser alike (Math.random is never used).

import type { Distribution } from '../semantics/latency';

const TWO_POW_32 = 4294967296;

/** splitmix32: spreads a small or sequential seed over all 32 bits so nearby seeds give unrelated streams. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** xoshiro128**: fast, 2^128 − 1 period, good enough statistically for simulation (not for cryptography). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Fold in the high bits too, so seeds that differ only above 2^32 still differ.
    const st = { s: (seed | 0) ^ Math.floor(seed / TWO_POW_32) };
    this.a = splitmix32(st);
    this.b = splitmix32(st);
    this.c = splitmix32(st);
    this.d = splitmix32(st);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / TWO_POW_32;
  }

  /** Uniform in (0, 1): safe to take the logarithm of, or to raise to a negative power. */
  open(): number {
    return (this.nextU32() + 0.5) / TWO_POW_32;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An independent stream derived from this one: lets each concern (network, workload, timers) draw
   * without perturbing the others when one of them changes how much it draws. */
  fork(): Rng {
    return new Rng(this.nextU32() * TWO_POW_32 + this.nextU32());
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A draw function compiled once from a distribution tree, so hot loops do not walk the tree per sample. */
export type Sampler = (rng: Rng) => number;

/** Compile a distribution into a sampler. The result is clamped at 0: a delay is never negative. */
export function compileSampler(dist: Distribution): Sampler {
  const raw = compileRaw(dist);
  if (dist.kind === 'constant' || dist.kind === 'exponential' || dist.kind === 'pareto') return raw; // never negative
  return (rng) => {
    const x = raw(rng);
    return Math.max(x, 0);
  };
}

/** Draw one value from a distribution (clamped at 0). Compile with `compileSampler` for repeated draws. */
export function sample(dist: Distribution, rng: Rng): number {
  const x = compileRaw(dist)(rng);
  return Math.max(x, 0);
}

function compileRaw(dist: Distribution): Sampler {
  switch (dist.kind) {
    case 'constant': {
      const v = dist.value;
      return () => v;
    }
    case 'exponential': {
      const mean = dist.mean;
      return (rng) => -mean * Math.log(rng.open());
    }
    case 'pareto': {
      // Inverse CDF: P(X > x) = (xm / x)^alpha.
      const xm = dist.xm;
      const inv = -1 / dist.alpha;
      return (rng) => xm * rng.open() ** inv;
    }
    case 'normal': {
      // Box–Muller, one value per pair: keeps the sampler stateless, so draws do not depend on call history.
      const { mean, sd } = dist;
      return (rng) => mean + sd * Math.sqrt(-2 * Math.log(rng.open())) * Math.cos(2 * Math.PI * rng.next());
    }
    case 'uniform': {
      const { lo, hi } = dist;
      return (rng) => lo + (hi - lo) * rng.next();
    }
    case 'mix': {
      const samplers = dist.parts.map((p) => compileRaw(p.dist));
      const total = dist.parts.reduce((s, p) => s + p.weight, 0);
      const cumulative = new Float64Array(dist.parts.length);
      let acc = 0;
      dist.parts.forEach((p, i) => {
        acc += p.weight / total;
        cumulative[i] = acc;
      });
      const last = samplers.length - 1;
      if (samplers.length === 2) {
        // The PBS presets are all two-part mixes: skip the loop.
        const [s0, s1] = samplers;
        const c0 = cumulative[0];
        return (rng) => (rng.next() < c0 ? s0(rng) : s1(rng));
      }
      return (rng) => {
        const u = rng.next();
        for (let i = 0; i < last; i++) if (u < cumulative[i]) return samplers[i](rng);
        return samplers[last](rng);
      };
    }
    case 'sum': {
      // Constant terms (a WAN hop's 75 ms) fold into one offset: no call per draw for them.
      const offset = dist.terms.reduce((s, t) => s + (t.kind === 'constant' ? t.value : 0), 0);
      const samplers = dist.terms.filter((t) => t.kind !== 'constant').map(compileRaw);
      if (samplers.length === 0) return () => offset;
      if (samplers.length === 1) {
        const only = samplers[0];
        return (rng) => only(rng) + offset;
      }
      return (rng) => {
        let s = offset;
        for (let i = 0; i < samplers.length; i++) s += samplers[i](rng);
        return s;
      };
    }
  }
}

/** Estimate a quantile of a distribution by sampling (used to derive protocol timers from the latency model). */
export function estimateQuantile(dist: Distribution, q: number, rng: Rng, draws = 2000): number {
  const s = compileSampler(dist);
  const xs = new Float64Array(draws);
  for (let i = 0; i < draws; i++) xs[i] = s(rng);
  xs.sort();
  return xs[Math.min(draws - 1, Math.floor(q * draws))];
}
