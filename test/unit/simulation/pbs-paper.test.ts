// The published figures of PBS (Bailis et al., "Probabilistically Bounded Staleness for Practical Partial
// Quorums", VLDB 2012), each reproduced by the same model `cap-lens staleness` and the staleness tab use:
// §6.2's text (consistency at commit, and 10 ms after for LNKD-DISK), Table 4 (the 99.9% times for N = 3) and
// §6.3's sweep over N (R = W = 1).
//
// Tolerances. A probability at commit must match within one point. A 99.9% time is a tail quantile, and the
// paper measured it with 50,000 reads per point of a time grid (0.01 ms for LNKD-SSD, 0.1 ms for LNKD-DISK
// and WAN, 1 ms for YMMR), reporting the first point that reached 99.9% (its simulator, nrw_solver/Simulator.java
// in the paper's repository). That estimator runs early and scatters: the tolerance is the band that such a
// sweep lands in 99% of the time, computed exactly from our curve, widened to our own 95% confidence
// interval of the true time (the N sweep evidently used more reads: 53.7 ms for N = 10 is the true time,
// beyond the 50,000-read band).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { tVisibility, type TVisibilityResult } from '../../../server/src/core/simulation/index';
import { visibilityModel, visibilityOptions } from '../../../server/src/core/simulation/staleness-sites';

type Preset = 'lnkd-ssd' | 'lnkd-disk' | 'ymmr' | 'wan';
const TRIALS = 200_000;

/** t-visibility as `cap-lens staleness` computes it; WAN with one replica per datacenter, as the paper. */
function run(preset: Preset, n: number, r: number, w: number): TVisibilityResult {
  const placement = preset === 'wan' ? Array.from({ length: n }, (_, i) => ({ region: `dc${i + 1}`, count: 1 })) : undefined;
  return tVisibility({
    n,
    r,
    w,
    ...visibilityOptions(visibilityModel(n, placement, preset)),
    trials: TRIALS,
    seed: 1,
    times: [0, 10],
  });
}

/** P(X ≤ k) for X ~ Poisson(λ), the binomial count of stale reads among 50,000 when staleness is rare. */
function poissonCdf(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let sum = term;
  for (let i = 1; i <= k; i++) sum += term *= lambda / i;
  return Math.min(1, sum);
}

const grid = (from: number, to: number, step: number) =>
  Array.from({ length: Math.round((to - from) / step) }, (_, i) => Math.round((from + i * step) * 1000) / 1000);
const GRID: Record<Preset, number[]> = {
  'lnkd-ssd': grid(0, 4, 0.01),
  'lnkd-disk': grid(0, 150, 0.1),
  wan: grid(0, 150, 0.1),
  ymmr: grid(1, 1500, 1),
};

/**
 * Where the paper's sweep lands: at each grid time t the sweep passes when at most 50 of 50,000 fresh reads
 * are stale; the reported time is the first pass. Returns the 0.5% and 99.5% points of that first pass.
 */
function sweepBand(res: TVisibilityResult, times: number[]): [number, number] {
  let notYet = 1;
  let lo = Infinity;
  let hi = Infinity;
  for (const t of times) {
    notYet *= 1 - poissonCdf(50, 50_000 * (1 - res.probabilityAt(t)));
    if (lo === Infinity && 1 - notYet >= 0.005) lo = t;
    if (hi === Infinity && 1 - notYet >= 0.995) hi = t;
  }
  return [lo, hi];
}

function assertTime(preset: Preset, res: TVisibilityResult, published: number): void {
  const [lo, hi] = sweepBand(res, GRID[preset]);
  const from = Math.min(lo, res.t999Interval[0]);
  const to = Math.max(hi, res.t999Interval[1]);
  assert.ok(
    published >= from && published <= to,
    `published ${published} ms outside [${from}, ${to}] (sweep band ${lo}–${hi}, our 99.9% time ${res.t999.toFixed(2)} ms, CI ${res.t999Interval.map((x) => x.toFixed(2)).join('–')})`,
  );
}

