// Consensus (Raft): the minority side of a partition refuses writes while the majority elects a leader and
// keeps committing; nothing acknowledged is lost; leader reads are linearizable and follower reads are not.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkLinearizability, createSimulation, runScenario, type SimConfig } from '../../../server/src/core/simulation/index';

// The initial leader (db-1) alone in region a: the partition puts it on the minority side.
const partitioned: SimConfig = {
  seed: 2,
  duration: 6000,
  stores: [
    {
      name: 'db',
      family: 'consensus',
      n: 3,
      placement: [
        { region: 'a', count: 1 },
        { region: 'b', count: 2 },
      ],
    },
  ],
  clients: [
    { name: 'ca', region: 'a' },
    { name: 'cb1', region: 'b' },
    { name: 'cb2', region: 'b' },
  ],
  workload: { reads: 50, writes: 50, rate: 1000 },
  partitions: [{ isolate: 'a', at: 1000, heal: 4000 }],
};

describe('consensus', () => {
  test('the minority side refuses writes; the majority side elects a leader and keeps committing', () => {
    const { report, history } = runScenario(partitioned);
    const s = report.stores[0];
    assert.ok(s.bySide.minority.writes.total > 0);
    assert.equal(s.bySide.minority.writes.ok, 0);
    assert.equal(s.bySide.minority.reads.ok, 0, 'leader reads need a majority too');
    assert.ok(s.bySide.majority.writes.ok > 100, `${s.bySide.majority.writes.ok} majority writes`);
    assert.equal(s.lostWrites, 0);
    assert.equal(s.staleReads, 0);
    assert.equal(checkLinearizability(history).linearizable, true);
  });

  test('a cut-off leader steps down; after healing it follows the new term', () => {
    const sim = createSimulation(partitioned);
    sim.runUntil(3500);
    const [old, ...rest] = sim.nodes();
    assert.notEqual(old.role, 'leader', 'check-quorum made it step down');
    const leader = rest.find((n) => n.role === 'leader');
    assert.ok(leader && leader.term! > old.term!);
    sim.runUntil(5500);
    const after = sim.nodes();
    assert.equal(after[0].term, leader.term, 'the old leader adopted the new term without disrupting it');
    assert.equal(after.find((n) => n.role === 'leader')?.id, leader.id);
  });

  test('acknowledged writes survive leader crashes', () => {
    for (const seed of [1, 2, 3]) {
      const { report, history } = runScenario({
        seed,
        duration: 5000,
        stores: [{ name: 'db', family: 'consensus', n: 5, latency: 'lnkd-disk' }],
        clients: Array.from({ length: 6 }, (_, i) => ({ name: `c${i}` })),
        workload: { reads: 30, writes: 50, cas: 20, rate: 3000 },
        crashes: [
          { leaderOf: 'db', at: 1000, restart: 2500 },
          { leaderOf: 'db', at: 3000 },
        ],
      });
      assert.equal(report.lostWrites, 0);
      assert.ok(report.operations.ok > 500);
      assert.equal(checkLinearizability(history).linearizable, true, `seed ${seed}`);
    }
  });

  test('no side without a majority of live nodes can elect a leader', () => {
    const sim = createSimulation({
      seed: 1,
      duration: 6000,
      stores: [
        {
          name: 'db',
          family: 'consensus',
          n: 5,
          placement: [
            { region: 'a', count: 3 },
            { region: 'b', count: 2 },
          ],
        },
      ],
      clients: [{ name: 'cb', region: 'b' }],
      workload: { reads: 0, writes: 100, rate: 100 },
    });
    sim.runUntil(100);
    sim.isolate('b');
    sim.runUntil(2500);
    const leaderIds = () =>
      sim
        .nodes()
        .filter((n) => n.role === 'leader' && n.up)
        .map((n) => n.id);
    assert.deepEqual(leaderIds(), ['db-1'], 'the 3-node side keeps its leader; the 2-node side elects none');
    // Now the 3-node side loses its leader: 2 live nodes there, 2 cut off: nobody has 3 votes.
    sim.crashLeader('db');
    sim.runUntil(5000);
    assert.deepEqual(leaderIds(), []);
    assert.ok(
      sim
        .nodes()
        .slice(3)
        .every((n) => n.term === 1),
      'pre-vote keeps the cut-off side from inflating terms',
    );
    sim.heal();
    sim.runUntil(6000);
    assert.equal(leaderIds().length, 1, 'after healing, four live nodes elect a leader');
  });

  test('follower reads can be stale and are not linearizable; leader reads are', () => {
    const config = (readFrom: 'leader' | 'followers'): SimConfig => ({
      seed: 3,
      duration: 2000,
      stores: [{ name: 'db', family: 'consensus', n: 3, readFrom, latency: 'lnkd-disk' }],
      clients: Array.from({ length: 8 }, (_, i) => ({ name: `c${i}` })),
      workload: { reads: 50, writes: 50, rate: 5000 },
    });
    const followers = runScenario(config('followers'));
    assert.ok(followers.report.staleReads > 0);
    assert.equal(checkLinearizability(followers.history).linearizable, false);
    const leader = runScenario(config('leader'));
    assert.equal(leader.report.staleReads, 0);
    assert.equal(checkLinearizability(leader.history).linearizable, true);
  });
});
