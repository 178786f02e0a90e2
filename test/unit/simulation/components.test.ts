// The design's components as the simulator's clients: one per region a component runs in, figures counted per
// component, and each component's needed consistency judged against what its own clients saw (stale reads,
// read-your-writes, monotonic reads, linearizability, convergence). Also the new parts of the scenario language
// that name components and datastores (operations, datastore options, selectors and checks).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import {
  findSessionViolations,
  judgeNeed,
  runDesignScenario,
  scenarioClients,
  scenarioContextOf,
  systemFromDesign,
  validateScenarios,
  type Operation,
  type Scenario,
  type ScenarioContext,
  type SimSystem,
} from '../../../server/src/core/simulation/index';

const system: SimSystem = {
  regions: ['a', 'b'],
  stores: [
    {
      name: 'ledger',
      family: 'consensus',
      n: 3,
      placement: [
        { region: 'a', count: 2 },
        { region: 'b', count: 1 },
      ],
    },
    {
      name: 'cache',
      family: 'leaderless',
      n: 3,
      r: 1,
      w: 1,
      conflicts: 'last-write-wins',
      placement: [
        { region: 'a', count: 2 },
        { region: 'b', count: 1 },
      ],
    },
  ],
  components: [
    { name: 'pay', uses: ['ledger'], needs: { ledger: 'linearizable' } },
    { name: 'browse', uses: ['cache'], needs: { cache: 'strong' }, regions: ['b'] },
  ],
};

function scenario(raw: object): Scenario {
  const { scenarios, errors } = validateScenarios([{ name: 's', ...raw }], scenarioContextOf(system));
  assert.deepEqual(errors, []);
  return scenarios[0];
}

describe('components as clients', () => {
  test('one client per region the component runs in; every region when it names none', () => {
    const { clients } = scenarioClients(scenario({ duration: 1000 }), system);
    assert.deepEqual(
      clients.map((c) => [c.name, c.component, c.region, c.stores]),
      [
        ['pay@a', 'pay', 'a', ['ledger']],
        ['pay@b', 'pay', 'b', ['ledger']],
        ['browse@b', 'browse', 'b', ['cache']],
      ],
    );
  });

  test('each component is reported on its own requests, and its needs are judged on them', () => {
    const run = runDesignScenario(
      system,
      scenario({ duration: 6000, workload: { rate: 300 }, partitions: [{ between: [['a'], ['b']], at: 1000, heal: 4000 }] }),
    );
    const comps = run.result.report.components;
    assert.deepEqual(
      comps.map((c) => [c.component, c.regions, c.stores.map((f) => f.store)]),
      [
        ['pay', ['a', 'b'], ['ledger']],
        ['browse', ['b'], ['cache']],
      ],
    );
    const pay = comps[0].stores[0];
    const payOps = run.result.history.filter((op) => op.component === 'pay');
    assert.equal(pay.reads.total + pay.writes.total, payOps.length);
    // pay@b is on the minority side of the ledger: its requests fail, so pay's availability is below 100%.
    assert.ok(pay.availability < 1);
    // browse has one client, in b: it reads its own writes from the cache replica there, so it sees no stale read.
    assert.deepEqual(
      run.needs.map((n) => [n.component, n.datastore, n.needs, n.status]),
      [
        ['pay', 'ledger', 'linearizable', 'met'],
        ['browse', 'cache', 'strong', 'met'],
      ],
    );
  });

  test('a component needing strong consistency from an R + W ≤ N store is told its own stale reads', () => {
    const shared: SimSystem = { ...system, components: [{ name: 'feed', uses: ['cache'], needs: { cache: 'strong' } }] };
    const { scenarios, errors } = validateScenarios(
      [{ name: 's', duration: 4000, workload: { rate: 400 } }],
      scenarioContextOf(shared),
    );
    assert.deepEqual(errors, []);
    const run = runDesignScenario(shared, scenarios[0]);
    const [need] = run.needs;
    assert.equal(need.status, 'unmet');
    assert.match(
      need.reason,
      /^\d+ stale reads? of \d+ successful reads by feed's clients: each missed a write acknowledged before it began$/,
    );
    const example = run.result.history.find((op) => op.id === need.example)!;
    assert.equal(example.component, 'feed');
    assert.equal(example.f, 'read');
  });
});

