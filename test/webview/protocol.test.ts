// The extension side of the simulator, without VS Code or a browser: the model built from a design's text, the
// validators both sides run on every message, the reveal lookup, and the panel's HTML and CSP.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { contentSecurityPolicy, createNonce, simulatorHtml } from '../../client/src/simulator/html';
import { analyzeFull } from '../../server/src/core/analysis/analyze';
import { buildSimulatorModel, findRevealRange } from '../../server/src/core/ide/simulator-model';
import { distribution, simulatorModel, toExtension, toWebview, validate } from '../../client/src/simulator/protocol';
import { generateEngineDesign } from '../support/generate';
import { SAMPLE_DESIGN, sampleModel } from './harness';

const source = { uri: 'file:///d.cap.yaml', fileName: 'd.cap.yaml', version: 7 };

describe('simulator model', () => {
  test('carries each datastore with the effective settings, placement and derived facts', () => {
    const model = sampleModel();
    assert.deepEqual(
      model.datastores.map((d) => [d.name, d.family, d.n, d.r, d.w, d.readFrom]),
      [
        ['carts', 'leaderless', 3, 1, 1, 'leader'],
        ['ledger', 'consensus', 3, 2, 2, 'leader'],
      ],
    );
    const [carts, ledger] = model.datastores;
    assert.deepEqual(carts.placement, [
      { region: 'us-east', count: 2 },
      { region: 'eu-west', count: 1 },
    ]);
    assert.deepEqual(carts.latency, { preset: 'wan', legs: undefined });
    assert.equal(carts.latencyLabel, 'wan (preset)');
    assert.equal(carts.derived.consistency, 'eventual');
    assert.ok(Math.abs((carts.derived.staleReadProbability ?? NaN) - 2 / 3) < 1e-12);
    assert.equal(ledger.derived.cap, 'CP');
    assert.deepEqual(model.regions, ['us-east', 'eu-west']);
    assert.deepEqual(model.skipped, []);
    assert.equal(model.version, 1);
  });

  test('claims and component uses point at their text, with 1-based lines', () => {
    const model = sampleModel();
    const lines = SAMPLE_DESIGN.split('\n');
    const ledger = model.datastores[1];
    assert.deepEqual(
      ledger.claims.map((c) => [c.key, c.value, SAMPLE_DESIGN.slice(c.range.start, c.range.end), lines[c.range.line - 1].trim()]),
      [
        ['consistency', 'linearizable', 'consistency: linearizable', 'consistency: linearizable'],
        ['cap', 'CP', 'cap: CP', 'cap: CP'],
        ['loss_free', 'true', 'loss_free: true', 'loss_free: true'],
      ],
    );
    assert.deepEqual(
      ledger.usedBy.map((u) => [u.component, u.needs, lines[u.range.line - 1].trim()]),
      [['checkout', 'linearizable', 'ledger: linearizable']],
    );
    assert.equal(lines[ledger.range.line - 1].trim(), 'ledger:');
  });

  test('claims are listed in document order, whatever order they are written in', () => {
    const text = `system: s\ndatastores:\n  a:\n    replicas: 3\n    replication: consensus\n    claims:\n      loss_free: true\n      cap: CP\n      consistency: linearizable\n`;
    const model = buildSimulatorModel(text, source);
    assert.deepEqual(
      model.datastores[0].claims.map((c) => c.key),
      ['loss_free', 'cap', 'consistency'],
    );
  });

  test('datastores that cannot be simulated are listed with the reason; measured latency legs are kept', () => {
    const text = `system: s
datastores:
  nocount:
    replication: leaderless
  fast:
    replicas: 3
    replication: leaderless
    latency:
      write: "exponential(2)"
      ack: 1.5
    settings:
      read_repair: true
`;
    const model = buildSimulatorModel(text, source);
    assert.deepEqual(model.skipped, [{ name: 'nocount', reason: 'no replica count' }]);
    const fast = model.datastores[0];
    assert.deepEqual(fast.latency?.legs, { write: { kind: 'exponential', mean: 2 }, ack: { kind: 'constant', value: 1.5 } });
    assert.equal(fast.latencyLabel, 'measured legs: write, ack; others lnkd-ssd');
    assert.deepEqual(fast.placement, []);
    assert.equal(validate(simulatorModel, JSON.parse(JSON.stringify(model))).ok, true);
  });

  test('the model carries what the simulator runs: the system, the components with their regions, the scenarios', () => {
    const text = `system: s
regions: [a, b]
datastores:
  kv:
    engine: riak
    settings: {n_val: 3, r: 1, w: 1}
    placement: {a: 2, b: 1}
  gone:
    replication: leaderless
components:
  api:
    regions: [b]
    uses: {kv: read-your-writes, gone: eventual}
scenarios:
  - name: split
    duration: 5s
    expect:
      - {datastore: kv, converged: true}
`;
    const model = buildSimulatorModel(text, source);
    assert.equal(validate(simulatorModel, JSON.parse(JSON.stringify(model))).ok, true);
    assert.deepEqual(model.components, [
      {
        name: 'api',
        range: {
          start: text.indexOf('  api:') + 2,
          end: text.indexOf('  api:') + 5,
          line: text.slice(0, text.indexOf('  api:')).split('\n').length,
        },
        choice: undefined,
        regions: ['b'],
        uses: [
          { datastore: 'kv', needs: 'read-your-writes' },
          { datastore: 'gone', needs: 'eventual' },
        ],
      },
    ]);
    // The skipped datastore is not simulated, nor used by the component's clients.
    assert.deepEqual(
      model.simulation!.stores.map((st) => [st.name, st.antiEntropy, st.hintedHandoff]),
      [['kv', 15_000, { every: 10_000 }]],
    );
    assert.deepEqual(model.simulation!.components, [
      { name: 'api', uses: ['kv'], needs: { kv: 'read-your-writes', gone: 'eventual' }, regions: ['b'] },
    ]);
    assert.deepEqual(model.scenarios, [{ name: 'split', duration: '5s', expect: [{ datastore: 'kv', converged: true }] }]);
    const lines = text.split('\n');
    assert.match(lines[model.scenarioLines!['0/name'] - 1], /- name: split/);
    assert.match(lines[model.scenarioLines!['0/expect/0'] - 1], /converged: true/);
  });

  test('a focused model describes one datastore in full, lists them all, and carries only what its run needs', () => {
    const text = generateEngineDesign(1500, 'cassandra');
    const analysis = analyzeFull(text, { scenarios: false });
    const full = buildSimulatorModel(text, source, analysis);
    const focused = buildSimulatorModel(text, source, analysis, 'store-700');
    // Designs of more than 1,000 datastores are valid models too (the panel once refused them).
    assert.equal(validate(simulatorModel, JSON.parse(JSON.stringify(full))).ok, true);
    assert.equal(validate(simulatorModel, JSON.parse(JSON.stringify(focused))).ok, true);
    assert.equal(focused.names.length, 1500);
    assert.deepEqual(focused.names, full.names);
    assert.deepEqual(
      focused.datastores,
      full.datastores.filter((d) => d.name === 'store-700'),
    );
    // service-700 uses store-700 and store-701; only that component, and only store-700's run.
    assert.deepEqual(
      focused.components!.map((c) => c.name),
      ['service-700'],
    );
    assert.deepEqual(
      focused.simulation!.stores,
      full.simulation!.stores.filter((st) => st.name === 'store-700'),
    );
    assert.deepEqual(focused.simulation!.components, [
      {
        ...full.simulation!.components.find((c) => c.name === 'service-700')!,
        uses: ['store-700'],
        needs: { 'store-700': full.simulation!.components.find((c) => c.name === 'service-700')!.needs!['store-700'] },
      },
    ]);
    assert.deepEqual(focused.simulation!.regions, full.simulation!.regions);
    // A name that is gone (renamed since the panel asked): the first datastore.
    assert.deepEqual(
      buildSimulatorModel(text, source, analysis, 'renamed').datastores.map((d) => d.name),
      ['store-0'],
    );
    assert.deepEqual(
      buildSimulatorModel(text, source, analysis, null).datastores.map((d) => d.name),
      ['store-0'],
    );
    assert.ok(JSON.stringify(focused).length < JSON.stringify(full).length / 50);
  });

  test('a focused model of a design with scenarios carries the whole system, which the Scenarios tab runs', () => {
    const text = `${generateEngineDesign(20, 'cassandra')}scenarios:\n  - name: split\n    duration: 5s\n`;
    const analysis = analyzeFull(text, { scenarios: false });
    const focused = buildSimulatorModel(text, source, analysis, 'store-3');
    assert.deepEqual(
      focused.datastores.map((d) => d.name),
      ['store-3'],
    );
    assert.deepEqual(focused.simulation, buildSimulatorModel(text, source, analysis).simulation);
  });

  test('a broken document gives an empty, still valid model', () => {
    const model = buildSimulatorModel('datastores: [unclosed', source);
    assert.deepEqual(model.datastores, []);
    assert.equal(validate(simulatorModel, model).ok, true);
  });
});

