// Scenarios in design files: validation with YAML paths, turning a scenario into a run, and judging
// expectations with messages that name the contradicting figure.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import {
  runDesignScenario,
  scenarioClients,
  scenarioContextOf,
  scenarioToConfig,
  systemFromDesign,
  validateScenarios,
  type ScenarioContext,
  type SimSystem,
} from '../../../server/src/core/simulation/index';

const ctx: ScenarioContext = {
  regions: ['eu', 'us', 'ap'],
  datastores: [
    { name: 'ledger', n: 3, family: 'consensus' },
    { name: 'cache', n: 3, family: 'leaderless' },
    { name: 'orders', n: 3, family: 'leader' },
  ],
  components: [{ name: 'checkout' }, { name: 'search' }],
};

const messagesAt = (raw: unknown, context?: ScenarioContext) =>
  validateScenarios(raw, context).errors.map((e) => [e.path.join('.'), e.message]);

describe('validateScenarios', () => {
  test('a full scenario in list form, with units', () => {
    const { scenarios, errors } = validateScenarios(
      [
        {
          name: 'eu cut off',
          duration: '30s',
          seed: 7,
          timeout: '500ms',
          workload: { reads: '80%', rate: '200/s', keys: 2, clients: ['checkout'] },
          partitions: [
            { between: [['eu'], ['us', 'ap']], at: '5s', heal: '20s' },
            { isolate: 'ledger-3', at: 1000 },
          ],
          crashes: [
            { node: 'cache-1', at: '8s', restart: '15s' },
            { leader: true, datastore: 'ledger', at: '9s' },
          ],
          expect: [
            { datastore: 'ledger', side: 'minority', writes: 'refused' },
            { lost_writes: 0, stale_reads: '< 1%' },
            { latency: { p99: '< 50ms' } },
          ],
        },
      ],
      ctx,
    );
    assert.deepEqual(errors, []);
    const [s] = scenarios;
    assert.equal(s.name, 'eu cut off');
    assert.equal(s.duration, 30_000);
    assert.equal(s.timeout, 500);
    assert.deepEqual(s.workload, { reads: 80, writes: 20, cas: 0, rate: 200, keys: 2, clients: ['checkout'] });
    assert.deepEqual(
      s.partitions.map((p) => [p.between, p.isolate, p.at, p.heal]),
      [
        [[['eu'], ['us', 'ap']], undefined, 5000, 20_000],
        [undefined, 'ledger-3', 1000, undefined],
      ],
    );
    assert.deepEqual(
      s.crashes.map((c) => [c.node, c.leader, c.at, c.restart]),
      [
        ['cache-1', undefined, 8000, 15_000],
        [undefined, { datastore: 'ledger' }, 9000, undefined],
      ],
    );
    assert.deepEqual(
      s.expect.map((e) => [e.path.join('.'), e.check.kind]),
      [
        ['0.expect.0.writes', 'writes'],
        ['0.expect.1.stale_reads', 'stale_reads'],
        ['0.expect.1.lost_writes', 'lost_writes'],
        ['0.expect.2.latency', 'latency'],
      ],
    );
  });

  test('map form: the key is the name; defaults fill the workload', () => {
    const { scenarios, errors } = validateScenarios({ 'quiet day': { duration: 1000 } });
    assert.deepEqual(errors, []);
    assert.equal(scenarios[0].name, 'quiet day');
    assert.deepEqual(scenarios[0].path, ['quiet day']);
    assert.deepEqual(scenarios[0].workload, { reads: 50, writes: 50, cas: 0, rate: 100, keys: 1 });
  });

  test('shape errors come from the schema and carry the path of the offending node', () => {
    assert.deepEqual(messagesAt('soon'), [
      ['', "scenarios must be a list of scenarios, or a map from scenario name to scenario, not 'soon'."],
    ]);
    assert.deepEqual(messagesAt([{ duration: 10 }, { name: 'x' }, 3]), [
      ['0', "scenarios[0] is missing the required key 'name': a non-empty name."],
      ['1', "scenarios[1] is missing the required key 'duration': a positive time (a number of ms, or e.g. 500ms, 30s, 2m)."],
      ['2', 'scenarios[2] must be a map of keys, not 3.'],
    ]);
    const errors = messagesAt([
      {
        name: 'a',
        duration: '10 parsecs',
        durration: 5,
        workload: { reads: '120%', rate: -3, keys: 0 },
        partitions: [{ between: [['eu']], at: 5 }, { isolate: 'eu', at: 9, heal: 2 }, { at: 1 }],
        crashes: [{ node: 'ledger-1' }],
        expect: [
          { stale_reads: 'some' },
          { datastore: 'ledger', side: 'minority', linearizable: true },
          { side: 'left', writes: 'refused' },
          {},
        ],
      },
    ]);
    const at = (path: string) => errors.filter(([p]) => p === path).map(([, m]) => m);
    assert.match(at('0.duration')[0], /positive time/);
    // Did-you-mean by edit distance, as for every other key of the design.
    assert.match(at('0.durration')[0], /^Unknown key 'durration' in scenarios\[0\]\. Did you mean 'duration'\?/);
    assert.match(at('0.workload.reads')[0], /percentage/);
    assert.match(at('0.workload.rate')[0], /number of operations per second.*or 0 for scripted operations only/);
    assert.match(at('0.workload.keys')[0], /whole number/);
    assert.match(at('0.partitions.0.between')[0], /exactly two sides/);
    assert.match(at('0.partitions.1.heal')[0], /must come after at/);
    assert.match(at('0.partitions.2')[0], /needs `between/);
    assert.match(at('0.crashes.0')[0], /missing the required key 'at'/);
    assert.match(at('0.expect.0.stale_reads')[0], /none, a count, or a rate/);
    assert.match(at('0.expect.1.side')[0], /whole run, not the requests of one side/);
    assert.match(at('0.expect.2.side')[0], /minority, majority, any/);
    assert.match(at('0.expect.3')[0], /needs a check/);
  });

  test('a value with a fault of shape is not read further, and its scenario does not run', () => {
    const { scenarios, errors } = validateScenarios(
      [
        {
          name: 'bad',
          duration: 5000,
          partitions: [
            { between: [['eu'], [3]], at: 9000 },
            { isolate: 'atlantis', at: 1 },
          ],
        },
        { name: 'good', duration: 5000 },
      ],
      ctx,
    );
    assert.deepEqual(
      errors.map((e) => [e.path.join('.'), !!e.shape]),
      [
        ['0.partitions.0.between.1.0', true],
        // The broken sides are not judged against the design; the rest of the partition, and the other one, are.
        ['0.partitions.0.at', false],
        ['0.partitions.1.isolate', false],
      ],
    );
    assert.deepEqual(
      scenarios.map((s) => s.name),
      ['good'],
    );
  });

  test('names are checked against the design when it is given', () => {
    const errors = messagesAt(
      [
        {
          name: 'a',
          duration: 5000,
          workload: { clients: ['chekout', { name: 'x', region: 'mars', uses: ['ledgr'] }] },
          partitions: [{ between: [['eu'], ['atlantis', 'ledger-4']], at: 1 }],
          crashes: [
            { node: 'ledger-9', at: 1 },
            { leader: true, datastore: 'cache', at: 2 },
            { leader: true, at: 3 },
          ],
          expect: [{ datastore: 'ledgr', lost_writes: 0 }],
        },
        { name: 'a', duration: 6000, partitions: [{ isolate: 'eu', at: 7000 }] },
      ],
      ctx,
    );
    assert.deepEqual(errors, [
      ['0.workload.clients.0', "'chekout' is not a component of this design (components: checkout, search)"],
      ['0.workload.clients.1.region', "unknown region 'mars'"],
      ['0.workload.clients.1.uses.0', "unknown datastore 'ledgr'"],
      ['0.partitions.0.between.1.0', "'atlantis' is not a region, node, datastore or component of this design"],
      ['0.partitions.0.between.1.1', "'ledger-4' is not a region, node, datastore or component of this design"],
      ['0.crashes.0.node', "'ledger-9' is not a node of this design (node ids are <datastore>-<k>, k from 1 to its replicas)"],
      ['0.crashes.1.datastore', "'cache' is leaderless: it has no leader to crash"],
      ['0.crashes.2', 'several datastores have a leader (ledger, orders): say which with `datastore:`'],
      ['0.expect.0.datastore', "unknown datastore 'ledgr'"],
      ['1.partitions.0.at', 'at (7000 ms) is after the end of the scenario (duration 6000 ms)'],
      ['1.name', "another scenario is already named 'a'"],
    ]);
  });
});

const system: SimSystem = {
  regions: ['a', 'b'],
  stores: [
    {
      name: 'ledger',
      family: 'consensus',
      n: 3,
      placement: [
        { region: 'a', count: 1 },
        { region: 'b', count: 2 },
      ],
    },
    { name: 'cache', family: 'leaderless', n: 3, r: 1, w: 1, latency: 'lnkd-disk' },
    {
      name: 'orders',
      family: 'leader',
      n: 3,
      w: 1,
      placement: [
        { region: 'a', count: 1 },
        { region: 'b', count: 2 },
      ],
    },
  ],
  components: [
    { name: 'pay', uses: ['ledger'] },
    { name: 'browse', uses: ['cache'] },
    { name: 'shop', uses: ['orders'] },
  ],
};

function scenario(raw: Record<string, unknown>) {
  const { scenarios, errors } = validateScenarios([{ name: 's', ...raw }], scenarioContextOf(system));
  assert.deepEqual(errors, []);
  return scenarios[0];
}

describe('running scenarios', () => {
  test('clients: one per component and region, using what the component uses', () => {
    const { clients } = scenarioClients(scenario({ duration: 1000 }), system);
    assert.deepEqual(
      clients.map((c) => [c.name, c.region, c.stores]),
      [
        ['pay@a', 'a', ['ledger']],
        ['pay@b', 'b', ['ledger']],
        ['browse@a', 'a', ['cache']],
        ['browse@b', 'b', ['cache']],
        ['shop@a', 'a', ['orders']],
        ['shop@b', 'b', ['orders']],
      ],
    );
    assert.deepEqual(
      scenarioClients(scenario({ duration: 1000, workload: { clients: 3 } }), system).clients.map((c) => [c.name, c.region]),
      [
        ['client-1', 'a'],
        ['client-2', 'b'],
        ['client-3', 'a'],
      ],
    );
  });

  test('component names in partitions stand for their clients; leader crashes name the datastore', () => {
    const config = scenarioToConfig(
      scenario({
        duration: 5000,
        partitions: [
          { between: [['pay'], ['ledger']], at: 1 },
          { isolate: 'browse', at: 2 },
        ],
        crashes: [{ leader: true, datastore: 'orders', at: 3 }],
      }),
      system,
    );
    assert.deepEqual(config.partitions![0].between, [['pay@a', 'pay@b'], ['ledger']]);
    assert.deepEqual(config.partitions![1].between![0], ['browse@a', 'browse@b']);
    assert.ok(config.partitions![1].between![1].includes('ledger') && config.partitions![1].between![1].includes('shop@a'));
    assert.deepEqual(config.crashes, [{ leaderOf: 'orders', at: 3, restart: undefined }]);
  });

  test('expectations pass and fail with the figure that decided them', () => {
    const s = scenario({
      duration: 6000,
      workload: { reads: 50, writes: 50, rate: 600 },
      partitions: [{ between: [['a'], ['b']], at: 1000, heal: 4000 }],
      expect: [
        { datastore: 'ledger', side: 'minority', writes: 'refused' },
        { datastore: 'ledger', side: 'majority', writes: '>= 50%' },
        { datastore: 'ledger', lost_writes: 0, linearizable: true },
        { datastore: 'cache', stale_reads: 'none' },
        { datastore: 'orders', side: 'minority', writes: 'refused' },
        { datastore: 'orders', lost_writes: 0 },
        { datastore: 'cache', latency: { p99: '< 1ms' } },
        { availability: '>= 10%' },
      ],
    });
    const { expectations } = runDesignScenario(system, s);
    const byPath = new Map(expectations.map((e) => [e.path.join('.'), e]));
    const get = (p: string) => byPath.get(`0.expect.${p}`)!;
    assert.equal(get('0.writes').status, 'pass', get('0.writes').message);
    assert.match(get('0.writes').message, /accepted 0 of \d+ writes \(0%\): all refused/);
    assert.equal(get('1.writes').status, 'pass', get('1.writes').message);
    assert.equal(get('2.lost_writes').status, 'pass');
    assert.equal(get('2.linearizable').status, 'pass', get('2.linearizable').message);
    // The leaderless cache with R=W=1 serves stale reads; the message gives the figure and an example.
    const stale = get('3.stale_reads');
    assert.equal(stale.status, 'fail');
    assert.match(
      stale.message,
      /^cache served \d+ stale reads? of \d+ \(.*%\); expected no stale reads\. E\.g\. op \d+ \(browse@[ab]\) read/,
    );
    assert.ok(stale.figure! > 0);
    // The asynchronous primary in region a is cut off with its clients there: it keeps accepting writes...
    const split = get('4.writes');
    assert.equal(split.status, 'fail');
    assert.match(split.message, /orders \(clients on the minority side of the partition\) accepted \d+ of \d+ writes/);
    // ...which the promoted follower never had.
    const lost = get('5.lost_writes');
    assert.equal(lost.status, 'fail');
    assert.match(lost.message, /acknowledged writes? to orders (was|were) lost; expected at most 0 — e\.g\. op \d+/);
    assert.equal(get('6.latency').status, 'fail');
    assert.match(get('6.latency').message, /p99 latency of cache is .* ms; expected < 1ms/);
    assert.equal(get('7.availability').status, 'pass');
  });

  test('a side with no clients is inconclusive, not a pass', () => {
    const s = scenario({
      duration: 2000,
      workload: { clients: [{ name: 'solo', region: 'b', uses: ['ledger'] }] },
      partitions: [{ between: [['a'], ['b']], at: 100 }],
      expect: [{ datastore: 'ledger', side: 'minority', writes: 'refused' }],
    });
    const [result] = runDesignScenario(system, s).expectations;
    assert.equal(result.status, 'inconclusive');
    assert.equal(result.passed, false);
    assert.match(result.message, /no writes were issued/);
  });

  test('the same scenario and seed reproduce the same verdicts', () => {
    const s = scenario({
      duration: 2000,
      partitions: [{ isolate: 'a', at: 500, heal: 1500 }],
      expect: [{ stale_reads: '< 5%' }],
    });
    const one = runDesignScenario(system, s);
    const two = runDesignScenario(system, s);
    assert.deepEqual(two.result.history, one.result.history);
    assert.deepEqual(two.expectations, one.expectations);
  });
});

describe('from a design file', () => {
  test('a YAML design with scenarios runs end to end', () => {
    const text = `system: locks
regions: [zone-a, zone-b, zone-c]
datastores:
  locks:
    replicas: 5
    replication: consensus
    read_quorum: majority
    write_quorum: majority
    read_from: leader
    placement: {zone-a: 2, zone-b: 2, zone-c: 1}
components:
  scheduler:
    uses:
      locks: linearizable
scenarios:
  - name: zone-a cut off
    duration: 4s
    workload: {reads: 50%, writes: 50%, rate: 300}
    partitions:
      - isolate: zone-a
        at: 1s
        heal: 3s
    expect:
      - {datastore: locks, side: minority, writes: refused}
      - {datastore: locks, lost_writes: 0, linearizable: true}
`;
    const { design } = analyzeFull(text);
    const sys = systemFromDesign(design);
    assert.deepEqual(sys.stores[0], {
      name: 'locks',
      family: 'consensus',
      n: 5,
      r: 3,
      w: 3,
      readFrom: 'leader',
      placement: [
        { region: 'zone-a', count: 2 },
        { region: 'zone-b', count: 2 },
        { region: 'zone-c', count: 1 },
      ],
      latency: undefined,
      readRepair: undefined,
      conflicts: undefined,
    });
    const { scenarios, errors } = validateScenarios(design.scenarios?.value, scenarioContextOf(sys));
    assert.deepEqual(errors, []);
    const { expectations, result } = runDesignScenario(sys, scenarios[0]);
    assert.deepEqual(
      expectations.map((e) => [e.path.join('.'), e.status]),
      [
        ['0.expect.0.writes', 'pass'],
        ['0.expect.1.lost_writes', 'pass'],
        ['0.expect.1.linearizable', 'pass'],
      ],
    );
    assert.ok(result.report.operations.total > 100);
  });
});
