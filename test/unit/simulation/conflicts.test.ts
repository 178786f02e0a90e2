// Concurrent writes in a leaderless store, resolved the way `conflicts` says: last-write-wins keeps the later
// timestamp and the other acknowledged write is a lost update (unless its writer's successor had seen it);
// vector clocks keep siblings that the next read returns and the client merges; CRDTs merge by type; `none`
// leaves replicas apart. Each case is two clients on opposite sides of a partition, as in the CAP thought
// experiment, with the exact versions checked.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { conflictGroups, runScenario, type SimConfig, type SimStore } from '../../../server/src/core/simulation/index';

/** RF 3 split 2 | 1; `east` writes `a` at 3 s, `west` writes `b` at 4 s, both acknowledged (W = 1); healed at 8 s. */
function split(store: Partial<SimStore>, a = 10, b = 12, extra: Partial<SimConfig> = {}): SimConfig {
  return {
    seed: 1,
    duration: 20_000,
    stores: [
      {
        name: 'kv',
        family: 'leaderless',
        n: 3,
        r: 1,
        w: 1,
        placement: [
          { region: 'east', count: 2 },
          { region: 'west', count: 1 },
        ],
        antiEntropy: 1000,
        ...store,
      },
    ],
    clients: [
      { name: 'east-client', region: 'east' },
      { name: 'west-client', region: 'west' },
    ],
    workload: { reads: 50, writes: 50, rate: 0 },
    partitions: [{ between: [['east'], ['west']], at: 2000, heal: 8000 }],
    operations: [
      { at: 3000, client: 'east-client', f: 'write', value: a },
      { at: 4000, client: 'west-client', f: 'write', value: b },
      { at: 15_000, client: 'east-client', f: 'read' },
    ],
    ...extra,
  };
}

const finals = (r: ReturnType<typeof runScenario>) => r.report.stores[0].final.map((f) => f.value);

