// Primary-backup replication: asynchronous acknowledgement loses writes on failover and in a split brain,
// semi-synchronous replication does not; follower reads can be stale, primary reads are not.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkLinearizability, createSimulation, runScenario, type SimConfig } from '../../../server/src/core/simulation/index';

// The primary alone in region a with the clients; followers across a WAN in region b, so replication trails.
const wanCrash = (w: number, family: 'leader' | 'consensus' = 'leader', seed = 1): SimConfig => ({
  seed,
  duration: 5000,
  stores: [
    {
      name: 'db',
      family,
      n: 3,
      w,
      placement: [
        { region: 'a', count: 1 },
        { region: 'b', count: 2 },
      ],
      latency: 'wan',
    },
  ],
  clients: Array.from({ length: 4 }, (_, i) => ({ name: `c${i}`, region: 'a' })),
  workload: { reads: 20, writes: 80, rate: 2000 },
  crashes: [{ leaderOf: 'db', at: 2000 }],
});

// The primary's region is cut off with one client; the other client is with the followers.
const splitBrain = (w: number, family: 'leader' | 'consensus' = 'leader'): SimConfig => ({
  seed: 1,
  duration: 8000,
  stores: [
    {
      name: 'db',
      family,
      n: 3,
      w,
      placement: [
        { region: 'b', count: 1 },
        { region: 'a', count: 2 },
      ],
    },
  ],
  clients: [
    { name: 'ca', region: 'a' },
    { name: 'cb', region: 'b' },
  ],
  workload: { reads: 50, writes: 50, rate: 400 },
  partitions: [{ isolate: 'b', at: 2000, heal: 5000 }],
});

describe('leader (primary-backup)', () => {
  test('asynchronous (W=1): failover after a primary crash loses acknowledged writes', () => {
    const { report, history } = runScenario(wanCrash(1));
    const s = report.stores[0];
    assert.ok(s.lostWrites > 0, 'acknowledged writes are missing from the new primary');
    for (const id of s.lostWriteIds) {
      const op = history.find((o) => o.id === id)!;
      assert.equal(op.outcome, 'ok');
      assert.notEqual(op.f, 'read');
      assert.ok(op.complete <= 2000, 'lost writes were acknowledged before the crash');
    }
  });

  test('the failover promotes a follower under a new epoch; the old primary rejoins as a follower', () => {
    const sim = createSimulation({ ...wanCrash(1), crashes: [{ leaderOf: 'db', at: 2000, restart: 4500 }] });
    sim.runUntil(4400);
    const promoted = sim.nodes().find((n) => n.role === 'primary' && n.up);
    assert.ok(promoted && promoted.id !== 'db-1' && promoted.term === 2);
    sim.runUntil(5000);
    const old = sim.nodes()[0];
    assert.equal(old.up, true);
    assert.equal(old.role, 'follower');
    assert.equal(old.term, 2);
  });

  test('semi-synchronous (W=2) keeps every acknowledged write through the same failover', () => {
    for (const seed of [1, 2, 3]) assert.equal(runScenario(wanCrash(2, 'leader', seed)).report.lostWrites, 0);
  });

  test('split brain: a cut-off asynchronous primary keeps acknowledging writes that are lost when it heals', () => {
    const { report, history } = runScenario(splitBrain(1));
    const s = report.stores[0];
    assert.ok(s.bySide.minority.writes.ok > 10, 'the old primary accepted writes on the minority side');
    assert.ok(s.lostWrites >= s.bySide.minority.writes.ok * 0.9, `lost ${s.lostWrites}`);
    assert.ok(s.staleReads > 0);
    assert.equal(checkLinearizability(history).linearizable, false);
  });

  test('split brain with W=2: the cut-off primary cannot acknowledge, nothing is lost', () => {
    const { report } = runScenario(splitBrain(2));
    const s = report.stores[0];
    assert.ok(s.bySide.minority.writes.total > 0);
    assert.equal(s.bySide.minority.writes.ok, 0);
    assert.ok(s.bySide.majority.writes.ok > 0, 'the promoted follower serves the majority side');
    assert.equal(s.lostWrites, 0);
  });

  const busy = (readFrom: 'leader' | 'followers'): SimConfig => ({
    seed: 2,
    duration: 3000,
    stores: [{ name: 'db', family: 'leader', n: 3, w: 1, readFrom, latency: 'lnkd-disk' }],
    clients: Array.from({ length: 8 }, (_, i) => ({ name: `c${i}` })),
    workload: { reads: 50, writes: 50, rate: 4000 },
  });

  test('follower reads can be stale', () => {
    const { report, history } = runScenario(busy('followers'));
    assert.ok(report.staleReads > 0);
    assert.equal(checkLinearizability(history).linearizable, false);
  });

  test('primary reads are linearizable without failures', () => {
    const { report, history } = runScenario(busy('leader'));
    assert.equal(report.staleReads, 0);
    assert.equal(checkLinearizability(history).linearizable, true);
  });
});