describe('reveal targets', () => {
  const range = (target: Parameters<typeof findRevealRange>[0]) => {
    const span = findRevealRange(target, analyzeFull(SAMPLE_DESIGN));
    return span && SAMPLE_DESIGN.slice(span.start, span.end);
  };

  test('find a claim, a component use and a datastore by name in the current text', () => {
    assert.equal(range({ datastore: 'ledger', claim: 'cap' }), 'cap: CP');
    assert.equal(range({ datastore: 'carts', claim: 'consistency' }), 'consistency: strong');
    assert.equal(range({ datastore: 'ledger', component: 'checkout' }), 'ledger: linearizable');
    assert.equal(range({ datastore: 'carts' }), 'carts');
  });

  test('find a path inside scenarios: the check, or the nearest written part of it', () => {
    const text = `${SAMPLE_DESIGN}scenarios:
  - name: cut
    duration: 5s
    expect:
      - datastore: ledger
        lost_writes: 0
`;
    const at = (scenarioPath: string) => {
      const span = findRevealRange({ datastore: '', scenarioPath }, analyzeFull(text));
      return span && text.slice(span.start, span.end);
    };
    assert.equal(at('0/expect/0/lost_writes'), 'lost_writes: 0');
    assert.equal(at('0/name'), 'name: cut');
    assert.equal(at('7/name'), undefined);
  });

  test('give nothing for what no longer exists', () => {
    assert.equal(range({ datastore: 'gone' }), undefined);
    assert.equal(range({ datastore: 'carts', claim: 'loss_free' }), undefined);
    assert.equal(range({ datastore: 'carts', component: 'nobody' }), undefined);
  });
});

