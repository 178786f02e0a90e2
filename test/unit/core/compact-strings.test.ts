// compactStrings reaches exactly the strings a cached analysis holds in arrays and plain objects, once each,
// and leaves every value as it was: it only changes how V8 stores them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactStrings, forEachString } from '../../../server/src/core/text/compact';

class Engine {
  id = 'in-a-class';
}

test('forEachString visits arrays and plain objects once each, and enters no frozen object, map or class instance', () => {
  const shared = { reason: 'shared' };
  const value: Record<string, unknown> = {
    message: 'top',
    list: ['a', { deep: 'b' }, shared, shared],
    frozen: Object.freeze({ id: 'frozen' }),
    map: new Map([['k', 'in-a-map']]),
    engine: new Engine(),
    n: 7,
  };
  value.self = value;
  const seen: string[] = [];
  forEachString(value, (s) => seen.push(s));
  assert.deepEqual(seen, ['top', 'a', 'b', 'shared']);
});

test('compactStrings leaves a cyclic, partly frozen value equal to what it was', () => {
  const n = 7;
  const frozen = Object.freeze({ id: 'cassandra' });
  const value: Record<string, unknown> = { message: `R+W = ${n}+${n - 5} = ${n + n - 5} > N`, list: [`a${n}`], engine: frozen };
  value.self = value;
  assert.equal(compactStrings(value), value);
  assert.equal(value.message, 'R+W = 7+2 = 9 > N');
  assert.deepEqual(value.list, ['a7']);
  assert.equal(value.engine, frozen);
  assert.equal(value.self, value);
});
