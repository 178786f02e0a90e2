// Which files the extension opens as Jepsen histories by their content: Jepsen logs, history.txt and EDN op
// maps; never an ordinary log, a Clojure deps.edn, or a Jepsen results.edn.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { looksLikeJepsenHistory } from '../../client/src/history/detect';

const PORCUPINE = join(__dirname, '..', '..', '..', 'shared', 'corpora', 'porcupine');

test('Jepsen logs, history.txt and EDN op maps are histories', () => {
  assert.ok(looksLikeJepsenHistory(readFileSync(join(PORCUPINE, 'jepsen', 'etcd_000.log'), 'utf8')));
  assert.ok(looksLikeJepsenHistory(readFileSync(join(PORCUPINE, 'kv', 'c10-ok.txt'), 'utf8')));
  assert.ok(looksLikeJepsenHistory('0\t:invoke\t:write\t3\n0\t:ok\t:write\t3\n'));
  assert.ok(
    looksLikeJepsenHistory(
      '[#jepsen.history.Op{:index 0, :type :invoke, :f :read, :value nil, :process 0}\n {:index 1, :type :ok, :f :read, :value 1, :process 0}]\n',
    ),
  );
  const logback =
    '2018-02-02 15:24:05,634{GMT}\tINFO\t[main] jepsen.core: Running test\n2018-02-02 15:24:06,001{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:invoke\t:read\tnil\n2018-02-02 15:24:06,010{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:ok\t:read\t3\n';
  assert.ok(looksLikeJepsenHistory(logback));
});

test('other logs and EDN files are not', () => {
  assert.ok(!looksLikeJepsenHistory(''));
  assert.ok(!looksLikeJepsenHistory('2024-01-01T00:00:00Z INFO server started\n2024-01-01T00:00:01Z WARN disk 91% full\n'));
  assert.ok(!looksLikeJepsenHistory('{:paths ["src"]\n :deps {org.clojure/clojure {:mvn/version "1.11.1"}}}\n'));
  assert.ok(
    !looksLikeJepsenHistory(
      '{:valid? false,\n :configs ({:model {:value 4}, :last-op {:process 11, :type :ok, :f :read, :value 2}})}\n',
    ),
  );
  // One operation line among ordinary log lines is a mention, not a history.
  assert.ok(
    !looksLikeJepsenHistory('INFO jepsen.core - Running\nINFO jepsen.util - 0 :invoke :read nil\nINFO jepsen.core - done\n'),
  );
});
