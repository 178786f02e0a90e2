// Leaderless quorums: partial quorums are stale under slow writes, overlapping ones are not, read repair
// heals a replica that missed writes, and a side without enough replicas cannot complete requests.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkLinearizability,
  createSimulation,
  runScenario,
  type SimConfig,
  type SimStore,
} from '../../../server/src/core/simulation/index';

// Slow, heavy-tailed writes (the PBS lnkd-disk write leg) and many clients contending on one register.
const store = (r: number, w: number, extra: Partial<SimStore> = {}): SimStore => ({
  name: 'kv',
  family: 'leaderless',
  n: 3,
  r,
  w,
  latency: 'lnkd-disk',
  ...extra,
});
const clients = Array.from({ length: 8 }, (_, i) => ({ name: `c${i}` }));
const load = (s: SimStore, seed = 1): SimConfig => ({
  seed,
  duration: 3000,
  stores: [s],
  clients,
  workload: { reads: 50, writes: 50, rate: 4000 },
});

describe('leaderless', () => {
  test('R + W ≤ N: reads miss acknowledged writes under load', () => {
    const { report, history } = runScenario(load(store(1, 1)));
    assert.ok(report.staleReads > 10, `${report.staleReads} stale reads`);
    assert.ok(report.staleReadRate > 0.01);
    assert.equal(checkLinearizability(history).linearizable, false);
  });

  test('R + W > N: no stale reads without failures', () => {
    for (const [r, w] of [
      [2, 2],
      [1, 3],
      [3, 1],
    ]) {
      const { report } = runScenario(load(store(r, w)));
      assert.ok(report.operations.ok > 1000);
      assert.equal(report.staleReads, 0, `R=${r} W=${w}`);
    }
  });

  test('bigger quorums cost latency', () => {
    const fast = runScenario(load(store(1, 1))).report.stores[0].latency.writes.p50;
    const slow = runScenario(load(store(1, 3))).report.stores[0].latency.writes.p50;
    assert.ok(slow > fast * 1.5, `W=3 p50 ${slow} vs W=1 p50 ${fast}`);
  });

  test('read repair brings back a replica that missed writes', () => {
    // Cut db-3 off while keys are written; afterwards, reads from all three replicas repair what it lacks.
    const divergent = (readRepair: boolean) => {
      const sim = createSimulation({
        seed: 4,
        duration: 4000,
        stores: [store(3, 1, { readRepair })],
        clients,
        workload: { reads: 90, writes: 10, rate: 2000, keys: 20 },
        partitions: [{ isolate: 'kv-3', at: 0, heal: 1000 }],
      });
      sim.run();
      const [a, b, c] = sim.nodes().map((n) => n.values);
      return c.filter((v, k) => v !== a[k] && v !== b[k]).length;
    };
    const without = divergent(false);
    assert.ok(without > 0, 'without read repair some keys stay behind');
    assert.equal(divergent(true), 0);
  });

  test('a client cut off from all but one replica cannot complete W=2 writes or R=2 reads', () => {
    const { report } = runScenario({
      seed: 1,
      duration: 3000,
      stores: [
        {
          name: 'kv',
          family: 'leaderless',
          n: 3,
          r: 2,
          w: 2,
          placement: [
            { region: 'a', count: 1 },
            { region: 'b', count: 2 },
          ],
        },
      ],
      clients: [
        { name: 'ca', region: 'a' },
        { name: 'cb', region: 'b' },
      ],
      workload: { reads: 50, writes: 50, rate: 400 },
      partitions: [{ between: [['a'], ['b']], at: 500, heal: 2500 }],
    });
    const sides = report.stores[0].bySide;
    assert.ok(sides.minority.reads.total + sides.minority.writes.total > 0);
    assert.equal(sides.minority.reads.ok + sides.minority.writes.ok, 0);
    assert.ok(sides.majority.writes.ok > 0 && sides.majority.writes.ok === sides.majority.writes.total);
  });

  test('R=W=1 stays available on both sides of a partition (AP), at the price of divergence', () => {
    const { report } = runScenario({
      seed: 1,
      duration: 3000,
      stores: [
        {
          name: 'kv',
          family: 'leaderless',
          n: 3,
          r: 1,
          w: 1,
          placement: [
            { region: 'a', count: 1 },
            { region: 'b', count: 2 },
          ],
        },
      ],
      clients: [
        { name: 'ca', region: 'a' },
        { name: 'cb', region: 'b' },
      ],
      workload: { reads: 50, writes: 50, rate: 400 },
      partitions: [{ between: [['a'], ['b']], at: 500, heal: 2500 }],
    });
    const { minority, majority } = report.stores[0].bySide;
    assert.equal(minority.writes.ok, minority.writes.total);
    assert.equal(majority.writes.ok, majority.writes.total);
    assert.ok(report.staleReads > 0, 'each side misses the other side’s writes');
  });
});