describe('session guarantees per client', () => {
  let id = 0;
  const op = (client: string, f: 'read' | 'write', value: number | null, invoke: number, complete: number): Operation => ({
    id: ++id,
    process: 0,
    client,
    f,
    value,
    invoke,
    complete,
    outcome: 'ok',
    store: 's',
  });

  test("read-your-writes: a read older than the client's own acknowledged write", () => {
    const h = [op('c1', 'write', 1, 0, 1), op('c2', 'write', 2, 2, 3), op('c2', 'read', 1, 4, 5), op('c1', 'read', 1, 6, 7)];
    const v = findSessionViolations(h);
    assert.deepEqual([...v.readYourWrites], [h[2].id]);
    assert.deepEqual([...v.monotonicReads], []);
  });

  test('monotonic reads: a read older than one the client read before', () => {
    const h = [
      op('w', 'write', 1, 0, 1),
      op('w', 'write', 2, 2, 3),
      op('c', 'read', 2, 4, 5),
      op('c', 'read', 1, 6, 7),
      op('c', 'read', null, 8, 9),
    ];
    assert.deepEqual([...findSessionViolations(h).monotonicReads], [h[3].id, h[4].id]);
  });

  test('a read concurrent with the newer write gets the benefit of the doubt', () => {
    const h = [op('w', 'write', 1, 0, 1), op('w', 'write', 2, 2, 10), op('c', 'read', 2, 3, 4), op('c', 'read', 1, 5, 6)];
    assert.deepEqual([...findSessionViolations(h).monotonicReads], [h[3].id]);
    const concurrent = [
      op('w', 'write', 1, 0, 1),
      op('x', 'write', 2, 0.5, 10),
      op('c', 'read', 2, 3, 4),
      op('c', 'read', 1, 5, 6),
    ];
    assert.deepEqual([...findSessionViolations(concurrent).monotonicReads], []);
  });

  test('judging a need on a history: monotonic reads broken, read-your-writes kept', () => {
    const h = [
      op('w', 'write', 1, 0, 1),
      op('w', 'write', 2, 2, 3),
      { ...op('c', 'read', 2, 4, 5), component: 'app' },
      { ...op('c', 'read', 1, 6, 7), component: 'app' },
    ];
    const result = { history: h, report: { stores: [], endTime: 10 } } as unknown as Parameters<typeof judgeNeed>[0];
    assert.equal(judgeNeed(result, 'app', 's', 'monotonic-reads').status, 'unmet');
    assert.equal(judgeNeed(result, 'app', 's', 'read-your-writes').status, 'met');
    assert.equal(judgeNeed(result, 'app', 's', 'causal').status, 'unmet');
    assert.equal(judgeNeed(result, 'other', 's', 'strong').status, 'unjudged');
  });
});