describe('message validation', () => {
  const model = sampleModel();

  test('accepts what each side sends, after a JSON round trip', () => {
    for (const m of [
      { type: 'model', payload: { model, focus: 'ledger' } },
      { type: 'model', payload: { model } },
      { type: 'focus', payload: { datastore: 'carts' } },
    ])
      assert.deepEqual(validate(toWebview, JSON.parse(JSON.stringify(m))), { ok: true, value: JSON.parse(JSON.stringify(m)) });
    for (const m of [
      { type: 'ready', payload: {} },
      { type: 'reveal', payload: { datastore: 'ledger', claim: 'cap' } },
      { type: 'reveal', payload: { datastore: 'ledger', component: 'checkout' } },
      { type: 'reveal', payload: { datastore: '', scenarioPath: '0/expect/1/lost_writes' } },
      { type: 'error', payload: { message: 'boom' } },
    ])
      assert.equal(validate(toExtension, m).ok, true, JSON.stringify(m));
  });

  test('rejects the wrong direction, unknown types and extra keys, naming the path', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'ready', payload: {} }, /message\.type: unknown message type "ready"/],
      [{ type: 'model' }, /message\.payload: expected an object, got undefined/],
      [{ type: 'focus', payload: { datastore: 'a' }, extra: 1 }, /message: unexpected key 'extra'/],
      [{ type: 'focus', payload: { datastore: 'a', x: 1 } }, /message\.payload: unexpected key 'x'/],
      [
        { type: 'model', payload: { model: { ...model, version: 1.5 } } },
        /message\.payload\.model\.version: expected an integer/,
      ],
      [null, /expected a message object, got null/],
      ['model', /expected a message object, got string/],
    ];
    for (const [value, error] of cases) {
      const r = validate(toWebview, value);
      assert.equal(r.ok, false, JSON.stringify(value));
      if (!r.ok) assert.match(r.error, error);
    }
    const bad = validate(toExtension, { type: 'reveal', payload: { datastore: 'a', claim: 'colour' } });
    assert.ok(!bad.ok && /message\.payload\.claim: expected one of consistency, cap/.test(bad.error));
  });

  test('rejects numbers JSON cannot carry and nested errors deep in the model', () => {
    const broken = JSON.parse(JSON.stringify(model));
    broken.datastores[1].derived.staleReadProbability = NaN;
    const r = validate(toWebview, { type: 'model', payload: { model: broken } });
    assert.ok(
      !r.ok &&
        r.error === 'message.payload.model.datastores[1].derived.staleReadProbability: expected a finite number, got number',
      r.ok ? '' : r.error,
    );
    broken.datastores[1].derived.staleReadProbability = 0;
    broken.datastores[0].placement[1].count = '1';
    const r2 = validate(toWebview, { type: 'model', payload: { model: broken } });
    assert.ok(!r2.ok && r2.error.startsWith('message.payload.model.datastores[0].placement[1].count: expected an integer'));
  });

  test('latency distributions are checked recursively', () => {
    const ok = {
      kind: 'mix',
      parts: [
        { weight: 0.9, dist: { kind: 'pareto', xm: 0.2, alpha: 10 } },
        {
          weight: 0.1,
          dist: {
            kind: 'sum',
            terms: [
              { kind: 'constant', value: 75 },
              { kind: 'exponential', mean: 2 },
            ],
          },
        },
      ],
    };
    assert.equal(distribution(ok, 'd'), undefined);
    assert.equal(
      distribution({ kind: 'mix', parts: [{ weight: 1, dist: { kind: 'gamma', k: 2 } }] }, 'd'),
      'd.parts[0].dist.kind: not a distribution',
    );
    assert.equal(distribution({ kind: 'normal', mean: 1 }, 'd'), 'd.sd: expected a finite number, got undefined');
  });
});

