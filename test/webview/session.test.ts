// The webview's simulation session, in Node: the simulated world it builds from a datastore model, what it
// makes of each operation, and the promise the panel's state rests on — replaying the logged actions from the
// same seed rebuilds the same run, however the original was advanced (play, steps, idle skips).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Session, type UserAction } from '../../client/src/webview/session';
import { buildSimulatorModel } from '../../server/src/core/ide/simulator-model';
import { sampleModel } from './harness';

const store = (name: string) => sampleModel().datastores.find((d) => d.name === name)!;

describe('simulation session', () => {
  test('one client per region of the placement; two in a single region so operations overlap', () => {
    const ledger = new Session(store('ledger'), 1);
    assert.deepEqual(ledger.regions, ['us-east', 'eu-west']);
    assert.deepEqual(
      ledger.clients.map((c) => c.name),
      ['client@us-east', 'client@eu-west'],
    );
    assert.deepEqual(ledger.replicas, [
      { id: 'ledger-1', region: 'us-east' },
      { id: 'ledger-2', region: 'us-east' },
      { id: 'ledger-3', region: 'eu-west' },
    ]);
    const single = buildSimulatorModel('system: s\ndatastores:\n  kv:\n    replicas: 3\n    replication: leaderless\n', {
      uri: 'u',
      fileName: 'f',
      version: 1,
    });
    const kv = new Session(single.datastores[0], 1);
    assert.deepEqual(kv.regions, ['local']);
    assert.deepEqual(
      kv.clients.map((c) => c.name),
      ['client-1', 'client-2'],
    );
  });

  test('timeouts and pace follow the latency model', () => {
    const local = new Session(store('ledger'), 1); // lnkd-ssd: sub-millisecond legs
    const wan = new Session(store('carts'), 1); // wan: +75 ms per leg across regions
    assert.ok(local.timeout >= 20 && local.timeout < 100, `${local.timeout}`);
    assert.equal(wan.timeout, 1000);
    assert.ok(wan.naturalSpeed > 50 * local.naturalSpeed);
    assert.ok(local.rate > wan.rate);
  });

  test('a partitioned CP store refuses on the minority side only; an R+W ≤ N store serves stale reads', () => {
    const ledger = new Session(store('ledger'), 3);
    assert.ok(ledger.apply({ kind: 'cut', a: 'us-east', b: 'eu-west' }));
    ledger.advance(300);
    const { ops, results } = ledger.view();
    assert.ok(results.refused > 0);
    assert.equal(results.minority[0], results.refused);
    assert.ok(ops.filter((o) => o.status === 'refused' || o.status === 'unknown').every((o) => o.op.client === 'client@eu-west'));
    assert.equal(results.staleReads, 0);
    assert.equal(ledger.verdict().linearizable, true);

    const carts = new Session(store('carts'), 3);
    carts.advance(2000);
    const c = carts.view();
    assert.ok(c.results.staleReads > 0);
    assert.equal(c.results.refused, 0);
    assert.equal(c.ops.filter((o) => o.status === 'stale').length, c.results.staleReads);
    assert.equal(carts.verdict().linearizable, false);
  });

  test('actions that no longer apply are refused and not logged', () => {
    const s = new Session(store('ledger'), 1);
    assert.equal(s.apply({ kind: 'crash', node: 'ledger-9' }), false);
    assert.equal(s.apply({ kind: 'heal', a: 'us-east', b: 'eu-west' }), false);
    assert.equal(s.actions.length, 0);
  });

  test('replaying the logged actions rebuilds the same run, however it was advanced', () => {
    for (const name of ['ledger', 'carts']) {
      const s = new Session(store(name), 42);
      const script: (UserAction | 'step' | 'skip' | number)[] = [
        0.7,
        'step',
        'step',
        { kind: 'cut', a: 'us-east', b: 'eu-west' },
        'skip',
        3.3,
        { kind: 'invoke', client: 'client@eu-west', f: 'write' },
        'step',
        { kind: 'crash', node: `${name}-1` },
        'skip',
        25,
        { kind: 'heal', a: 'eu-west', b: 'us-east' },
        { kind: 'workload', on: false },
        'skip',
        40,
        { kind: 'restart', node: `${name}-1` },
        { kind: 'workload', on: true },
        60,
      ];
      for (const item of script) {
        if (item === 'step') s.step();
        else if (item === 'skip') s.skipIdle();
        else if (typeof item === 'number') s.advance(item);
        else assert.ok(s.apply(item), JSON.stringify(item));
      }
      const { session: again, skipped } = Session.replay(store(name), 42, s.actions, s.now);
      assert.equal(skipped, 0);
      assert.equal(again.now, s.now);
      assert.deepEqual(again.sim.history(), s.sim.history(), name);
      assert.deepEqual(again.nodes(), s.nodes(), name);
      assert.deepEqual(again.view().results, s.view().results, name);
    }
  });
});

describe('the design in the session', () => {
  const text = `system: shop
regions: [us-east, eu-west]
datastores:
  config:
    engine: etcd
    settings: {members: 3}
    placement: {us-east: 2, eu-west: 1}
components:
  api:
    uses: {config: linearizable}
  batch:
    regions: [us-east]
    uses: {config: linearizable}
`;
  const model = buildSimulatorModel(text, { uri: 'u', fileName: 'f', version: 1 });
  const config = model.datastores[0];

  test('the clients are the components that use the datastore, one per region each runs in', () => {
    const s = new Session(config, 1, model.simulation);
    assert.deepEqual(
      s.clients.map((c) => [c.name, c.region, c.component]),
      [
        ['api@us-east', 'us-east', 'api'],
        ['api@eu-west', 'eu-west', 'api'],
        ['batch@us-east', 'us-east', 'batch'],
      ],
    );
    s.advance(500);
    assert.ok(s.sim.history().every((op) => op.component === 'api' || op.component === 'batch'));
  });

  test("the engine's election timeout drives the run: cut the leader off and the time without one is etcd's", () => {
    const s = new Session(config, 1, model.simulation);
    assert.ok(s.apply({ kind: 'isolate', target: 'config-1' }));
    s.advance(4000);
    const lead = s.view().results.leadership!;
    assert.equal(lead.elections, 1);
    assert.ok(lead.withoutLeader >= 1000 && lead.withoutLeader < 2100, `${lead.withoutLeader}`);
    assert.equal(lead.now, false);
  });

  test('a verdict computed elsewhere is kept for the prefix it was computed on', () => {
    const s = new Session(config, 1, model.simulation);
    s.advance(300);
    const request = s.verdictRequest()!;
    assert.ok(request.count > 0);
    s.acceptVerdict(request.count, { linearizable: true, explored: 0 });
    assert.equal(s.verdictRequest(), undefined, 'nothing new to check');
    s.advance(300);
    assert.ok(s.verdictRequest()!.count > request.count);
    // An answer for an older prefix never replaces a newer one.
    s.acceptVerdict(request.count + 1_000_000, { linearizable: true, explored: 0 });
    s.acceptVerdict(request.count, { linearizable: false, explored: 0 });
    assert.equal(s.lastVerdict!.linearizable, true);
  });
});
