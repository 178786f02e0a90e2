// The engines' own clocks reach the simulator through the one analysis: etcd's 1 s election timeout, MongoDB's
// 10 s electionTimeoutMillis with its primary stepping down, Cassandra's hints (replayed every 10 s, kept 3 h) and
// no automatic anti-entropy, Riak's active anti-entropy tick (15 s) and handoff (10 s); each with its source. A
// store without an engine keeps the latency-derived timers and no repair mechanism.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { buildSimulatorModel } from '../../../server/src/core/ide/simulator-model';
import { systemFromDesign } from '../../../server/src/core/simulation/index';

const text = `system: clocks
datastores:
  config:
    engine: etcd
    settings: {members: 3}
  orders:
    engine: mongodb
    settings: {members: 3, w: majority}
  sessions:
    engine: cassandra
    settings: {replication_factor: 3, consistency: ONE}
  profiles:
    engine: riak
    settings: {n_val: 3, r: 1, w: 1}
  plain:
    replicas: 3
    replication: leaderless
`;

describe('engine clocks', () => {
  const analysis = analyzeFull(text);
  const timers = (name: string) => analysis.analyses.get(name)!.model!.timers;

  test('each engine documents its clocks, with the setting and the source', () => {
    assert.deepEqual(timers('config'), {
      election: { ms: 1000, setting: '--election-timeout', source: 'https://etcd.io/docs/v3.6/tuning/' },
      heartbeat: { ms: 100, setting: '--heartbeat-interval', source: 'https://etcd.io/docs/v3.6/tuning/' },
    });
    assert.equal(timers('orders')!.election!.ms, 10_000);
    assert.equal(timers('orders')!.stepDown!.setting, 'settings.electionTimeoutMillis');
    assert.deepEqual(
      [
        timers('sessions')!.hintedHandoff!.every.ms,
        timers('sessions')!.hintedHandoff!.window!.ms,
        timers('sessions')!.antiEntropy,
      ],
      [10_000, 3 * 3_600_000, undefined],
    );
    assert.match(timers('sessions')!.hintedHandoff!.window!.source, /cassandra\.apache\.org.*hints/);
    assert.deepEqual(
      [timers('profiles')!.antiEntropy!.ms, timers('profiles')!.antiEntropy!.setting],
      [15_000, 'anti_entropy_tick'],
    );
    assert.equal(timers('plain'), undefined);
  });

  test("the simulator runs them: the same SimStore for the CLI and for the panel's model", () => {
    const system = systemFromDesign(analysis.design, analysis.analyses);
    const byName = new Map(system.stores.map((s) => [s.name, s]));
    assert.deepEqual(byName.get('config')!.timers, { election: 1000, heartbeat: 100 });
    assert.deepEqual(byName.get('orders')!.timers, { election: 10_000, heartbeat: 2000, stepDown: 10_000 });
    assert.deepEqual(
      [byName.get('sessions')!.hintedHandoff, byName.get('sessions')!.antiEntropy],
      [{ every: 10_000, window: 3 * 3_600_000 }, undefined],
    );
    assert.deepEqual([byName.get('profiles')!.hintedHandoff, byName.get('profiles')!.antiEntropy], [{ every: 10_000 }, 15_000]);
    assert.deepEqual(
      [byName.get('plain')!.timers, byName.get('plain')!.hintedHandoff, byName.get('plain')!.antiEntropy],
      [undefined, undefined, undefined],
    );
    const model = buildSimulatorModel(text, { uri: 'u', fileName: 'f', version: 1 }, analysis);
    // As the panel receives them: JSON over the protocol.
    assert.deepEqual(JSON.parse(JSON.stringify(model.simulation!.stores)), JSON.parse(JSON.stringify(system.stores)));
    assert.deepEqual(model.datastores.find((d) => d.name === 'profiles')!.timers!.antiEntropy, timers('profiles')!.antiEntropy);
  });
});