describe('conflict resolution', () => {
  test('last-write-wins keeps the later write everywhere and reports the other as a lost update', () => {
    const r = runScenario(split({ conflicts: 'last-write-wins' }));
    assert.deepEqual(
      r.history.map((op) => [op.id, op.f, op.outcome, op.value]),
      [
        [1, 'write', 'ok', 10],
        [2, 'write', 'ok', 12],
        [3, 'read', 'ok', 12],
      ],
    );
    assert.deepEqual(finals(r), [12, 12, 12]);
    const s = r.report.stores[0];
    assert.deepEqual(s.lost, [{ id: 1, cause: 'overwritten', by: 2 }]);
    // The versions meet once the partition heals (anti-entropy then carries them across).
    assert.deepEqual(
      s.conflicts!.map((c) => [c.key, c.ids, c.kept]),
      [[0, [1, 2], 2]],
    );
    assert.ok(s.conflicts![0].at >= 8000 && s.conflicts![0].at < 10_000, `${s.conflicts![0].at}`);
    const [g] = conflictGroups(r, 'kv');
    assert.deepEqual(
      g.versions.map((v) => [v.value, v.client, v.fate]),
      [
        [10, 'east-client', 'lost'],
        [12, 'west-client', 'kept'],
      ],
    );
  });

  test('a write that saw the value it replaces is an overwrite, not a lost update', () => {
    // west reads 10 after the heal, then writes 12: it knew 10.
    const r = runScenario(
      split({ conflicts: 'last-write-wins' }, 10, 12, {
        partitions: [],
        operations: [
          { at: 3000, client: 'east-client', f: 'write', value: 10 },
          { at: 4000, client: 'west-client', f: 'read' },
          { at: 5000, client: 'west-client', f: 'write', value: 12 },
        ],
      }),
    );
    assert.equal(r.history[1].value, 10);
    assert.deepEqual(finals(r), [12, 12, 12]);
    assert.deepEqual(r.report.stores[0].lost, []);
  });

  test('clock skew: with last-write-wins a later write from a slow clock loses to an earlier one', () => {
    const r = runScenario({
      ...split({ conflicts: 'last-write-wins' }),
      clients: [
        { name: 'east-client', region: 'east', clockSkew: 5000 },
        { name: 'west-client', region: 'west' },
      ],
    });
    // east wrote first (3 s) but its clock reads 8 s; west's write at 4 s carries 4 s: east wins.
    assert.deepEqual(finals(r), [10, 10, 10]);
    assert.deepEqual(
      r.report.stores[0].lost.map((l) => l.id),
      [2],
    );
  });

  test('vector clocks keep both as siblings; the next read returns them and the client writes back its merge', () => {
    for (const [merge, merged] of [
      ['sum', 22],
      ['max', 12],
      ['min', 10],
    ] as const) {
      const r = runScenario(split({ conflicts: 'vector-clocks', merge }));
      const read = r.history.find((op) => op.f === 'read')!;
      assert.deepEqual(read.siblings, [10, 12]);
      assert.equal(read.value, merged);
      const writeBack = r.history.find((op) => op.merges)!;
      assert.deepEqual(
        [writeBack.client, writeBack.f, writeBack.value, writeBack.merges, writeBack.outcome],
        ['east-client', 'write', merged, [10, 12], 'ok'],
      );
      assert.ok(writeBack.invoke >= read.complete);
      assert.deepEqual(finals(r), [merged, merged, merged], merge);
      assert.deepEqual(r.report.stores[0].lost, []);
      assert.equal(r.report.stores[0].siblingReads, 1);
    }
  });

  test('before the merge, every replica holds both siblings', () => {
    const r = runScenario({ ...split({ conflicts: 'vector-clocks' }), operations: split({}).operations!.slice(0, 2) });
    assert.deepEqual(finals(r), [
      [10, 12],
      [10, 12],
      [10, 12],
    ]);
    assert.deepEqual(
      r.report.stores[0].conflicts!.map((c) => [c.ids, c.siblings]),
      [[[1, 2], true]],
    );
  });

  test('CRDTs merge by type and lose nothing (a register keeps one of two concurrent writes)', () => {
    const counter = runScenario(
      split({ conflicts: 'crdt', datatype: 'counter' }, 10, 12, {
        operations: [
          { at: 3000, client: 'east-client', f: 'add', value: 10 },
          { at: 4000, client: 'west-client', f: 'add', value: 12 },
          { at: 15_000, client: 'east-client', f: 'read' },
        ],
      }),
    );
    assert.deepEqual(finals(counter), [22, 22, 22]);
    assert.equal(counter.history[2].value, 22);
    assert.deepEqual(counter.report.stores[0].lost, []);

    const set = runScenario(
      split({ conflicts: 'crdt', datatype: 'set' }, 10, 12, {
        operations: [
          { at: 3000, client: 'east-client', f: 'add', value: 10 },
          { at: 4000, client: 'west-client', f: 'add', value: 12 },
          { at: 15_000, client: 'east-client', f: 'read' },
        ],
      }),
    );
    assert.deepEqual(finals(set), [
      [10, 12],
      [10, 12],
      [10, 12],
    ]);
    assert.deepEqual(set.history[2].value, [10, 12]);

    const register = runScenario(split({ conflicts: 'crdt', datatype: 'register' }));
    assert.deepEqual(finals(register), [12, 12, 12]);
    assert.deepEqual(
      register.report.stores[0].lost.map((l) => l.id),
      [1],
    );
  });

  test('an add-wins set: a remove takes only the adds it saw; a concurrent add of the same element survives', () => {
    const r = runScenario(
      split({ conflicts: 'crdt', datatype: 'set' }, 7, 7, {
        partitions: [{ between: [['east'], ['west']], at: 3500, heal: 8000 }],
        operations: [
          { at: 1000, client: 'east-client', f: 'add', value: 7 },
          { at: 2000, client: 'east-client', f: 'read' },
          { at: 4000, client: 'east-client', f: 'remove', value: 7 },
          { at: 4000, client: 'west-client', f: 'add', value: 7 },
          { at: 15_000, client: 'east-client', f: 'read' },
        ],
      }),
    );
    assert.deepEqual(r.history.at(-1)!.value, [7]);
    assert.deepEqual(finals(r), [[7], [7], [7]]);
  });

  test('with no conflict resolution (`none`), replicas that took different writes stay apart', () => {
    const r = runScenario({ ...split({ conflicts: 'none' }), operations: split({}).operations!.slice(0, 2) });
    assert.deepEqual(finals(r), [10, 10, 12]);
    assert.equal(r.report.stores[0].convergence, undefined);
  });

  test('the same seed replays conflicts, anti-entropy and hints exactly', () => {
    const config: SimConfig = {
      seed: 5,
      duration: 4000,
      stores: [
        {
          name: 'kv',
          family: 'leaderless',
          n: 3,
          r: 1,
          w: 1,
          conflicts: 'vector-clocks',
          merge: 'sum',
          antiEntropy: 300,
          hintedHandoff: { every: 500 },
          placement: [
            { region: 'a', count: 2 },
            { region: 'b', count: 1 },
          ],
        },
      ],
      clients: [
        { name: 'c1', region: 'a' },
        { name: 'c2', region: 'b' },
        { name: 'c3', region: 'b' },
      ],
      workload: { reads: 50, writes: 50, rate: 600, keys: 3 },
      partitions: [{ between: [['a'], ['b']], at: 1000, heal: 2500 }],
    };
    const one = runScenario(config);
    assert.deepEqual(runScenario(config), one);
    assert.ok(
      one.history.some((op) => op.siblings),
      'siblings happened',
    );
    assert.notDeepEqual(runScenario({ ...config, seed: 6 }).history, one.history);
  });
});
