// `cap-lens check-history` end to end: one history in detail, many in one call (files, folders, the Porcupine
// corpus), JSON, exit codes, validated options, the time limit, and files that are not histories.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli, tempTree } from './helpers';

const HISTORIES = 'test/cli/fixtures/histories';
const CORPUS = '../shared/corpora/porcupine';

describe('cap-lens check-history: one history', () => {
  it('accepts a linearizable history in the Jepsen log format and in EDN (exit 0)', () => {
    for (const file of ['register.log', 'register.edn']) {
      const r = cli(['check-history', `${HISTORIES}/${file}`]);
      assert.equal(r.code, 0, `${file}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /✔ linearizable/);
    }
  });

  it('rejects a stale read with the exact values and a minimal witness on a timeline (exit 1)', () => {
    const r = cli(['check-history', `${HISTORIES}/stale-read.log`]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^test\/cli\/fixtures\/histories\/stale-read\.log {2}5 operations by 4 processes \(Jepsen log, register model\)\n/,
    );
    assert.match(r.stdout, /\nread by process 2 \(line 5\) returned 1, but while it ran the register could only hold 2\.\n/);
    assert.match(r.stdout, /These 3 operations alone are already not linearizable/);
    assert.match(r.stdout, /\n {2}p2 +read → 1 +ok +5–8 +\|-+\| {2}← cannot take effect\n/);
    assert.ok(!r.stdout.includes('cas'), 'the failed cas is not part of the witness');
    const json = JSON.parse(cli(['check-history', '--format', 'json', `${HISTORIES}/stale-read.log`]).stdout);
    assert.equal(json.summary.notLinearizable, 1);
    const [h] = json.histories;
    assert.equal(h.verdict, 'not-linearizable');
    const cx = h.keys[0].counterexample;
    assert.equal(cx.op.process, 2);
    assert.equal(cx.selfContained, true);
    assert.equal(cx.firstLine, 1);
    assert.deepEqual(cx.possible, ['2']);
  });

  it('reads standard input; an empty history is linearizable and says it had no operation', () => {
    const log = 'INFO jepsen.util - 0\t:invoke\t:write\t1\nINFO jepsen.util - 0\t:ok\t:write\t1\n';
    assert.equal(cli(['check-history', '-'], { input: log }).code, 0);
    const empty = cli(['check-history', '-'], { input: '\n' });
    assert.equal(empty.code, 0, empty.stderr);
    assert.match(empty.stdout, /✔ linearizable: the history holds no client operation, so there is nothing to order\./);
    const missing = cli(['check-history', 'missing.log']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /'missing\.log' does not exist/);
  });

  it('points at every malformed entry (exit 2)', () => {
    const dir = tempTree({
      'bad.log':
        'INFO jepsen.util - 0 :invoke :write 1\nINFO jepsen.util - 0 :ok :write 1\nINFO jepsen.util - 1 :invoke :read nil\nINFO jepsen.util - 1 :ok :read [1\n',
    });
    const r = cli(['check-history', 'bad.log'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(
      r.stdout,
      /✖ cannot read the history: 1 malformed entry\n {2}bad\.log:4:34: cannot read the value: unclosed sequence, expected '\]'/,
    );
  });

  it('refuses what is not a regular file instead of reading it forever', () => {
    const r = cli(['check-history', '/dev/zero']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /dev\/zero' is not a regular file/);
  });
});

describe('cap-lens check-history: many histories', () => {
  it('the whole Porcupine corpus in one call: one line each, the published verdicts, a summary (exit 1)', () => {
    const r = cli(['check-history', CORPUS]);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('../shared/corpora/porcupine/')).length, 109);
    assert.match(r.stdout, /\n\.\.\/shared\/corpora\/porcupine\/jepsen\/etcd_095\.log +✔ linearizable {2}no client operations\n/);
    assert.match(
      r.stdout,
      /^\.\.\/shared\/corpora\/porcupine\/jepsen\/etcd_000\.log +✖ not linearizable {2}read → 2 by process 11 \(line 85\) cannot take effect\n/,
    );
    assert.match(
      r.stdout,
      /\n\.\.\/shared\/corpora\/porcupine\/kv\/c50-ok\.txt +✔ linearizable {2}1,712 operations on 10 keys\n/,
    );
    assert.match(
      lines[lines.length - 1],
      /^109 histories: 27 linearizable, 82 not linearizable \((\d+ ms|\d+(\.\d+)? (s|min))\)$/,
    );
    const json = JSON.parse(cli(['check-history', '-f', 'json', `${CORPUS}/kv`]).stdout);
    assert.deepEqual(
      { ...json.summary, milliseconds: 0 },
      { histories: 6, linearizable: 3, notLinearizable: 3, inconclusive: 0, unreadable: 0, skipped: 0, milliseconds: 0 },
    );
    assert.deepEqual(
      json.histories.map((h: { path: string; model: string }) => [h.path.split('/').pop(), h.model]),
      ['c01-bad.txt', 'c01-ok.txt', 'c10-bad.txt', 'c10-ok.txt', 'c50-bad.txt', 'c50-ok.txt'].map((f) => [f, 'kv']),
    );
  });

  it('in a folder, skips files that hold no Jepsen operation (a node log) but reports an empty history', () => {
    const dir = tempTree({
      'store/history.edn': '{:type :invoke, :f :write, :value 1, :process 0}\n{:type :ok, :f :write, :value 1, :process 0}\n',
      'store/n1/etcd.log': '2024-01-01 etcd started\n2024-01-01 raft: elected leader\n',
      'store/empty.log': '',
      'store/.hidden/history.edn': '{:type :invoke}\n',
      'README.md': '# not a history\n',
    });
    const r = cli(['check-history', '.'], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^store\/empty\.log {4}✔ linearizable {2}no client operations\nstore\/history\.edn {2}✔ linearizable {2}1 operation\n/,
    );
    assert.match(r.stdout, /\nSkipped 1 file that holds no Jepsen operation: store\/n1\/etcd\.log\n$/);
  });

  it('exit status: 2 if any history is unreadable, else 1 if any is not linearizable, else 3 if any is inconclusive', () => {
    const ok = `${HISTORIES}/register.log`;
    const bad = `${HISTORIES}/stale-read.log`;
    assert.equal(cli(['check-history', ok, bad]).code, 1);
    assert.equal(cli(['check-history', ok, bad, 'missing.log']).code, 2);
    assert.equal(cli(['check-history', '--max-configurations', '1', ok]).code, 3);
    // A read of a value never written fails without any search; the other history runs out of budget.
    const impossible = 'INFO jepsen.util - 0 :invoke :read nil\nINFO jepsen.util - 0 :ok :read 9\n';
    assert.equal(cli(['check-history', '--max-configurations', '1', ok, '-'], { input: impossible }).code, 1);
  });
});

describe('cap-lens check-history: options', () => {
  it('validates --max-configurations, --timeout and --model', () => {
    for (const [args, message] of [
      [['--max-configurations', '-5'], /--max-configurations must be a whole number of at least 1 \(got -5\)/],
      [['--max-configurations', '0'], /--max-configurations must be a whole number of at least 1 \(got 0\)/],
      [['--timeout', 'soon'], /--timeout needs a duration such as 500ms, 10s or 2m \(got 'soon'\)/],
      [['--model', 'queue'], /'--model' must be one of auto, register, kv \(got 'queue'\)/],
    ] as const) {
      const r = cli(['check-history', ...args, `${HISTORIES}/register.log`]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });

  it('--timeout ends a search that would take minutes: inconclusive, exit 3, and says which limit', () => {
    const lines: string[] = [];
    // 200 processes invoke at once and complete in a scrambled order, then a read of a value never written.
    for (let p = 0; p < 200; p++) lines.push(p % 2 ? `${p} :invoke :read nil` : `${p} :invoke :write ${p % 5}`);
    for (let k = 0; k < 200; k++) {
      const p = (k * 73) % 200;
      lines.push(p % 2 ? `${p} :ok :read ${(k * 7) % 5}` : `${p} :ok :write ${p % 5}`);
    }
    lines.push('200 :invoke :read nil', '200 :ok :read 9');
    const r = cli(['check-history', '--timeout', '200ms', '-'], {
      input: lines.map((l) => `INFO jepsen.util - ${l}`).join('\n'),
    });
    assert.equal(r.code, 3, r.stdout);
    assert.match(r.stdout, /\? inconclusive: the time limit ran out \(raise --timeout\)\./);
  });

  it('--model kv reads get/put/append; values from the file cannot drive the terminal', () => {
    const text =
      '{:process 0, :type :invoke, :f :put, :key "k", :value "a"}\n{:process 0, :type :ok, :f :put, :key "k", :value "a"}\n{:process 1, :type :invoke, :f :get, :key "k", :value nil}\n{:process 1, :type :ok, :f :get, :key "k", :value "\\u001b]0;pwned\\u0007"}\n';
    const r = cli(['check-history', '--model', 'kv', '-'], { input: text });
    assert.equal(r.code, 1);
    assert.ok(!r.stdout.includes('\u001b') && !r.stdout.includes('\u0007'), 'no control character reaches the terminal');
    assert.match(
      r.stdout,
      /get by process 1 on key "k" \(line 3\) returned "\\u001b\]0;pwned\\u0007", but while it ran the key could only hold "a"/,
    );
  });
});
