// Reading Jepsen histories: the log format and EDN (one map per line, or a vector), pairing invocations with
// completions, independent keys, and errors with line numbers instead of exceptions.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkLinearizability, parseJepsenEdn, parseJepsenHistory, parseJepsenLog } from '../../../server/src/core/simulation/index';

const LOG = `2015-05-07 16:13:38,397{GMT}	INFO	[main] jepsen.core: Running test
INFO  jepsen.util - 0	:invoke	:write	3
INFO  jepsen.util - 1	:invoke	:read	nil
INFO  jepsen.util - 0	:ok	:write	3
INFO  jepsen.util - 1	:ok	:read	3
INFO  jepsen.util - :nemesis	:info	:start	nil
INFO  jepsen.util - 2	:invoke	:cas	[3 4]
INFO  jepsen.util - 3	:invoke	:cas	[1 2]
INFO  jepsen.util - 2	:ok	:cas	[3 4]
INFO  jepsen.util - 3	:fail	:cas	[1 2]
INFO  jepsen.util - 4	:invoke	:write	0
INFO  jepsen.util - 4	:info	:write	0	:timed-out
`;

describe('log format', () => {
  test('pairs invocations and completions per process, skipping other lines and the nemesis', () => {
    const { history, errors, format } = parseJepsenLog(LOG);
    assert.deepEqual(errors, []);
    assert.equal(format, 'log');
    assert.deepEqual(
      history.map((o) => [o.process, o.f, o.value, o.outcome]),
      [
        [0, 'write', 3, 'ok'],
        [1, 'read', 3, 'ok'],
        [2, 'cas', [3, 4], 'ok'],
        [3, 'cas', [1, 2], 'fail'],
        [4, 'write', 0, 'info'],
      ],
    );
    // Times are event positions: the write completes before the read does, and both overlap.
    const [wr, rd] = history;
    assert.ok(wr.invoke < rd.invoke && rd.invoke < wr.complete && wr.complete < rd.complete);
    assert.equal(checkLinearizability(history).linearizable, true);
  });

  test('reports malformed lines with their numbers and keeps going', () => {
    const text = ['INFO  jepsen.util - 0	:invoke	:write	x', 'INFO  jepsen.util - 0	:invoke	:frob	1', 'INFO  jepsen.util - 1	:ok	:read	2', 'INFO  jepsen.util - 2	:invoke	:read	nil', 'INFO  jepsen.util - 2	:ok	:read	5'].join('\n');
    const { history, errors } = parseJepsenLog(text);
    assert.deepEqual(
      errors.map((e) => e.line),
      [1, 2, 3],
    );
    assert.match(errors[0].message, /cannot read value 'x'/);
    assert.match(errors[1].message, /unsupported operation :frob/);
    assert.match(errors[2].message, /without a matching :invoke/);
    assert.deepEqual(
      history.map((o) => [o.f, o.value]),
      [['read', 5]],
    );
  });

  test('an invocation never completed is info; a process invoking twice is reported', () => {
    const text = 'INFO jepsen.util - 0 :invoke :write 1\nINFO jepsen.util - 0 :invoke :write 2\nINFO jepsen.util - 0 :ok :write 2\nINFO jepsen.util - 1 :invoke :write 3\n';
    const { history, errors } = parseJepsenLog(text);
    assert.deepEqual(
      history.map((o) => [o.value, o.outcome]),
      [
        [1, 'info'],
        [2, 'ok'],
        [3, 'info'],
      ],
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 2);
  });
});

describe('EDN', () => {
  const EDN_LINES = `{:type :invoke, :f :write, :value 3, :process 0, :time 100}
{:type :invoke, :f :read, :value nil, :process 1, :time 120}
{:type :ok, :f :write, :value 3, :process 0, :time 150}
{:type :ok, :f :read, :value nil, :process 1, :time 160}
{:type :info, :f :start, :value nil, :process :nemesis, :time 170}
{:type :invoke, :f :cas, :value [3 4], :process 2, :time 200}
{:type :info, :f :cas, :value [3 4], :process 2, :time 300, :error "timeout"}
`;

  test('one map per line', () => {
    const { history, errors, format } = parseJepsenHistory(EDN_LINES);
    assert.equal(format, 'edn');
    assert.deepEqual(errors, []);
    assert.deepEqual(
      history.map((o) => [o.process, o.f, o.value, o.outcome]),
      [
        [0, 'write', 3, 'ok'],
        [1, 'read', null, 'ok'],
        [2, 'cas', [3, 4], 'info'],
      ],
    );
    assert.equal(checkLinearizability(history).linearizable, true);
  });

  test('a vector of maps, tagged literals, comments and independent keys', () => {
    const text = `; a Jepsen history
[#jepsen.history.Op{:index 0, :type :invoke, :f :write, :value [7 1], :process 0}
 {:index 1, :type :ok, :f :write, :value [7 1], :process 0}
 {:index 2, :type :invoke, :f :read, :value [7 nil], :process 1}
 {:index 3, :type :ok, :f :read, :value [7 nil], :process 1}]`;
    const { history, errors } = parseJepsenHistory(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      history.map((o) => [o.key, o.f, o.value]),
      [
        [7, 'write', 1],
        [7, 'read', null],
      ],
    );
    assert.equal(checkLinearizability(history).linearizable, false, 'the read missed a completed write');
  });

  test('errors carry line numbers and parsing resumes', () => {
    const text = `{:type :invoke, :f :write, :value 1, :process 0}
{:type :ok, :f :write, :value 1 :process}
{:type :bogus, :f :write, :value 1, :process 0}
{:type :ok, :f :write, :value 1, :process 0}
{:type :invoke, :f :read, :value nil, :process 1
{:type :invoke, :f :write, :value "seven", :process 3}
[1 2]
`;
    const { history, errors } = parseJepsenEdn(text);
    assert.deepEqual(
      errors.map((e) => e.line),
      [2, 3, 5, 6, 7],
    );
    assert.match(errors[0].message, /:process has no value/);
    assert.match(errors[1].message, /:type must be/);
    assert.match(errors[3].message, /cannot read :value/);
    assert.match(errors[4].message, /expected an operation map/);
    assert.deepEqual(
      history.map((o) => [o.f, o.value, o.outcome]),
      [['write', 1, 'ok']],
    );
  });

  test('never throws on garbage', () => {
    for (const text of ['', '   ', '{', '[', '}', '#', '"unterminated', '{:a}', 'INFO jepsen.util - :invoke', '\u0000\u0001', '[{:type :invoke}']) {
      const res = parseJepsenHistory(text);
      assert.ok(Array.isArray(res.history) && Array.isArray(res.errors));
    }
    assert.equal(parseJepsenHistory('').format, 'empty');
    const deep = parseJepsenHistory('['.repeat(100_000));
    assert.match(deep.errors[0].message, /nested more than 100 levels/);
  });
});
