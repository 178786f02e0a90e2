// Latency expressions: the forms the language accepts and precise errors for the ones it does not.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meanOf, parseLatency } from '../../../server/src/core/semantics/latency';

describe('latency expressions', () => {
  it('parses every documented form', () => {
    assert.deepEqual(parseLatency('2.5'), { ok: true, dist: { kind: 'constant', value: 2.5 } });
    assert.deepEqual(parseLatency('exponential(0.6)'), { ok: true, dist: { kind: 'exponential', mean: 0.6 } });
    assert.deepEqual(parseLatency('uniform(1, 3)'), { ok: true, dist: { kind: 'uniform', lo: 1, hi: 3 } });
    const mix = parseLatency('38% pareto(1.05, 1.51) + 62% exponential(5.46)');
    assert.ok(
      mix.ok && mix.dist.kind === 'mix' && mix.dist.parts.length === 2 && Math.abs(mix.dist.parts[0].weight - 0.38) < 1e-12,
    );
    const sum = parseLatency('75 + exponential(2)');
    assert.ok(sum.ok && sum.dist.kind === 'sum');
    assert.ok(sum.ok && Math.abs(meanOf(sum.dist) - 77) < 1e-12);
  });

  it('points at what is wrong', () => {
    const cases: [string, RegExp, string][] = [
      ['exponentail(1)', /unknown distribution 'exponentail'/, 'exponentail'],
      ['pareto(1)', /pareto takes 2 arguments/, 'pareto(1)'],
      ['40% exponential(1) + 50% exponential(2)', /add up to 90%/, '40% exponential(1) + 50% exponential(2)'],
      ['exponential(1', /expected '\)'/, ''],
      ['normal(1, 2) x', /unexpected 'x'/, 'x'],
      ['', /empty/, ''],
      ['uniform(3, 1)', /0 ≤ lo ≤ hi/, 'uniform(3, 1)'],
    ];
    for (const [text, message, at] of cases) {
      const r = parseLatency(text);
      assert.ok(!r.ok, text);
      assert.match(r.error.message, message);
      assert.equal(text.slice(r.error.start, r.error.end), at, text);
    }
  });
});
