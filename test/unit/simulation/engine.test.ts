// The simulator's mechanics: determinism, the step API the webview animates, faults applied at the current
// time, and the bookkeeping of messages and operations.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSimulation, runScenario, type SimConfig } from '../../../server/src/core/simulation/index';

const base: SimConfig = {
  seed: 1,
  duration: 1000,
  stores: [{ name: 'db', family: 'leaderless', n: 3, r: 1, w: 1, latency: 'lnkd-disk' }],
  clients: [{ name: 'a' }, { name: 'b' }, { name: 'c' }],
  workload: { reads: 50, writes: 50, rate: 2000 },
};

describe('determinism', () => {
  test('the same seed replays the same history; another seed does not', () => {
    const one = runScenario(base);
    const again = runScenario(base);
    const other = runScenario({ ...base, seed: 2 });
    assert.ok(one.history.length > 100);
    assert.deepEqual(again.history, one.history);
    assert.deepEqual(again.report, one.report);
    assert.notDeepEqual(other.history, one.history);
  });

  test('stepping event by event gives the same history as running in one go', () => {
    const sim = createSimulation(base);
    while (!sim.done && sim.step());
    assert.deepEqual(sim.history(), runScenario(base).history);
  });

  test('histories are well formed: one open op per process, completions after invocations', () => {
    const { history } = runScenario({
      ...base,
      partitions: [{ isolate: 'db-1', at: 200, heal: 600 }],
      crashes: [{ node: 'db-2', at: 300, restart: 700 }],
    });
    const byProcess = new Map<number, typeof history>();
    for (const op of history) {
      assert.ok(op.complete >= op.invoke, `op ${op.id} completes before it starts`);
      byProcess.set(op.process, [...(byProcess.get(op.process) ?? []), op]);
    }
    for (const ops of byProcess.values())
      for (let i = 1; i < ops.length; i++) {
        assert.ok(ops[i].invoke >= ops[i - 1].complete, `process ${ops[i].process} overlaps itself`);
        assert.notEqual(ops[i - 1].outcome, 'info', 'a process is retired after an info op');
      }
  });
});

describe('step API', () => {
  test('messages in flight have endpoints, a leg and progress between 0 and 1', () => {
    const sim = createSimulation(base);
    sim.runUntil(50.5);
    assert.equal(sim.now, 50.5);
    const inflight = sim.inFlight();
    assert.ok(inflight.length > 0);
    for (const m of inflight) {
      assert.ok(m.progress >= 0 && m.progress <= 1);
      assert.ok(m.sent <= sim.now && m.arrives >= sim.now);
      assert.ok(['write', 'ack', 'read', 'response'].includes(m.leg));
      assert.ok([m.from, m.to].some((x) => x.startsWith('db-')));
    }
  });

  test('step reports what happened and advances time monotonically', () => {
    const sim = createSimulation(base);
    let last = 0;
    const kinds = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const s = sim.step();
      assert.ok(s);
      assert.ok(s.time >= last);
      last = s.time;
      kinds.add(s.kind);
      if (s.kind === 'message') assert.ok(s.message && s.message.progress === 1);
    }
    assert.ok(kinds.has('message') && kinds.has('timer'));
  });

  test('node states, crash and restart at the current time', () => {
    const sim = createSimulation({ ...base, stores: [{ name: 'db', family: 'consensus', n: 3 }] });
    sim.runUntil(100);
    const nodes = sim.nodes();
    assert.deepEqual(
      nodes.map((n) => n.id),
      ['db-1', 'db-2', 'db-3'],
    );
    assert.equal(nodes.filter((n) => n.role === 'leader').length, 1);
    assert.ok(nodes.every((n) => n.up && n.values.length === 1));
    assert.equal(sim.crashLeader('db'), 'db-1');
    assert.equal(sim.nodes()[0].up, false);
    sim.runUntil(2000);
    const leader = sim.nodes().find((n) => n.role === 'leader' && n.up);
    assert.ok(leader && leader.id !== 'db-1' && leader.term! > 1, 'a new leader is elected');
    sim.restart('db-1');
    sim.runUntil(3000);
    const [n1, n2] = sim.nodes();
    assert.equal(n1.up, true);
    assert.equal(n1.role, 'follower');
    assert.equal(n1.term, leader.term);
    assert.ok(Math.abs(n1.logLength! - n2.logLength!) <= 2, 'the restarted node catches up');
  });

  test('invoke starts one operation now, queues it behind one in flight, and works with the workload off', () => {
    const sim = createSimulation({
      ...base,
      duration: 5000,
      stores: [{ name: 'db', family: 'consensus', n: 3 }],
      workload: { reads: 50, writes: 50, rate: 0 },
    });
    sim.runUntil(10);
    const w = sim.invoke('a', 'write');
    const r = sim.invoke('a', 'read'); // a is busy: queued
    sim.runUntil(200);
    const history = sim.history();
    assert.deepEqual(
      history.map((o) => [o.id, o.f, o.client]),
      [
        [w, 'write', 'a'],
        [r, 'read', 'a'],
      ],
    );
    assert.ok(history[1].invoke >= history[0].complete, 'the read waited for the write');
    assert.equal(history[1].value, w, 'and saw it');
    assert.throws(() => sim.invoke('nobody', 'read'), /unknown client/);
  });

  test('setWorkload changes the rate from now on; rate 0 stops new operations', () => {
    const sim = createSimulation({ ...base, duration: 10_000 });
    sim.runUntil(500);
    sim.setWorkload({ reads: 100, writes: 0, rate: 0 });
    sim.runUntil(1500);
    const stopped = sim.history().length;
    sim.runUntil(2500);
    assert.equal(sim.history().length, stopped);
    sim.setWorkload({ reads: 100, writes: 0, rate: 600 });
    sim.runUntil(3500);
    const after = sim.history().filter((o) => o.invoke > 2500);
    assert.ok(after.length > 300 && after.length < 900, `${after.length} ops in 1 s at 600/s`);
    assert.ok(after.every((o) => o.f === 'read'));
  });

  test('a partition drops messages across it until healed', () => {
    const sim = createSimulation({ ...base, duration: 3000 });
    sim.runUntil(100);
    const id = sim.isolate('db-3');
    assert.deepEqual(sim.activePartitions(), [{ id, label: 'isolate db-3' }]);
    const before = sim.report().messages.dropped;
    sim.runUntil(600);
    assert.ok(sim.report().messages.dropped > before);
    const valuesCut = sim.nodes()[2].values[0];
    sim.runUntil(900);
    assert.equal(sim.nodes()[2].values[0], valuesCut, 'the isolated replica receives no writes');
    sim.heal(id);
    assert.deepEqual(sim.activePartitions(), []);
    sim.runUntil(1500);
    assert.notEqual(sim.nodes()[2].values[0], valuesCut, 'writes reach it again');
  });

  test('partitions between named sides: regions, nodes, clients and datastores', () => {
    const sim = createSimulation({
      ...base,
      stores: [
        {
          name: 'db',
          family: 'leaderless',
          n: 3,
          placement: [
            { region: 'eu', count: 2 },
            { region: 'us', count: 1 },
          ],
        },
      ],
      clients: [{ name: 'a', region: 'eu' }],
    });
    sim.partition(['eu'], ['us']);
    sim.partition(['a'], ['db']);
    assert.equal(sim.activePartitions().length, 2);
    sim.heal();
    assert.equal(sim.activePartitions().length, 0);
    assert.throws(() => sim.partition(['mars'], ['eu']), /'mars' is not a region, node, client or datastore/);
    assert.throws(() => sim.crash('db-9'), /not a node/);
  });
});