describe('panel HTML', () => {
  test('a strict policy: nothing by default, scripts only with the nonce, no eval, styles and images from the webview origin, workers from blob: only', () => {
    assert.equal(
      contentSecurityPolicy({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abc' }),
      "default-src 'none'; script-src 'nonce-abc'; style-src https://x.vscode-cdn.net 'nonce-abc'; img-src https://x.vscode-cdn.net data:; worker-src blob:",
    );
  });

  test('the page loads only our script and stylesheet, both carrying the nonce, and no inline script or style', () => {
    const html = simulatorHtml({
      cspSource: 'https://x',
      scriptUri: 'https://x/dist/webview.js?a=1&b=2',
      styleUri: 'https://x/dist/webview.css',
      nonce: 'N0NCE',
    });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-N0NCE';/);
    assert.match(html, /<script nonce="N0NCE" src="https:\/\/x\/dist\/webview\.js\?a=1&amp;b=2"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/dist\/webview\.css" nonce="N0NCE">/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.doesNotMatch(html, /\sstyle=|<style|javascript:|\son\w+=/);
  });

  test('nonces are 32 random alphanumerics', () => {
    const a = createNonce();
    const b = createNonce();
    assert.match(a, /^[A-Za-z0-9]{32}$/);
    assert.notEqual(a, b);
  });
});
