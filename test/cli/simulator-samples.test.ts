// The seven thought experiments of samples/simulator, run as a user runs them (`cap-lens simulate`): every
// scenario's expectations pass, and the output says what happened — the refused read and the stale one, the
// election gap, the lost update and the siblings, the convergence time, the latency paid, each component's own
// figures, the writes whose outcome is unknown.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from './helpers';

const sample = (n: string) => `samples/simulator/${n}.cap.yaml`;

function simulate(file: string, scenario?: string, extra: string[] = []): string {
  const r = cli(['simulate', sample(file), ...(scenario ? ['--scenario', scenario] : []), ...extra]);
  assert.equal(r.code, 0, `${file} ${scenario ?? ''}: ${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /✔ \d+ expectations passed\n$/);
  assert.doesNotMatch(r.stdout, /✗ fail|\? inconclusive/);
  return r.stdout;
}

describe('samples/simulator with cap-lens simulate', () => {
  it('1: a CP store refuses the read on the minority side, an AP store answers it with the old value', () => {
    const out = simulate('01-cp-or-ap');
    assert.match(
      out,
      /reader's requests to accounts-cp \(requests made during a partition\) accepted 0 of 1 reads \(0%\): all refused — e\.g\. op \d+, a read by reader@us-east at 6000 ms: timed out/,
    );
    assert.match(
      out,
      /reader's requests to accounts-ap served 1 stale read of 1 \(100%\)\. E\.g\. op \d+ \(reader@us-east\) read 1 at \d+ ms, after write 2 \(op \d+\) was acknowledged at 40\d\d ms\./,
    );
  });

  it('2: the minority refuses; the majority elects a new leader after about one etcd election timeout', () => {
    const out = simulate('02-leader-election');
    assert.match(out, /settings \(clients on the minority side of the partition\) accepted 0 of \d+ writes \(0%\): all refused/);
    const gap = /settings: 1 election, 1 new leader; ([\d.]+) s without a leader that reaches a majority \(5 s–([\d.]+) s\)/.exec(
      out,
    );
    assert.ok(gap, out);
    // etcd's election timeout is 1 s, randomised to [1 s, 2 s): the gap is at least that, plus a pre-vote and a vote.
    assert.ok(Number(gap[1]) >= 1 && Number(gap[1]) < 2.5, gap[1]);
    assert.match(out, /config-api +eu-west, us-east +settings .* linearizable: met/);
  });

  it('3: concurrent writes — LWW loses one, siblings are merged, CRDTs keep both', () => {
    const lww = simulate('03-concurrent-writes', 'last write wins');
    assert.match(
      lww,
      /cart-lww, key 0: 10 \(op 1, cart@eu-west, acknowledged at [\d.]+ ms\) vs 12 \(op 2, cart@us-east, acknowledged at [\d.]+ ms\) → kept 12 \(op 2\); 10 \(op 1\) dropped — an acknowledged write lost/,
    );
    assert.match(
      lww,
      /1 acknowledged write to cart-lww was lost — e\.g\. op 1 \(write 10 by cart@eu-west\) .* a lost update: overwritten by op 2 \(write 12 by cart@us-east\), whose writer had not seen it/,
    );
    const siblings = simulate('03-concurrent-writes', 'siblings merged by the client');
    assert.match(siblings, /op 3 \(cart@eu-west\) got 10 and 12, merged into 22/);
    assert.match(siblings, /every replica of cart-siblings ends holding 22/);
    assert.match(simulate('03-concurrent-writes', 'crdt counter'), /every replica of cart-crdt ends holding 22/);
    assert.match(simulate('03-concurrent-writes', 'crdt set'), /every replica of cart-crdt ends holding \[10, 12\]/);
    assert.match(simulate('03-concurrent-writes', 'crdt register'), /1 acknowledged write to cart-crdt was lost/);
  });

  it('4: replicas converge after the heal by hinted handoff or anti-entropy; stale reads stop once converged', () => {
    const hints = simulate('04-convergence', 'hints replay');
    // Cassandra replays hints every 10 s: the first round after the heal at 15 s is at 20 s.
    assert.match(hints, /sessions: converged 5\.00 s after the heal at 15 s/);
    assert.match(hints, /sessions \(requests made once the replicas had converged\) served 0 stale reads of \d+ \(0%\)/);
    assert.match(hints, /sessions \(requests made after the heal, before the replicas converged\) served [1-9]\d* stale reads?/);
    const aae = simulate('04-convergence', 'anti-entropy alone');
    assert.match(aae, /profiles: converged ([\d.]+) s after the heal/);
  });

  it('5: PACELC else — waiting for every region costs a cross-region round trip per write and buys fresh reads', () => {
    const out = simulate('05-pacelc-else');
    const all = /p50 latency of writes to orders-all is (\d+) ms/.exec(out);
    const one = /p50 latency of writes to orders-one is ([\d.]+) ms/.exec(out);
    assert.ok(all && one, out);
    assert.ok(Number(all[1]) - Number(one[1]) > 140, `${all[1]} vs ${one[1]}`);
    assert.match(out, /orders-all served 0 stale reads/);
    assert.match(out, /orders-one served \d+ stale reads of \d+/);
  });

  it('6: the checkout — the AP cart keeps taking adds, payments fail on the minority side, per component', () => {
    const out = simulate('06-checkout');
    assert.match(out, /By component \(its own requests\):/);
    assert.match(out, /\n {2}cart +us-east, eu-west +carts +(\d+)\/\1 +(\d+)\/\2 +100% /);
    assert.match(out, /\n {2}payment +us-east, eu-west +ledger +\d+\/\d+ +\d+\/\d+, \d+ unknown +9\d\.\d+% /);
    assert.match(
      out,
      /payment's requests \(clients on the minority side of the partition\) accepted 0 of \d+ writes \(0%\): all refused/,
    );
    assert.match(out, /cart's requests \(clients on the minority side of the partition\) accepted (\d+) of \1 writes \(100%\)/);
  });

  it("7: a majority write concern with a 5 s timeout: the cut-off primary's writes end unknown, not failed", () => {
    const out = simulate('07-write-timeout');
    assert.match(out, /Operations {6}3 \(1 ok, 0 failed, 2 unknown\)/);
    assert.match(out, /orders-api's requests \(requests made during a partition\): 2 of 2 writes ended with an unknown outcome/);
    assert.match(out, /every replica of orders ends holding 1/);
  });

  it('the same seed replays the same run, in JSON too', () => {
    const a = cli(['simulate', sample('06-checkout'), '--format', 'json']);
    const b = cli(['simulate', sample('06-checkout'), '--format', 'json']);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(a.stdout, b.stdout);
    const run = JSON.parse(a.stdout);
    assert.deepEqual(
      run.report.components.map((c: { component: string }) => c.component),
      ['cart', 'payment'],
    );
    assert.deepEqual(
      run.needs.map((n: { component: string; status: string }) => [n.component, n.status]),
      [
        ['cart', 'met'],
        ['payment', 'met'],
      ],
    );
  });
});
