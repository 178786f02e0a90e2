// What the panel's worker computes, run in Node through the same handler: a scenario's outcome matches
// `cap-lens simulate`'s core run for the same design (expectations, needs, report), replays exactly, and a
// linearizability request answers with the checker's verdict; bad requests come back as errors, not crashes.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { handleWorkerRequest } from '../../client/src/webview/worker-protocol';
import { analyzeFull } from '../../server/src/core/analysis/analyze';
import { buildSimulatorModel } from '../../server/src/core/ide/simulator-model';
import {
  runDesignScenario,
  scenarioContextOf,
  systemFromDesign,
  validateScenarios,
  type SimSystem,
} from '../../server/src/core/simulation/index';
import { REPO } from './harness';

describe('the simulation worker', () => {
  const text = readFileSync(join(REPO, 'samples/simulator/06-checkout.cap.yaml'), 'utf8');
  const model = JSON.parse(JSON.stringify(buildSimulatorModel(text, { uri: 'u', fileName: 'f', version: 1 })));
  const system = model.simulation as SimSystem;
  const [scenario] = validateScenarios(model.scenarios, scenarioContextOf(system)).scenarios;

  test("a scenario run in the worker gives the CLI's verdicts and figures", () => {
    const answer = handleWorkerRequest({ kind: 'scenario', id: 1, system, scenario }, () => 0);
    assert.equal(answer.kind, 'scenario');
    if (answer.kind !== 'scenario') return;
    const analysis = analyzeFull(text);
    const cli = runDesignScenario(systemFromDesign(analysis.design, analysis.analyses), scenario);
    assert.deepEqual(answer.outcome.expectations, cli.expectations);
    assert.deepEqual(answer.outcome.needs, cli.needs);
    assert.deepEqual(answer.outcome.report, cli.result.report);
    assert.deepEqual(
      answer.outcome.verdicts.map((v) => [v.store, v.status]),
      [
        ['ledger', 'linearizable'],
        ['carts', 'not-a-register'],
      ],
    );
    // Structured clone (postMessage) keeps it whole.
    assert.deepEqual(structuredClone(answer), answer);
    assert.deepEqual(
      handleWorkerRequest({ kind: 'scenario', id: 2, system, scenario }, () => 0),
      { ...answer, id: 2 },
    );
  });

  test('a linearizability request, and a request that throws', () => {
    const ok = handleWorkerRequest({
      kind: 'linearizability',
      id: 3,
      ops: [
        { id: 1, process: 0, f: 'write', value: 1, invoke: 0, complete: 1, outcome: 'ok' },
        { id: 2, process: 1, f: 'read', value: null, invoke: 2, complete: 3, outcome: 'ok' },
      ],
    });
    assert.deepEqual(ok.kind === 'linearizability' && [ok.id, ok.result.linearizable], [3, false]);
    const bad = handleWorkerRequest({ kind: 'scenario', id: 4, system: { ...system, stores: [] }, scenario });
    assert.equal(bad.kind, 'error');
    assert.match(bad.kind === 'error' ? bad.message : '', /unknown datastore|no datastore/);
  });
});
