// compactStrings keeps every value as it was: it only changes how V8 stores the strings.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactStrings } from '../../../server/src/core/text/compact';

test('compactStrings leaves a cyclic, partly frozen analysis-like value equal to what it was', () => {
  const n = 7;
  const frozen = Object.freeze({ id: 'cassandra', levels: Object.freeze(['ONE', 'QUORUM']) });
  const value: Record<string, unknown> = {
    message: `R+W = ${n}+${n - 5} = ${n + n - 5} > N`,
    list: [`a${n}`, { deep: `x${n}y` }],
    engine: frozen,
    map: new Map([['k', 'v']]),
  };
  value.self = value;
  const before = { message: value.message, list: JSON.stringify(value.list), engine: frozen };
  assert.equal(compactStrings(value), value);
  assert.equal(value.message, 'R+W = 7+2 = 9 > N');
  assert.equal(value.message, before.message);
  assert.equal(JSON.stringify(value.list), before.list);
  assert.equal(value.engine, frozen);
  assert.equal(value.self, value);
});
