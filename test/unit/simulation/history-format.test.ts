// Reading Jepsen histories in every form they come in: jepsen.log lines, history.txt, EDN maps one per line or
// in a vector or a list, timed-out completions, nemesis events, exact integers; pairing invocations with
// completions, and errors with line and column instead of exceptions.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Keyword } from '../../../server/src/core/simulation/edn';
import { parseJepsenEdn, parseJepsenHistory, parseJepsenLog, type HistoryOp } from '../../../server/src/core/simulation/index';
import { readLogLine } from '../../../server/src/core/simulation/log-line';

const brief = (ops: HistoryOp[]) => ops.map((o) => [o.process, o.f, o.invokeValue, o.completeValue, o.outcome]);

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
INFO  jepsen.util - 4	:info	:write	:timed-out
INFO  jepsen.util - 5	:invoke	:read	nil
INFO  jepsen.util - 5	:fail	:read	:timed-out
`;

describe('log format', () => {
  test('reads lines ended by CRLF, LF or a lone CR alike', () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const { ops, errors } = parseJepsenLog(LOG.replace(/\r?\n/g, eol));
      assert.deepEqual(errors, [], JSON.stringify(eol));
      assert.equal(ops.length, 6, JSON.stringify(eol));
    }
  });

  test('pairs invocations and completions per process; the nemesis is counted, not checked', () => {
    const { ops, errors, format, skipped, processes } = parseJepsenLog(LOG);
    assert.deepEqual(errors, []);
    assert.equal(format, 'log');
    assert.equal(processes, 6);
    assert.deepEqual(brief(ops), [
      [0, 'write', 3, 3, 'ok'],
      [1, 'read', null, 3, 'ok'],
      [2, 'cas', [3, 4], [3, 4], 'ok'],
      [3, 'cas', [1, 2], [1, 2], 'fail'],
      [4, 'write', 0, new Keyword('timed-out'), 'info'],
      [5, 'read', null, new Keyword('timed-out'), 'fail'],
    ]);
    assert.deepEqual(skipped, ['1 event of process :nemesis (:start): not a client, not checked']);
    // Times are event positions: the write completes before the read does, and both overlap.
    const [wr, rd] = ops;
    assert.ok(wr.invoke < rd.invoke && rd.invoke < wr.complete && wr.complete < rd.complete);
    assert.deepEqual([wr.line, wr.completeLine], [2, 4]);
  });

  test('history.txt (bare lines, an error field) and jepsen.log with a `jepsen.util:` prefix read the same', () => {
    const bare =
      '0\t:invoke\t:write\t3\n0\t:ok\t:write\t3\n1\t:invoke\t:cas\t[3 4]\n1\t:info\t:cas\t[3 4]\t:timed-out\n:nemesis\t:info\t:start\tnil\n';
    const logback = bare
      .split('\n')
      .filter(Boolean)
      .map((l) => `2018-02-02 15:24:05,634{GMT}\tINFO\t[jepsen worker 0] jepsen.util: ${l}`)
      .join('\n');
    for (const text of [bare, logback]) {
      const { ops, errors } = parseJepsenHistory(text);
      assert.deepEqual(errors, []);
      assert.deepEqual(brief(ops), [
        [0, 'write', 3, 3, 'ok'],
        [1, 'cas', [3, 4], [3, 4], 'info'],
      ]);
      assert.equal(ops[1].error, ':timed-out');
    }
  });

  test('integers beyond 2^53 stay exact', () => {
    const { ops } = parseJepsenLog(
      'INFO jepsen.util - 0 :invoke :write 9007199254740993\nINFO jepsen.util - 0 :ok :write 9007199254740993\nINFO jepsen.util - 1 :invoke :write 9007199254740992\n',
    );
    assert.equal(ops[0].invokeValue, 9007199254740993n);
    assert.equal(ops[1].invokeValue, 9007199254740992n);
    assert.notEqual(ops[0].invokeValue, ops[1].invokeValue);
  });

  test('malformed operation lines are errors with line and column; other lines are log noise', () => {
    const text = [
      'INFO  jepsen.util - 0\t:invoke\t:write\t[1',
      'INFO  jepsen.util - x\t:invoke\t:write\t1',
      'INFO  jepsen.util - 1\t:ok\t:read\t2',
      'INFO  jepsen.util - 2\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 2\t:ok\t:read\t5',
      'INFO  jepsen.core - Waiting for nodes',
    ].join('\n');
    const { ops, errors } = parseJepsenLog(text);
    assert.deepEqual(
      errors.map((e) => [e.line, e.column]),
      [
        [1, 40],
        [2, 21],
        [3, undefined],
      ],
    );
    assert.match(errors[0].message, /cannot read the value: unclosed sequence/);
    assert.match(errors[1].message, /expected a process \(an integer, or :nemesis\)/);
    assert.match(errors[2].message, /without a matching :invoke/);
    assert.deepEqual(brief(ops), [[2, 'read', null, 5, 'ok']]);
  });

  test('an invocation never completed is info; a process invoking twice is reported', () => {
    const text =
      'INFO jepsen.util - 0 :invoke :write 1\nINFO jepsen.util - 0 :invoke :write 2\nINFO jepsen.util - 0 :ok :write 2\nINFO jepsen.util - 1 :invoke :write 3\n';
    const { ops, errors } = parseJepsenLog(text);
    assert.deepEqual(
      ops.map((o) => [o.invokeValue, o.outcome]),
      [
        [1, 'info'],
        [2, 'ok'],
        [3, 'info'],
      ],
    );
    assert.equal(errors.length, 1);
    assert.equal(errors[0].line, 2);
  });

  test('a crafted line of repeated prefixes is read in one pass (a hang guard, not a timing test)', { timeout: 20_000 }, () => {
    // The old pattern backtracked over every `jepsen.util` of such a line: 1 MB took over two minutes.
    const line = `:invoke ${'jepsen.util-'.repeat(90_000)}`;
    assert.equal(readLogLine(line).kind, 'other');
    const hostile = `INFO jepsen.util - ${'jepsen.util-'.repeat(90_000)} :invoke :write 1`;
    const r = readLogLine(hostile);
    assert.equal(r.kind, 'error');
    assert.equal(r.kind === 'error' && r.column, 20);
    assert.equal(parseJepsenLog(`${line}\n${hostile}\n`).errors.length, 1);
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

  test('one map per line (history.edn)', () => {
    const { ops, errors, format, skipped } = parseJepsenHistory(EDN_LINES);
    assert.equal(format, 'edn');
    assert.deepEqual(errors, []);
    assert.deepEqual(brief(ops), [
      [0, 'write', 3, 3, 'ok'],
      [1, 'read', null, null, 'ok'],
      [2, 'cas', [3, 4], [3, 4], 'info'],
    ]);
    assert.equal(ops[2].error, '"timeout"');
    assert.equal(skipped.length, 1);
  });

  test('a vector, a list (Knossos), or all on one line: the same operations', () => {
    const maps = EDN_LINES.trim().split('\n');
    const expected = brief(parseJepsenHistory(EDN_LINES).ops);
    for (const text of [`[${maps.join('\n ')}]`, `(${maps.join('\n ')})`, `[${maps.join(' ')}]`, `(${maps.join(', ')})`]) {
      const { ops, errors } = parseJepsenHistory(text);
      assert.deepEqual(errors, [], text);
      assert.deepEqual(brief(ops), expected, text);
    }
  });

  test('tagged records, comments, :key fields and independent tuples are kept', () => {
    const text = `; a Jepsen history
