// The PBS latency presets: published parameters (rates turned into means) and leg resolution.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Distribution } from '../../../server/src/core/semantics/latency';
import { LATENCY_PRESETS, resolveLatency } from '../../../server/src/core/simulation/index';

function parts(d: Distribution): { weight: number; dist: Distribution }[] {
  assert.equal(d.kind, 'mix');
  return (d as Extract<Distribution, { kind: 'mix' }>).parts;
}

describe('LATENCY_PRESETS', () => {
  test('lnkd-ssd: 91.22% pareto(0.235, 10) + 8.78% exponential(rate 1.66) on every leg', () => {
    const legs = LATENCY_PRESETS['lnkd-ssd'].local;
    for (const leg of [legs.write, legs.ack, legs.read, legs.response]) {
      const [p, e] = parts(leg);
      assert.equal(p.weight, 0.9122);
      assert.deepEqual(p.dist, { kind: 'pareto', xm: 0.235, alpha: 10 });
      assert.ok(Math.abs(e.weight - 0.0878) < 1e-12);
      assert.deepEqual(e.dist, { kind: 'exponential', mean: 1 / 1.66 });
    }
  });

  test('lnkd-disk: a slow write leg, the rest as lnkd-ssd', () => {
    const legs = LATENCY_PRESETS['lnkd-disk'].local;
    const [p, e] = parts(legs.write);
    assert.equal(p.weight, 0.38);
    assert.deepEqual(p.dist, { kind: 'pareto', xm: 1.05, alpha: 1.51 });
    assert.ok(Math.abs((e.dist as { mean: number }).mean - 5.464) < 0.001);
    assert.deepEqual(legs.ack, LATENCY_PRESETS['lnkd-ssd'].local.ack);
  });

  test('ymmr: separate write and other legs', () => {
    const legs = LATENCY_PRESETS.ymmr.local;
    const [wp, we] = parts(legs.write);
    assert.equal(wp.weight, 0.939);
    assert.deepEqual(wp.dist, { kind: 'pareto', xm: 3, alpha: 3.35 });
    assert.ok(Math.abs((we.dist as { mean: number }).mean - 1 / 0.0028) < 1e-9);
    const [rp, re] = parts(legs.read);
    assert.equal(rp.weight, 0.982);
    assert.deepEqual(rp.dist, { kind: 'pareto', xm: 1.5, alpha: 3.8 });
    assert.ok(Math.abs((re.dist as { mean: number }).mean - 1 / 0.0217) < 1e-9);
  });
});

describe('resolveLatency', () => {
  test('nothing declared: lnkd-ssd', () => {
    assert.deepEqual(resolveLatency(undefined, { crossRegion: false }), LATENCY_PRESETS['lnkd-ssd'].local);
  });

  test('wan adds 75 ms only to legs that cross regions', () => {
    assert.deepEqual(resolveLatency('wan', { crossRegion: false }), LATENCY_PRESETS['lnkd-disk'].local);
    const remote = resolveLatency('wan', { crossRegion: true });
    assert.deepEqual(remote.read, {
      kind: 'sum',
      terms: [LATENCY_PRESETS['lnkd-disk'].local.read, { kind: 'constant', value: 75 }],
    });
  });

  test('declared legs override the preset; missing legs come from it', () => {
    const write: Distribution = { kind: 'constant', value: 9 };
    const legs = resolveLatency({ preset: 'ymmr', legs: { write } }, { crossRegion: false });
    assert.equal(legs.write, write);
    assert.equal(legs.ack, LATENCY_PRESETS.ymmr.local.ack);
    const bare = resolveLatency({ write }, { crossRegion: true });
    assert.equal(bare.write, write);
    assert.equal(bare.read, LATENCY_PRESETS['lnkd-ssd'].local.read);
  });

  test('an unknown preset name falls back to the default', () => {
    assert.deepEqual(resolveLatency('lnkd-floppy', { crossRegion: false }), LATENCY_PRESETS['lnkd-ssd'].local);
  });
});
