// Scenario quantities read the same with any amount of surrounding space, and in time linear in their
// length (each parser once backtracked quadratically on a long run of spaces: seconds per value).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parsePercent, parseRate, parseThreshold } from '../../../server/src/core/simulation/units';

const pad = ' '.repeat(60_000);

describe('scenario quantities', () => {
  it('read values padded with long runs of spaces', () => {
    assert.equal(parseDuration(`${pad}30${pad}s${pad}`), 30_000);
    assert.equal(parsePercent(`${pad}80${pad}%${pad}`), 80);
    assert.equal(parseRate(`${pad}200${pad}/${pad}s${pad}`), 200);
    assert.deepEqual(parseThreshold(`${pad}>=${pad}99${pad}%${pad}`, '<='), {
      op: '>=',
      value: 0.99,
      unit: 'fraction',
      text: `>=${pad}99${pad}%`,
    });
  });

  it('refuse a long run of spaces that ends in something else', () => {
    for (const text of [`1${pad}x`, `${pad}x`, `1%${pad}x`, `<${pad}x`]) {
      assert.equal(parseDuration(text), undefined);
      assert.equal(parsePercent(text), undefined);
      assert.equal(parseRate(text), undefined);
      assert.equal(parseThreshold(text, '<='), undefined);
    }
  });
});