describe('bookkeeping', () => {
  test('every message sent is delivered, dropped or still queued; events count deliveries and timers', () => {
    const sim = createSimulation({ ...base, partitions: [{ isolate: 'db-1', at: 100, heal: 500 }] });
    const result = sim.run();
    const { sent, delivered, dropped } = result.report.messages;
    assert.ok(delivered > 0 && dropped > 0);
    assert.equal(sent, delivered + dropped + sim.inFlight().length);
    assert.ok(result.report.events > delivered);
  });

  test('clients stop at the duration and every operation is finished', () => {
    const { history, report } = runScenario(base);
    assert.ok(history.every((op) => op.invoke < base.duration));
    assert.ok(history.every((op) => Number.isFinite(op.complete)));
    assert.equal(report.operations.total, history.length);
    assert.equal(report.operations.ok + report.operations.fail + report.operations.info, history.length);
  });

  test('timeouts: reads fail, writes become info (unknown)', () => {
    const { history } = runScenario({ ...base, crashes: ['db-1', 'db-2', 'db-3'].map((node) => ({ node, at: 0 })) });
    assert.ok(history.length > 0);
    for (const op of history) {
      assert.equal(op.error, 'timeout');
      assert.equal(op.outcome, op.f === 'read' ? 'fail' : 'info');
      assert.equal(op.complete - op.invoke, 1000);
    }
  });

  test('default clients: one per region where replicas are', () => {
    const { history } = runScenario({
      ...base,
      clients: undefined,
      stores: [
        {
          name: 'db',
          family: 'leaderless',
          n: 2,
          placement: [
            { region: 'eu', count: 1 },
            { region: 'us', count: 1 },
          ],
        },
      ],
    });
    assert.deepEqual([...new Set(history.map((op) => op.client))].sort(), ['client@eu', 'client@us']);
  });

  test('multiple keys: ops carry a key and each key is its own register', () => {
    const { history } = runScenario({ ...base, workload: { reads: 50, writes: 50, rate: 2000, keys: 4 } });
    assert.deepEqual([...new Set(history.map((op) => op.key))].sort(), [0, 1, 2, 3]);
  });
});
