// Seeded randomness and distribution sampling: reproducibility and the moments of each distribution kind.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Distribution } from '../../../server/src/core/semantics/latency';
import { compileSampler, Rng, sample } from '../../../server/src/core/simulation/index';

function mean(dist: Distribution, draws = 200_000, seed = 7): number {
  const rng = new Rng(seed);
  const s = compileSampler(dist);
  let sum = 0;
  for (let i = 0; i < draws; i++) sum += s(rng);
  return sum / draws;
}

describe('Rng', () => {
  test('the same seed gives the same stream, a different seed a different one', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const xs = Array.from({ length: 100 }, () => a.nextU32());
    assert.deepEqual(
      Array.from({ length: 100 }, () => b.nextU32()),
      xs,
    );
    assert.notDeepEqual(
      Array.from({ length: 100 }, () => c.nextU32()),
      xs,
    );
  });

  test('floats stay in range and int(n) covers [0, n) evenly', () => {
    const rng = new Rng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) {
      const u = rng.next();
      assert.ok(u >= 0 && u < 1);
      const o = rng.open();
      assert.ok(o > 0 && o < 1);
      counts[rng.int(10)]++;
    }
    for (const c of counts) assert.ok(Math.abs(c - 10_000) < 500, `bucket count ${c}`);
  });

  test('forked streams are independent of how much the parent draws afterwards', () => {
    const p1 = new Rng(9);
    const f1 = p1.fork();
    const p2 = new Rng(9);
    const f2 = p2.fork();
    p2.nextU32();
    assert.equal(f1.nextU32(), f2.nextU32());
  });
});

describe('sampling', () => {
  const close = (actual: number, expected: number, rel = 0.02) =>
    assert.ok(Math.abs(actual - expected) <= rel * expected, `${actual} vs ${expected}`);

  test('each distribution kind has the right mean', () => {
    close(mean({ kind: 'constant', value: 3 }), 3, 0);
    close(mean({ kind: 'exponential', mean: 5 }), 5);
    close(mean({ kind: 'uniform', lo: 2, hi: 6 }), 4);
    close(mean({ kind: 'normal', mean: 10, sd: 2 }), 10);
    // Pareto mean α·xm/(α−1); α = 3 keeps the variance finite so the sample mean settles.
    close(mean({ kind: 'pareto', xm: 2, alpha: 3 }), 3);
    close(
      mean({
        kind: 'sum',
        terms: [
          { kind: 'constant', value: 75 },
          { kind: 'exponential', mean: 2 },
        ],
      }),
      77,
    );
    close(
      mean({
        kind: 'mix',
        parts: [
          { weight: 0.25, dist: { kind: 'constant', value: 8 } },
          { weight: 0.75, dist: { kind: 'constant', value: 0 } },
        ],
      }),
      2,
    );
  });

  test('mixes with more than two parts pick each part by its weight', () => {
    const parts = [0.2, 0.3, 0.5].map((weight, i) => ({ weight, dist: { kind: 'constant', value: i } as Distribution }));
    const s = compileSampler({ kind: 'mix', parts });
    const rng = new Rng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 100_000; i++) counts[s(rng)]++;
    assert.ok(
      Math.abs(counts[0] - 20_000) < 800 && Math.abs(counts[1] - 30_000) < 800 && Math.abs(counts[2] - 50_000) < 800,
      String(counts),
    );
  });

  test('draws are clamped at zero', () => {
    const rng = new Rng(5);
    let min = Infinity;
    for (let i = 0; i < 10_000; i++) min = Math.min(min, sample({ kind: 'normal', mean: 0, sd: 5 }, rng));
    assert.equal(min, 0);
  });

  test('pareto draws never fall below xm', () => {
    const rng = new Rng(5);
    const s = compileSampler({ kind: 'pareto', xm: 0.235, alpha: 10 });
    for (let i = 0; i < 10_000; i++) assert.ok(s(rng) >= 0.235);
  });
});
