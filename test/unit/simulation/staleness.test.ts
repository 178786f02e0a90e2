// PBS: the k-staleness closed form against brute-force enumeration, and Monte Carlo t-visibility against
// cases whose answer can be worked out by hand.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Distribution } from '../../../server/src/core/semantics/latency';
import {
  binomial,
  kStalenessProbability,
  quorumMissProbability,
  tVisibility,
  LATENCY_PRESETS,
  type LatencyLegs,
} from '../../../server/src/core/simulation/index';

function subsets(n: number, k: number): number[] {
  const out: number[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    let bits = 0;
    for (let m = mask; m; m &= m - 1) bits++;
    if (bits === k) out.push(mask);
  }
  return out;
}

const constant = (value: number): Distribution => ({ kind: 'constant', value });
const legs = (write: Distribution, ack: Distribution, read: Distribution, response: Distribution): LatencyLegs => ({
  write,
  ack,
  read,
  response,
});

describe('binomial', () => {
  test('small values and symmetry', () => {
    assert.equal(binomial(5, 2), 10n);
    assert.equal(binomial(10, 0), 1n);
    assert.equal(binomial(10, 10), 1n);
    assert.equal(binomial(4, 5), 0n);
    assert.equal(binomial(30, 12), binomial(30, 18));
  });

  test('exact for large N (no overflow)', () => {
    // C(1000, 500) has 300 digits; Pascal's rule holds exactly.
    assert.equal(binomial(1000, 500), binomial(999, 499) + binomial(999, 500));
    assert.equal(binomial(1000, 500).toString().length, 300);
  });
});

describe('k-staleness closed form', () => {
  test('matches enumeration of every write and read quorum for small N', () => {
    for (let n = 1; n <= 7; n++)
      for (let r = 1; r <= n; r++)
        for (let w = 1; w <= n; w++) {
          let disjoint = 0;
          let total = 0;
          for (const ws of subsets(n, w))
            for (const rs of subsets(n, r)) {
              total++;
              if ((ws & rs) === 0) disjoint++;
            }
          assert.ok(Math.abs(quorumMissProbability(n, r, w) - disjoint / total) < 1e-12, `N=${n} R=${r} W=${w}`);
        }
  });

  test('k versions: a read misses k independent write quorums with probability p^k (enumerated for k = 2)', () => {
    const n = 5;
    const r = 2;
    const w = 1;
    let miss = 0;
    let total = 0;
    for (const w1 of subsets(n, w))
      for (const w2 of subsets(n, w))
        for (const rs of subsets(n, r)) {
          total++;
          if ((w1 & rs) === 0 && (w2 & rs) === 0) miss++;
        }
    assert.ok(Math.abs(kStalenessProbability(n, r, w, 2) - miss / total) < 1e-12);
  });

  test('overlapping quorums are never stale', () => {
    assert.equal(kStalenessProbability(3, 2, 2), 0);
    assert.equal(kStalenessProbability(1000, 500, 501), 0);
  });

  test('large N agrees with the exact BigInt ratio', () => {
    const [n, r, w] = [400, 30, 50];
    const scale = 10n ** 30n;
    const exact = Number((binomial(n - w, r) * scale) / binomial(n, r)) / 1e30;
    assert.ok(Math.abs(quorumMissProbability(n, r, w) - exact) < 1e-12);
    assert.ok(Math.abs(quorumMissProbability(1000, 1, 1) - 0.999) < 1e-15);
    const p = quorumMissProbability(1000, 100, 100);
    assert.ok(p > 0 && p < 1e-4 && Number.isFinite(p));
  });

  test('rejects quorums outside 1..N', () => {
    assert.throws(() => quorumMissProbability(3, 4, 1), RangeError);
    assert.throws(() => kStalenessProbability(3, 1, 1, 0), RangeError);
  });
});

describe('t-visibility (Monte Carlo, WARS)', () => {
  test('N=3, R=W=1, exponential writes, instant everything else: P(t) = 1/3 + 2/3·(1 − e^(−t/m))', () => {
    const m = 10;
    const zero = constant(0);
    const res = tVisibility({
      n: 3,
      r: 1,
      w: 1,
      legs: legs({ kind: 'exponential', mean: m }, zero, zero, zero),
      trials: 100_000,
      seed: 11,
      times: [0, m, 3 * m],
    });
    const exact = (t: number) => 1 / 3 + (2 / 3) * (1 - Math.exp(-t / m));
    for (const p of res.points)
      assert.ok(Math.abs(p.probability - exact(p.t)) < 0.01, `t=${p.t}: ${p.probability} vs ${exact(p.t)}`);
    // P(t) ≥ 0.99 when e^(−t/m) ≤ 0.015: t = m·ln(200/3).
    assert.ok(Math.abs(res.t99 - m * Math.log(200 / 3)) < 0.05 * m * Math.log(200 / 3), `t99 ${res.t99}`);
    assert.ok(res.t999 > res.t99);
  });

  test('per-replica legs: N=2, replica 2 gets the write 10 ms late, reads go to the replica that answers first', () => {
    // Replica 1 has the write at once, so the write commits at 0. A read picks the replica with the smaller
    // exponential read delay; replica 2 is consistent only if t + r ≥ 10. P(t) = 1/2 + e^(−2(10 − t))/2.
    const zero = constant(0);
    const r: Distribution = { kind: 'exponential', mean: 1 };
    const res = tVisibility({
      n: 2,
      r: 1,
      w: 1,
      legs: [legs(zero, zero, r, zero), legs(constant(10), zero, r, zero)],
      trials: 100_000,
      seed: 3,
      times: [0, 9, 9.5, 10],
    });
    const exact = (t: number) => (t >= 10 ? 1 : 0.5 + Math.exp(-2 * (10 - t)) / 2);
    for (const p of res.points)
      assert.ok(Math.abs(p.probability - exact(p.t)) < 0.01, `t=${p.t}: ${p.probability} vs ${exact(p.t)}`);
  });

  test('overlapping quorums are consistent at commit whatever the latencies', () => {
    const res = tVisibility({ n: 3, r: 2, w: 2, legs: LATENCY_PRESETS['lnkd-disk'].local, trials: 20_000, seed: 1 });
    assert.equal(res.atCommit, 1);
    assert.equal(res.t99, 0);
  });

  test('partial quorums with slow disk writes are not (PBS: lnkd-disk N=3 R=W=1 is far from consistent at commit)', () => {
    const res = tVisibility({
      n: 3,
      r: 1,
      w: 1,
      legs: LATENCY_PRESETS['lnkd-disk'].local,
      trials: 50_000,
      seed: 1,
      times: [0, 10, 100],
    });
    assert.ok(res.atCommit < 0.9, `atCommit ${res.atCommit}`);
    const [p0, p10, p100] = res.points.map((p) => p.probability);
    assert.ok(p0 < p10 && p10 < p100, 'probability grows with t');
    assert.ok(res.t999 >= res.t99 && res.t99 > 0);
  });

  test('the same seed reproduces the estimate', () => {
    const run = () => tVisibility({ n: 5, r: 2, w: 2, legs: LATENCY_PRESETS.ymmr.local, trials: 5_000, seed: 8 }).points;
    assert.deepEqual(run(), run());
  });
});