[#jepsen.history.Op{:index 0, :type :invoke, :f :write, :value [7 1], :process 0}
 {:index 1, :type :ok, :f :write, :value [7 1], :process 0}
 {:index 2, :type :invoke, :f :get, :key "k", :value nil, :process 1}
 {:index 3, :type :ok, :f :get, :key "k", :value "x", :process 1}]`;
    const { ops, errors } = parseJepsenHistory(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(
      ops.map((o) => [o.f, o.key, o.invokeValue, o.completeValue]),
      [
        ['write', undefined, [7, 1], [7, 1]],
        ['get', '"k"', null, 'x'],
      ],
    );
  });

  test('errors carry line numbers and parsing resumes', () => {
    const text = `{:type :invoke, :f :write, :value 1, :process 0}
{:type :ok, :f :write, :value 1 :process}
{:type :bogus, :f :write, :value 1, :process 0}
{:type :ok, :f :write, :value 1, :process 0}
{:type :invoke, :f :read, :value nil, :process 1
{:type :invoke, :f "write", :value 1, :process 3}
[1 2]
`;
    const { ops, errors } = parseJepsenEdn(text);
    assert.deepEqual(
      errors.map((e) => e.line),
      [2, 3, 5, 6, 7],
    );
    assert.match(errors[0].message, /:process has no value/);
    assert.match(errors[1].message, /:type must be :invoke, :ok, :fail or :info \(found :bogus\)/);
    assert.match(errors[3].message, /:f must be a keyword such as :read \(found "write"\)/);
    assert.match(errors[4].message, /expected an operation map/);
    assert.deepEqual(brief(ops), [[0, 'write', 1, 1, 'ok']]);
  });

  test('never throws on garbage', () => {
    for (const text of [
      '',
      '   ',
      '{',
      '[',
      '}',
      '#',
      '(',
      ')',
      '"unterminated',
      '{:a}',
      'INFO jepsen.util - :invoke',
      '\u0000\u0001',
      '[{:type :invoke}',
      '(((',
    ]) {
      const res = parseJepsenHistory(text);
      assert.ok(Array.isArray(res.ops) && Array.isArray(res.errors));
    }
    assert.equal(parseJepsenHistory('').format, 'empty');
    assert.equal(parseJepsenHistory('; only a comment\n\n').format, 'empty');
    const deep = parseJepsenHistory('['.repeat(100_000));
    assert.match(deep.errors[0].message, /nested more than 100 levels/);
  });
});
