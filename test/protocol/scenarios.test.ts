// Scenarios never hold up the editor: diagnostics are published before any scenario runs (in a worker
// thread), the scenario findings follow when their run finishes, a scenario too large to simulate is refused
// at once with a positioned message, and the next edit supersedes a run in progress.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { positionAt, startServer, type TestClient } from '../support/lsp-client';

const design = (scenario: string) =>
  [
    'system: s',
    'regions: [west, east, south]',
    'datastores:',
    '  cache:',
    '    replicas: 3',
    '    read_quorum: one',
    '    write_quorum: one',
    '    conflicts: crdt',
    '    placement: {west: 1, east: 1, south: 1}',
    'components:',
    '  web:',
    '    uses: {cache: eventual}',
    'scenarios:',
    scenario,
    '',
  ].join('\n');

const westCut = (limit: string, rate = 200) =>
  `  - name: west cut off\n    duration: 10s\n    workload: {reads: 80%, writes: 20%, rate: ${rate}}\n    partitions: [{isolate: west, at: 2s, heal: 8s}]\n    expect:\n      - {datastore: cache, stale_reads: "${limit}"}`;

describe('scenarios in the editor', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ settings: { diagnosticsDelay: 0 } });
  });
  after(async () => {
    await client.close();
  });

  const scenarioFinding = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'scenario-contradicts-claim');

  it('publishes first, then the scenario’s findings when its run finishes, answering requests meanwhile', async () => {
    const uri = 'file:///work/scenario-first.cap.yaml';
    const text = design(westCut('< 0.1%', 400));
    client.open(uri, text, 1);
    const first = await client.diagnostics(uri, 1);
    assert.ok(!scenarioFinding(first), 'the first publish does not wait for the run');
    // A request sent now is answered while the run is in the worker.
    const order: string[] = [];
    const hover = client.connection
      .sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, 'cache:', 2) })
      .then(() => order.push('hover'));
    const withScenario = client.diagnosticsWhere(uri, 1, scenarioFinding).then((p) => {
      order.push('scenario');
      return p;
    });
    const [, p] = await Promise.all([hover, withScenario]);
    assert.deepEqual(order, ['hover', 'scenario']);
    const d = p.diagnostics.find((x) => x.code === 'scenario-contradicts-claim')!;
    assert.match(String(d.message), /^Scenario 'west cut off' contradicts this expectation: cache served \d+ stale reads/);
    assert.deepEqual(d.range.start, positionAt(text, '"< 0.1%"'));
  });

  it('refuses a scenario too large to simulate at once, at its duration', async () => {
    const uri = 'file:///work/scenario-huge.cap.yaml';
    const text = design('  - name: a day\n    duration: 24h\n    workload: {rate: 1000}');
    client.open(uri, text, 1);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const d = diagnostics.find((x) => String(x.message).includes('too large'))!;
    assert.equal(d.code, 'schema');
    assert.equal(
      d.message,
      "In scenarios: scenario 'a day' is too large to simulate: 1,000 operations/s for 24 h is up to 86,400,000 operations, and CAP Lens simulates at most 200,000. Shorten `duration` or lower `workload.rate`.",
    );
    assert.deepEqual(d.range, { start: positionAt(text, 'duration'), end: positionAt(text, 'duration', 'duration'.length) });
  });

  it('refuses clients, keys and replicas beyond what the simulator holds, without failing the analysis', async () => {
    for (const [name, scenario, needle] of [
      ['clients', '  - name: crowd\n    duration: 1s\n    workload: {clients: 5000000}', 'clients'],
      ['keys', '  - name: keys\n    duration: 1s\n    workload: {keys: 100000000, rate: 1000000}', 'keys'],
    ] as const) {
      const uri = `file:///work/scenario-${name}.cap.yaml`;
      const text = design(scenario);
      client.open(uri, text, 1);
      const { diagnostics } = await client.diagnostics(uri, 1);
      const d = diagnostics.find((x) => String(x.message).includes('too large'));
      assert.ok(d, `${name}: ${diagnostics.map((x) => x.message).join(' | ')}`);
      assert.deepEqual(d.range.start, positionAt(text, needle, 0, text.split(needle).length - 2), name);
    }
  });

  it('supersedes a run when the next edit changes the scenario', async () => {
    const uri = 'file:///work/scenario-edit.cap.yaml';
    client.open(uri, design(westCut('< 0.2%', 600)), 1);
    await client.diagnostics(uri, 1);
    const text = design(westCut('< 0.3%', 500));
    client.change(uri, 2, [{ text }]);
    const p = await client.diagnosticsWhere(uri, 2, scenarioFinding);
    const d = p.diagnostics.find((x) => x.code === 'scenario-contradicts-claim')!;
    assert.deepEqual(d.range.start, positionAt(text, '"< 0.3%"'), 'the finding is the edited scenario’s');
    assert.ok(
      !client
        .published()
        .some((x) => x.uri === uri && x.version === 2 && x.diagnostics.some((y) => String(y.message).includes('< 0.2%'))),
    );
  });
});