function assertPercent(actual: number, published: number, what: string): void {
  assert.ok(Math.abs(actual * 100 - published) <= 1, `${what}: ${(actual * 100).toFixed(2)}% vs the paper's ${published}%`);
}

describe('PBS, VLDB 2012: the production latency fits (N = 3)', () => {
  // [preset, R, W, published 99.9% time (Table 4)]
  const table: [Preset, number, number, number][] = [
    ['lnkd-ssd', 1, 1, 1.85],
    ['lnkd-ssd', 1, 2, 1.79],
    ['lnkd-ssd', 2, 1, 0],
    ['lnkd-disk', 1, 1, 45.5],
    ['lnkd-disk', 1, 2, 43.3],
    ['lnkd-disk', 2, 1, 13.6],
    ['ymmr', 1, 1, 1364],
    ['ymmr', 1, 2, 1352],
    ['ymmr', 2, 1, 202],
    ['wan', 1, 1, 113.0],
    ['wan', 1, 2, 0],
    ['wan', 2, 1, 30.2],
  ];
  // §6.2: consistency at commit for R = W = 1.
  const atCommit: Partial<Record<Preset, number>> = { 'lnkd-ssd': 97.4, 'lnkd-disk': 43.9, ymmr: 89.3, wan: 33 };

  for (const [preset, r, w, published] of table)
    test(`${preset} R=${r} W=${w}: 99.9% consistent after ${published} ms${r === 1 && w === 1 ? `, ${atCommit[preset]}% at commit` : ''}`, () => {
      const res = run(preset, 3, r, w);
      assertTime(preset, res, published);
      if (r === 1 && w === 1) assertPercent(res.atCommit, atCommit[preset]!, `${preset} at commit`);
      if (preset === 'lnkd-disk' && r === 1 && w === 1)
        assertPercent(res.probabilityAt(10), 92.5, 'lnkd-disk 10 ms after commit');
    });
});

describe('PBS, VLDB 2012: LNKD-DISK with R = W = 1 as N grows (§6.3)', () => {
  for (const [n, commit, published] of [
    [2, 57.5, 45.3],
    [10, 21.1, 53.7],
  ] as const)
    test(`N=${n}: ${commit}% at commit, 99.9% after ${published} ms`, () => {
      const res = run('lnkd-disk', n, 1, 1);
      assertPercent(res.atCommit, commit, `N=${n} at commit`);
      assertTime('lnkd-disk', res, published);
    });
});

describe('adaptive trials', () => {
  test('the 99.9% time is stable to ±10% between seeds, with its confidence interval (LNKD-DISK R=1 W=2)', () => {
    const runs = [1, 2].map((seed) =>
      tVisibility({ n: 3, r: 1, w: 2, ...visibilityOptions(visibilityModel(3, undefined, 'lnkd-disk')), seed }),
    );
    const mean = (runs[0].t999 + runs[1].t999) / 2;
    for (const res of runs) {
      assert.ok(Math.abs(res.t999 - mean) <= 0.1 * mean, `${runs.map((x) => x.t999.toFixed(1)).join(' vs ')} ms`);
      const [lo, hi] = res.t999Interval;
      assert.ok(lo <= res.t999 && res.t999 <= hi && hi - lo <= 0.1 * res.t999 + 1e-9, `CI ${lo}–${hi}`);
      assert.ok(res.trials > 200_000, `${res.trials} trials`);
    }
  });

  test('stops early when the tail is already certain (overlapping quorums)', () => {
    const res = tVisibility({ n: 3, r: 2, w: 2, ...visibilityOptions(visibilityModel(3, undefined, 'lnkd-disk')), seed: 1 });
    assert.equal(res.trials, 20_000);
    assert.deepEqual(res.t999Interval, [0, 0]);
  });
});
