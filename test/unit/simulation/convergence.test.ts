// How leaderless replicas catch up after a heal — hinted handoff replays what a replica missed, anti-entropy
// exchanges state, neither means the replica stays behind until a write or a repair reaches it — and when the
// run says they converged; and leadership: elections, time without a leader, a fenced primary stepping down.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findStaleReads, phaseOf, runScenario, type SimConfig, type SimStore } from '../../../server/src/core/simulation/index';

/**
 * One writer in region a, replicas a: 2, b: 1; b cut off from 1 s to 3 s while the writer sets 40 keys once each;
 * nothing is written after the heal, so only a repair mechanism can bring b up to date.
 */
function diverge(store: Partial<SimStore>, duration = 30_000): SimConfig {
  return {
    seed: 3,
    duration,
    stores: [
      {
        name: 'kv',
        family: 'leaderless',
        n: 3,
        r: 1,
        w: 1,
        placement: [
          { region: 'a', count: 2 },
          { region: 'b', count: 1 },
        ],
        ...store,
      },
    ],
    clients: [{ name: 'writer', region: 'a' }],
    workload: { reads: 0, writes: 100, rate: 0, keys: 40 },
    partitions: [{ between: [['a'], ['b']], at: 1000, heal: 3000 }],
    operations: Array.from({ length: 40 }, (_, k) => ({
      at: 1100 + k * 40,
      client: 'writer',
      f: 'write' as const,
      key: k,
      value: 100 + k,
    })),
  };
}

describe('convergence', () => {
  test('without hints or anti-entropy the cut-off replica stays behind', () => {
    const r = runScenario(diverge({}));
    const [episode] = r.report.stores[0].convergence!;
    assert.equal(episode.healed, 3000);
    assert.equal(episode.converged, undefined);
    assert.deepEqual(
      r.report.stores[0].final.map((f) => f.value),
      [100, 100, null],
    );
  });

  test('hinted handoff: the coordinator replays the writes b missed at its next round after the heal', () => {
    const r = runScenario(diverge({ hintedHandoff: { every: 10_000 } }));
    const [episode] = r.report.stores[0].convergence!;
    // Hints are dispatched every 10 s: the first round after the heal at 3 s is at 10 s.
    assert.ok(episode.converged! >= 10_000 && episode.converged! < 10_100, `${episode.converged}`);
    assert.deepEqual(
      r.report.timeline.filter((e) => e.kind === 'converged').map((e) => e.at),
      [episode.converged],
    );
  });

  test('hints older than the window are dropped, so the replica stays behind', () => {
    const r = runScenario(diverge({ hintedHandoff: { every: 10_000, window: 5000 } }));
    assert.equal(r.report.stores[0].convergence![0].converged, undefined);
  });

  test('anti-entropy: replicas exchange state with one peer each per interval', () => {
    const r = runScenario(diverge({ antiEntropy: 2000 }));
    const [episode] = r.report.stores[0].convergence!;
    assert.ok(episode.converged! > 3000 && episode.converged! <= 3000 + 2 * 2000 + 100, `${episode.converged}`);
  });

  test('read repair converges the keys that are read', () => {
    const config = diverge({ readRepair: true, r: 3 });
    config.operations = [
      ...config.operations!,
      ...Array.from({ length: 40 }, (_, k) => ({ at: 5000 + k * 10, client: 'writer', f: 'read' as const, key: k })),
    ];
    const r = runScenario(config);
    const converged = r.report.stores[0].convergence![0].converged!;
    assert.ok(converged > 5000 && converged < 6000, `${converged}`);
  });

  test('stale reads happen while partitioned and before convergence, none once converged', () => {
    const config: SimConfig = {
      ...diverge({ hintedHandoff: { every: 10_000 } }),
      clients: [
        { name: 'writer', region: 'a' },
        { name: 'reader', region: 'b' },
      ],
      workload: { reads: 80, writes: 20, rate: 80, keys: 200 },
    };
    const r = runScenario(config);
    const byPhase: Record<string, number> = { partitioned: 0, healing: 0, converged: 0 };
    const staleIds = new Set(findStaleReads(r.history));
    for (const op of r.history) {
      const phase = phaseOf(op, r.report.stores[0]);
      if (phase && staleIds.has(op.id)) byPhase[phase]++;
    }
    assert.ok(byPhase.partitioned > 0, JSON.stringify(byPhase));
    assert.ok(byPhase.healing > 0, JSON.stringify(byPhase));
    assert.equal(byPhase.converged, 0);
  });

  test('a new fault before convergence interrupts the episode', () => {
    const config = diverge({});
    config.partitions = [
      { between: [['a'], ['b']], at: 1000, heal: 3000 },
      { between: [['a'], ['b']], at: 4000, heal: 6000 },
    ];
    const episodes = runScenario(config).report.stores[0].convergence!;
    assert.deepEqual(
      episodes.map((e) => [e.healed, e.interrupted]),
      [
        [3000, 4000],
        [6000, undefined],
      ],
    );
  });
});

