// What a design scenario may cost: refused before it runs when its inputs exceed what the simulator can
// hold, stopped by the event cap or a cancellation when it runs, and the same bounds for the command line.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { judgeScenarioCost, MAX_SCENARIO_EVENTS, ScenarioStopped } from '../../../server/src/core/simulation/budget';
import { runScenario, scenarioContextOf, systemFromDesign, validateScenarios } from '../../../server/src/core/simulation/index';
import { cli, tempTree } from '../../cli/helpers';

const design = (replicas: number, family: string, scenario: string) =>
  `system: s\ndatastores:\n  kv:\n    replicas: ${replicas}\n    replication: ${family}\nscenarios:\n  - name: big\n${scenario}`;

function verdict(text: string) {
  const { design: d } = analyzeFull(text, { scenarios: false });
  const system = systemFromDesign(d);
  const [scenario] = validateScenarios(d.scenarios!.value, scenarioContextOf(system)).scenarios;
  return judgeScenarioCost(scenario, system);
}

describe('the cost of a scenario', () => {
  for (const [name, text, path, message] of [
    [
      'a day of requests',
      design(3, 'consensus', '    duration: 24h\n'),
      'duration',
      /100 operations\/s for 24 h is up to 8,640,000 operations, and CAP Lens simulates at most 200,000/,
    ],
    [
      '100,000,000 keys',
      design(3, 'leaderless', '    duration: 1s\n    workload: {keys: 100000000, rate: 1000000}\n'),
      'workload.keys',
      /100,000,000 keys on 3 replicas are 300,000,000 registers to keep/,
    ],
    [
      '5,000,000 clients',
      design(3, 'leaderless', '    duration: 1s\n    workload: {clients: 5000000}\n'),
      'workload.clients',
      /3 replicas and 5,000,000 clients make 5,000,003 endpoints, and CAP Lens simulates at most 4,096/,
    ],
    [
      'a consensus group of 10,000',
      design(10_000, 'consensus', '    duration: 5s\n'),
      'name',
      /'kv' has 10,000 replicas, and the simulator models leader and consensus stores of up to 2,000/,
    ],
    [
      'too many messages',
      design(1001, 'leaderless', '    duration: 10s\n    workload: {rate: 1000}\n'),
      'duration',
      /with 1,001 replicas that is up to 20,040,000 messages and timers/,
    ],
  ] as const) {
    it(`refuses ${name} before running it, at the key to change`, () => {
      const v = verdict(text);
      assert.equal(v.ok, false);
      if (v.ok) return;
      assert.deepEqual(v.path.slice(1).join('.'), path);
      assert.match(v.message, message);
    });
  }

  it('accepts the scenarios of the documentation', () => {
    const v = verdict(design(5, 'consensus', '    duration: 30s\n    workload: {rate: 200, keys: 10}\n'));
    assert.ok(v.ok && v.cost.events <= MAX_SCENARIO_EVENTS);
  });

  it('stops a run at its event cap or when cancelled, keeping nothing', () => {
    const config = {
      seed: 1,
      duration: 10_000,
      stores: [{ name: 'db', family: 'consensus' as const, n: 5 }],
      workload: { reads: 50, writes: 50, rate: 1000 },
    };
    assert.throws(
      () => runScenario(config, { maxEvents: 10_000 }),
      (e: unknown) => e instanceof ScenarioStopped && e.why === 'budget',
    );
    let polls = 0;
    assert.throws(
      () => runScenario(config, { isCancelled: () => ++polls > 2 }),
      (e: unknown) => e instanceof ScenarioStopped && e.why === 'cancelled',
    );
    assert.equal(polls, 3, 'polled every 4,096 events');
    assert.ok(runScenario(config, {}).history.length > 0, 'within the cap the run completes');
  });

  it('reports the design-wide budget once, at the first scenario left out', () => {
    const many = Array.from({ length: 40 }, (_, i) => `  - name: s${i}\n    duration: 60s\n    workload: {rate: 1000}\n`).join(
      '',
    );
    const text = `system: s\ndatastores:\n  kv:\n    replicas: 3\n    replication: consensus\nscenarios:\n${many}`;
    const left = analyzeFull(text).findings.filter((f) => /were not simulated/.test(f.message));
    assert.equal(left.length, 1);
    assert.match(
      left[0].message,
      /^In scenarios: scenario 's\d+' and the \d+ after it were not simulated: together the scenarios before them already take the simulation budget of one design \(5,000,000 events\)/,
    );
  });
});

describe('cap-lens simulate', () => {
  it('refuses a scenario too large to simulate, exit 2, naming what to change', () => {
    const dir = tempTree({ 'big.cap.yaml': design(3, 'consensus', '    duration: 24h\n') });
    const r = cli(['simulate', 'big.cap.yaml'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(
      r.stderr,
      /^cap-lens: big\.cap\.yaml: scenario 'big' is too large to simulate: 100 operations\/s for 24 h is up to 8,640,000 operations/,
    );
  });
});
