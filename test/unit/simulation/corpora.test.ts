// Every history of the Porcupine corpus (Jepsen etcd logs and kv histories no one here wrote), checked against
// the verdicts its README publishes: 103 etcd logs (the empty one included) and 6 kv histories.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  checkHistoryText,
  checkLinearizability,
  decodeHistory,
  parseJepsenHistory,
  type Operation,
} from '../../../server/src/core/simulation/index';

const CORPORA = join(__dirname, '..', '..', '..', '..', 'shared', 'corpora');
const PORCUPINE = join(CORPORA, 'porcupine');

/** The README's list of linearizable etcd logs; every other log is not linearizable. */
function publishedEtcd(): Map<string, string> {
  const readme = readFileSync(join(CORPORA, 'README.md'), 'utf8');
  const listed = /Linearizable:\s*([\d\s]+)/.exec(readme);
  assert.ok(listed, 'the corpora README lists the linearizable logs');
  const good = new Set(listed[1].trim().split(/\s+/));
  assert.match(readme, /`etcd_095\.log` is empty/);
  const files = readdirSync(join(PORCUPINE, 'jepsen'))
    .filter((f) => f.endsWith('.log'))
    .sort();
  return new Map(files.map((f) => [f, good.has(f.slice(5, 8)) || f === 'etcd_095.log' ? 'linearizable' : 'not-linearizable']));
}

describe('Porcupine corpus: published verdicts', () => {
  test('all 103 Jepsen etcd logs, timed-out operations and the empty log included', () => {
    const published = publishedEtcd();
    assert.equal(published.size, 103);
    assert.equal([...published.values()].filter((v) => v === 'linearizable').length, 24);
    for (const [file, expected] of published) {
      const r = checkHistoryText(readFileSync(join(PORCUPINE, 'jepsen', file), 'utf8'), { explain: false });
      assert.deepEqual(r.errors, [], file);
      assert.equal(r.verdict, expected, file);
      assert.equal(r.model, 'register', file);
    }
    const empty = checkHistoryText(readFileSync(join(PORCUPINE, 'jepsen', 'etcd_095.log'), 'utf8'));
    assert.equal(empty.operations, 0);
    assert.match(empty.notes.join(' '), /no client operations/);
  });

  test('all 6 kv histories (get, put, append on many keys, 1 to 50 clients)', () => {
    const files = readdirSync(join(PORCUPINE, 'kv')).sort();
    assert.deepEqual(files, ['c01-bad.txt', 'c01-ok.txt', 'c10-bad.txt', 'c10-ok.txt', 'c50-bad.txt', 'c50-ok.txt']);
    for (const file of files) {
      const r = checkHistoryText(readFileSync(join(PORCUPINE, 'kv', file), 'utf8'), { explain: false });
      assert.equal(r.model, 'kv', file);
      assert.equal(r.keyStyle, 'field', file);
      assert.equal(r.verdict, file.endsWith('-ok.txt') ? 'linearizable' : 'not-linearizable', file);
    }
  });

  test('every counterexample states only what the history allows, and its witness fails on its own', () => {
    for (const [file, expected] of publishedEtcd()) {
      if (expected !== 'not-linearizable') continue;
      const text = readFileSync(join(PORCUPINE, 'jepsen', file), 'utf8');
      const r = checkHistoryText(text);
      const cx = r.keys[0].counterexample!;
      assert.ok(cx.ops.includes(cx.op), file);
      if (cx.observed !== undefined && /could only hold/.test(cx.message))
        assert.ok(!cx.possible.includes(cx.observed), `${file}: ${cx.message}`);
      assert.ok(cx.selfContained, file);
      // The witness alone is not linearizable (checked afresh, by the register search).
      const ops = decodeHistory(parseJepsenHistory(text), 'register').keys[0].ops as Operation[];
      const witness = new Set(cx.ops.map((o) => o.id));
      assert.equal(
        checkLinearizability(
          ops.filter((o) => witness.has(o.id)),
          { explain: false },
        ).linearizable,
        false,
        file,
      );
      assert.equal(cx.first, cx.ops[0], file);
    }
  });
});
