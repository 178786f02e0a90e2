// Checking Jepsen histories end to end (parse, model, keys, verdict, explanation): each format quirk real
// files have, with the verdict a careful reader would give; models chosen from the operations; keys checked
// one by one; budgets that end in "inconclusive", never in a hang.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkHistoryText, Rng } from '../../../server/src/core/simulation/index';

const log = (...lines: string[]) => lines.map((l) => `INFO  jepsen.util - ${l}`).join('\n');

describe('formats as Jepsen writes them', () => {
  test('timed-out completions carry a keyword where the value goes, and are read as unknown outcomes', () => {
    const r = checkHistoryText(
      log(
        '0\t:invoke\t:write\t1',
        '0\t:info\t:write\t:timed-out',
        '1\t:invoke\t:cas\t[1 2]',
        '1\t:info\t:cas\t:timed-out',
        '2\t:invoke\t:read\tnil',
        '2\t:fail\t:read\t:timed-out',
        '3\t:invoke\t:read\tnil',
        '3\t:ok\t:read\t2',
      ),
    );
    assert.deepEqual(r.errors, []);
    // The write and the cas may both have taken effect after timing out: the read of 2 is explained.
    assert.equal(r.verdict, 'linearizable');
    assert.equal(r.operations, 4);
  });

  test('an empty history, and one with only nemesis events, are trivially linearizable and say why', () => {
    const empty = checkHistoryText('');
    assert.equal(empty.verdict, 'linearizable');
    assert.equal(empty.format, 'empty');
    assert.match(empty.notes[0], /no client operations/);
    const nemesis = checkHistoryText(
      '[{:type :info, :f :start, :process :nemesis, :value nil}\n {:type :info, :f :start, :process :nemesis, :value [:isolated {"n1" #{"n2"}}]}]',
    );
    assert.equal(nemesis.verdict, 'linearizable');
    assert.equal(nemesis.operations, 0);
    assert.deepEqual(nemesis.notes, [
      'no client operations: nothing to order, so trivially linearizable',
      '2 events of process :nemesis (:start): not a client, not checked',
    ]);
  });

  test('a Knossos history written as a list is read, and judged, like the vector', () => {
    const maps = [
      '{:process 0, :type :invoke, :f :write, :value 1}',
      '{:process 0, :type :ok, :f :write, :value 1}',
      '{:process 1, :type :invoke, :f :read, :value nil}',
      '{:process 1, :type :ok, :f :read, :value 0}',
    ];
    for (const text of [`[${maps.join('\n')}]`, `(${maps.join('\n')})`]) {
      const r = checkHistoryText(text);
      assert.equal(r.operations, 2, text);
      assert.equal(r.verdict, 'not-linearizable', text);
    }
  });

  test('integers beyond 2^53 are exact: a read of 2^53 after a write of 2^53 + 1 is not linearizable', () => {
    const r = checkHistoryText(
      log(
        '0 :invoke :write 9007199254740993',
        '0 :ok :write 9007199254740993',
        '1 :invoke :read nil',
        '1 :ok :read 9007199254740992',
      ),
    );
    assert.equal(r.verdict, 'not-linearizable');
    assert.match(
      r.keys[0].counterexample!.message,
      /^read by process 1 \(line 3\) returned 9007199254740992, but while it ran the register could only hold 9007199254740993$/,
    );
    const same = checkHistoryText(
      log(
        '0 :invoke :write 9007199254740993',
        '0 :ok :write 9007199254740993',
        '1 :invoke :read nil',
        '1 :ok :read 9007199254740993',
      ),
    );
    assert.equal(same.verdict, 'linearizable');
  });

  test('malformed entries make the history unreadable, with every position', () => {
    const r = checkHistoryText(log('0 :invoke :write 1', '0 :ok :write 1', '1 :invoke :read nil', '1 :ok :read [1'));
    assert.equal(r.verdict, 'unreadable');
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column]),
      [[4, 35]],
    );
    const bad = checkHistoryText(log('0 :invoke :write 1.5', '0 :ok :write 1.5'));
    assert.equal(bad.verdict, 'unreadable');
    assert.match(bad.errors[0].message, /cannot read the :write value 1\.5 \(expected nil, an integer or a string\)/);
  });
});