describe('the scenario language: components, operations, datastore options, new checks', () => {
  const ctx: ScenarioContext = {
    regions: ['a', 'b'],
    datastores: [
      { name: 'ledger', n: 3, family: 'consensus' },
      { name: 'cache', n: 3, family: 'leaderless', conflicts: 'last-write-wins' },
      { name: 'carts', n: 3, family: 'leaderless', conflicts: 'crdt' },
      { name: 'docs', n: 3, family: 'leaderless', conflicts: 'vector-clocks' },
    ],
    components: [{ name: 'pay', regions: ['a'], needs: { ledger: 'linearizable' } }, { name: 'shop' }],
  };
  const errorsOf = (raw: object) =>
    validateScenarios([{ name: 's', duration: 10_000, ...raw }], ctx).errors.map((e) => [e.path.join('.'), e.message]);

  test('operations name a component (and region) or a client, and one thing to do', () => {
    assert.deepEqual(
      errorsOf({
        workload: { rate: 0 },
        operations: [
          { at: '1s', component: 'pay', write: 3 },
          { at: 2000, client: 'shop@b', datastore: 'carts', add: 4 },
        ],
      }),
      [],
    );
    const errs = errorsOf({
      operations: [
        { at: 1000, component: 'pay', region: 'b', write: 1 },
        { at: 1000, component: 'nobody', read: true },
        { at: 1000, component: 'shop', write: 1, read: true },
        { at: 1000, component: 'shop', datastore: 'cache', add: 1 },
        { at: 1000, component: 'shop', write: -1 },
        { at: 20_000, component: 'shop', read: true },
      ],
    });
    const at = (p: string) => errs.filter(([q]) => q === p).map(([, m]) => m);
    assert.match(at('0.operations.0.region')[0], /'pay' has no client in 'b' \(it runs in a\)/);
    assert.match(at('0.operations.1.component')[0], /'nobody' is not a component of this design/);
    assert.match(at('0.operations.2')[0], /does one thing, not write and read/);
    assert.match(at('0.operations.3.add')[0], /add is an update of a CRDT .* 'cache' resolves conflicts by last-write-wins/);
    assert.match(at('0.operations.4.write')[0], /whole number > 0/);
    assert.match(at('0.operations.5.at')[0], /after the end of the scenario/);
  });

  test('rate 0 needs operations', () => {
    assert.match(errorsOf({ workload: { rate: 0 } })[0][1], /with rate 0 nothing happens/);
  });

  test('datastore options fit the datastore', () => {
    assert.deepEqual(
      errorsOf({
        datastores: {
          docs: { merge: 'sum', anti_entropy: '5s', hinted_handoff: 'off', read_repair: true },
          carts: { type: 'set' },
          ledger: { election_timeout: '1s' },
        },
      }),
      [],
    );
    const errs = errorsOf({
      datastores: { cache: { merge: 'sum', type: 'set' }, ledger: { anti_entropy: '5s' }, carts: { type: 'bag' }, nope: {} },
    });
    const at = (p: string) => errs.filter(([q]) => q === p).map(([, m]) => m)[0];
    assert.match(at('0.datastores.cache.merge'), /only `conflicts: vector-clocks` keeps/);
    assert.match(at('0.datastores.cache.type'), /for `conflicts: crdt`/);
    assert.match(at('0.datastores.ledger.anti_entropy'), /applies to leaderless datastores; 'ledger' is consensus/);
    assert.match(at('0.datastores.carts.type'), /one of counter, set, register/);
    assert.match(at('0.datastores.nope'), /unknown datastore 'nope'/);
  });

  test('new selectors and checks, and where they do not apply', () => {
    assert.deepEqual(
      errorsOf({
        expect: [
          { component: 'pay', phase: 'partitioned', writes: 'unknown' },
          { datastore: 'cache', converged: true, convergence: '< 10s', final_value: [1, 2], siblings: '>= 1' },
          { datastore: 'ledger', time_without_leader: '< 3s', elections: 1 },
          { component: 'pay', datastore: 'ledger', needs: 'met' },
          { datastore: 'cache', latency: { p50: '< 5ms', of: 'writes' } },
        ],
      }),
      [],
    );
    const errs = errorsOf({
      expect: [
        { needs: 'met' },
        { datastore: 'ledger', converged: true },
        { datastore: 'cache', elections: 1 },
        { component: 'pay', lost_writes: 0 },
        { phase: 'later', reads: 'accepted' },
        { component: 'pay', datastore: 'cache', needs: 'met' },
      ],
    });
    const at = (p: string) => errs.filter(([q]) => q === p).map(([, m]) => m)[0];
    assert.match(at('0.expect.0.needs'), /say which with `component:`/);
    assert.match(at('0.expect.1.converged'), /not leaderless/);
    assert.match(at('0.expect.2.elections'), /leaderless: it has no leader/);
    assert.match(at('0.expect.3.component'), /whole run, not the requests of one side, phase or component/);
    assert.match(at('0.expect.4.phase'), /partitioned, healing, converged/);
    assert.match(at('0.expect.5.needs'), /'pay' states no need for 'cache'/);
  });

  test("a component's `regions:` comes from the design, and an undeclared one is reported", () => {
    const text = `system: s
regions: [eu, us]
datastores:
  kv: {replicas: 3, replication: leaderless, placement: {eu: 2, us: 1}}
components:
  api:
    regions: [eu, asia]
    uses: {kv: eventual}
  worker:
    regions: us
    uses: {kv: eventual}
`;
    const analysis = analyzeFull(text);
    const sys = systemFromDesign(analysis.design, analysis.analyses);
    assert.deepEqual(
      sys.components.map((c) => [c.name, c.regions]),
      [
        ['api', ['eu', 'asia']],
        ['worker', ['us']],
      ],
    );
    const unknown = analysis.findings.filter((f) => f.rule === 'unknown-reference');
    assert.equal(unknown.length, 1);
    assert.match(unknown[0].message, /Component 'api' runs in region 'asia', which is not in regions \(eu, us\)/);
    assert.equal(text.slice(unknown[0].span.start, unknown[0].span.end), 'asia');
  });
});

describe('operations name clients that exist', () => {
  const ctx: ScenarioContext = {
    regions: ['a', 'b'],
    datastores: [{ name: 'kv', n: 3, family: 'leaderless' }],
    components: [
      { name: 'api', uses: ['kv'] },
      { name: 'batch', regions: ['a'], uses: ['kv'] },
      { name: 'idle', uses: [] },
    ],
  };
  const errorsOf = (raw: object) =>
    validateScenarios([{ name: 's', duration: 10_000, workload: { rate: 0 }, ...raw }], ctx).errors.map((e) => [
      e.path.join('.'),
      e.message,
    ]);

  test('a client name must be one the scenario has; a component running in several regions needs `region:`', () => {
    assert.deepEqual(
      errorsOf({
        operations: [
          { at: 1, client: 'api@b', read: true },
          { at: 1, component: 'batch', read: true },
          { at: 1, component: 'api', region: 'a', read: true },
        ],
      }),
      [],
    );
    const errs = errorsOf({
      operations: [
        { at: 1, client: 'api@c', read: true },
        { at: 1, component: 'api', read: true },
        { at: 1, component: 'idle', region: 'a', read: true },
      ],
    });
    const at = (p: string) => errs.filter(([q]) => q === p).map(([, m]) => m);
    assert.deepEqual(at('0.operations.0.client'), [
      "no client is named 'api@c' in this scenario (clients: api@a, api@b, batch@a)",
    ]);
    assert.deepEqual(at('0.operations.1'), ["'api' runs in a, b: say which client with `region:`"]);
    assert.deepEqual(at('0.operations.2.component'), ["'idle' has no client in this scenario (it uses no datastore)"]);
    assert.equal(errs.length, 3);
  });
});