describe('leadership', () => {
  const five = (store: Partial<SimStore> = {}): SimConfig => ({
    seed: 1,
    duration: 12_000,
    stores: [
      {
        name: 'db',
        family: 'consensus',
        n: 5,
        placement: [
          { region: 'a', count: 2 },
          { region: 'b', count: 3 },
        ],
        timers: { election: 1000, heartbeat: 100 },
        ...store,
      },
    ],
    clients: [
      { name: 'ca', region: 'a' },
      { name: 'cb', region: 'b' },
    ],
    workload: { reads: 50, writes: 50, rate: 100 },
    partitions: [{ between: [['a'], ['b']], at: 3000, heal: 9000 }],
  });

  test('a leader on the minority side: no leader until the majority elects one, after about an election timeout', () => {
    const r = runScenario(five());
    const l = r.report.stores[0].leadership!;
    assert.equal(l.elections, 1);
    assert.equal(l.leaders, 1);
    assert.equal(l.intervals.length, 1);
    const [from, to] = l.intervals[0];
    assert.equal(from, 3000);
    // Followers campaign after a randomised [1, 2) s without a leader; pre-vote and vote take a round trip each.
    assert.ok(to - from >= 1000 && to - from < 2100, `${to - from}`);
    assert.equal(l.withoutLeader, to - from);
    const kinds = r.report.timeline.filter((e) => 'store' in e).map((e) => e.kind);
    assert.deepEqual(kinds, ['no-leader', 'step-down', 'election', 'leader', 'leader-back']);
    const elected = r.report.timeline.find((e) => e.kind === 'leader')!;
    assert.ok('node' in elected && /^db-[345]$/.test(elected.node), 'the new leader is on the majority side');
  });

  test('the election timeout sets the gap: MongoDB-like 10 s instead of etcd-like 1 s', () => {
    const short = runScenario(five()).report.stores[0].leadership!.withoutLeader;
    const long = runScenario({
      ...five({ timers: { election: 10_000, heartbeat: 2000 } }),
      duration: 45_000,
      partitions: [{ between: [['a'], ['b']], at: 3000, heal: 40_000 }],
    }).report.stores[0].leadership!;
    assert.ok(short >= 1000 && short < 2100, `${short}`);
    assert.ok(long.withoutLeader >= 10_000 && long.withoutLeader < 21_000, `${long.withoutLeader}`);
  });

  test('a crashed leader is replaced; the time without one is counted until the new one', () => {
    const r = runScenario({ ...five(), partitions: [], crashes: [{ leaderOf: 'db', at: 2000, restart: 6000 }] });
    const l = r.report.stores[0].leadership!;
    assert.equal(l.intervals[0][0], 2000);
    assert.ok(l.withoutLeader >= 1000 && l.withoutLeader < 2100);
  });

  test('primary-backup with a fenced primary (MongoDB): a cut-off primary steps down after the step-down time', () => {
    const r = runScenario({
      seed: 1,
      duration: 20_000,
      timeout: 5000,
      stores: [
        {
          name: 'db',
          family: 'leader',
          n: 3,
          w: 2,
          placement: [
            { region: 'a', count: 1 },
            { region: 'b', count: 2 },
          ],
          timers: { election: 10_000, heartbeat: 2000, stepDown: 10_000 },
        },
      ],
      clients: [{ name: 'ca', region: 'a' }],
      workload: { reads: 0, writes: 100, rate: 0 },
      partitions: [{ between: [['a'], ['b']], at: 2000, heal: 16_000 }],
      operations: [
        { at: 3000, client: 'ca', f: 'write', value: 7 },
        { at: 13_000, client: 'ca', f: 'write', value: 8 },
      ],
    });
    const events = r.report.timeline.filter((e) => e.kind === 'step-down' || e.kind === 'leader');
    assert.deepEqual(
      events.map((e) => [e.kind, 'node' in e ? e.node : '']),
      [
        ['step-down', 'db-1'],
        ['leader', events[1] && 'node' in events[1] ? events[1].node : '?'],
      ],
    );
    assert.ok(events[0].at >= 12_000 && events[0].at <= 14_000, `${events[0].at}`);
    // The first write waits for a majority that never answers: unknown. The second, after the step-down, is refused.
    assert.deepEqual(
      r.history.map((op) => [op.value, op.outcome, op.error]),
      [
        [7, 'info', 'timeout'],
        [8, 'fail', 'not-primary'],
      ],
    );
  });
});