describe('keys', () => {
  // Two registers: each history is linearizable on its own key, but not if both were one register.
  const ops = [
    ['invoke', 'write', 1, 0],
    ['ok', 'write', 1, 0],
    ['invoke', 'write', 2, 1],
    ['ok', 'write', 2, 1],
    ['invoke', 'read', null, 2],
    ['ok', 'read', 1, 2],
  ] as const;
  const key = (p: number) => (p === 1 ? 'b' : 'a');

  test('a :key field splits the history into registers checked one by one', () => {
    const text = ops
      .map(([type, f, v, p]) => `{:type :${type}, :f :${f}, :key "${key(p)}", :value ${v ?? 'nil'}, :process ${p}}`)
      .join('\n');
    const r = checkHistoryText(text);
    assert.equal(r.keyStyle, 'field');
    assert.equal(r.verdict, 'linearizable');
    assert.deepEqual(
      r.keys.map((k) => [k.key, k.verdict, k.operations]),
      [
        ['"a"', 'linearizable', 2],
        ['"b"', 'linearizable', 1],
      ],
    );
    // Without the keys, the same operations are one register, and the read of 1 after the write of 2 fails.
    const oneRegister = checkHistoryText(text.replace(/:key "\w", /g, ''));
    assert.equal(oneRegister.verdict, 'not-linearizable');
  });

  test("Jepsen's independent [key value] tuples do the same, and a failing key gets the counterexample", () => {
    const text = log(
      '0 :invoke :write [1 5]',
      '0 :ok :write [1 5]',
      '1 :invoke :write [2 5]',
      '1 :ok :write [2 5]',
      '2 :invoke :read [1 nil]',
      '2 :ok :read [1 5]',
      '3 :invoke :read [2 nil]',
      '3 :ok :read [2 nil]',
    );
    const r = checkHistoryText(text);
    assert.equal(r.keyStyle, 'tuple');
    assert.equal(r.verdict, 'not-linearizable');
    assert.deepEqual(
      r.keys.map((k) => [k.key, k.verdict]),
      [
        ['1', 'linearizable'],
        ['2', 'not-linearizable'],
      ],
    );
    const cx = r.keys[1].counterexample!;
    assert.equal(cx.message, 'read by process 3 on key 2 (line 7) returned nil, but while it ran the register could only hold 5');
    assert.deepEqual(
      cx.ops.map((o) => o.line),
      [3, 7],
    );
    assert.equal(cx.first.line, 3);
  });
});

describe('the key-value model (get, put, append)', () => {
  const kv = (lines: [number, string, string, string, string][]) =>
    lines.map(([p, type, f, k, v]) => `{:process ${p}, :type :${type}, :f :${f}, :key "${k}", :value ${v}}`).join('\n');

  test('is chosen from the operations, and appends concatenate', () => {
    const r = checkHistoryText(
      kv([
        [0, 'invoke', 'append', 'x', '"a"'],
        [0, 'ok', 'append', 'x', '"a"'],
        [1, 'invoke', 'append', 'x', '"b"'],
        [2, 'invoke', 'get', 'x', 'nil'],
        [2, 'ok', 'get', 'x', '"ab"'],
        [1, 'ok', 'append', 'x', '"b"'],
        [3, 'invoke', 'get', 'y', 'nil'],
        [3, 'ok', 'get', 'y', '""'],
      ]),
    );
    assert.equal(r.model, 'kv');
    assert.equal(r.verdict, 'linearizable');
    assert.deepEqual(
      r.keys.map((k) => k.key),
      ['"x"', '"y"'],
    );
  });

  test('a stale get is caught, with the values the key could hold', () => {
    const r = checkHistoryText(
      kv([
        [0, 'invoke', 'put', 'x', '"a"'],
        [0, 'ok', 'put', 'x', '"a"'],
        [0, 'invoke', 'append', 'x', '"b"'],
        [0, 'ok', 'append', 'x', '"b"'],
        [1, 'invoke', 'get', 'x', 'nil'],
        [1, 'ok', 'get', 'x', '"a"'],
      ]),
    );
    assert.equal(r.verdict, 'not-linearizable');
    assert.equal(
      r.keys[0].counterexample!.message,
      'get by process 1 on key "x" (line 5) returned "a", but while it ran the key could only hold "ab"',
    );
  });

  test('--model forces a model; operations it does not know are noted, not silently dropped', () => {
    const text = log('0 :invoke :write 1', '0 :ok :write 1', '1 :invoke :get nil', '1 :ok :get "x"');
    const r = checkHistoryText(text, { model: 'register' });
    assert.equal(r.model, 'register');
    assert.deepEqual(r.notes, ['1 operation with :f :get: the register model knows :read, :write, :cas']);
  });
});

describe('budgets', () => {
  /** Every process invokes at once and completes in a random order: 200 overlapping operations, then an impossible read. */
  function overlapping(processes: number): string {
    const rng = new Rng(1);
    const lines: string[] = [];
    for (let p = 0; p < processes; p++) lines.push(p % 2 ? `${p} :invoke :read nil` : `${p} :invoke :write ${p % 5}`);
    const order = Array.from({ length: processes }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const p of order) lines.push(p % 2 ? `${p} :ok :read ${rng.int(5)}` : `${p} :ok :write ${p % 5}`);
    lines.push(`${processes} :invoke :read nil`, `${processes} :ok :read 9`);
    return log(...lines);
  }

  test('the deadline ends a search that would run for minutes: inconclusive, and says it was time', () => {
    // A clock that has passed the deadline the first time it is read: deterministic, no waiting.
    let reads = 0;
    const r = checkHistoryText(overlapping(200), { deadline: 1, now: () => (reads++ === 0 ? 0 : 2) });
    assert.equal(r.verdict, 'inconclusive');
    assert.equal(r.keys[0].budget, 'time');
    assert.ok(reads >= 1);
  });

  test('so does the configuration budget, and it says which', () => {
    const r = checkHistoryText(overlapping(200), { maxConfigurations: 1000 });
    assert.equal(r.verdict, 'inconclusive');
    assert.equal(r.keys[0].budget, 'configurations');
  });
});
