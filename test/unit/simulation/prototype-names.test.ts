// Names from a design are plain data in what the simulator runs too: a datastore or scenario path named
// `__proto__` is a key of its own, not a prototype (issue 17, item 7, in the simulator's inputs).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { buildSimulatorModel } from '../../../server/src/core/ide/simulator-model';
import { systemFromDesign } from '../../../server/src/core/simulation/from-design';

const text = `system: s
datastores:
  __proto__:
    replicas: 3
    replication: consensus
components:
  api:
    uses: {__proto__: linearizable}
scenarios:
  - name: __proto__
    duration: 5s
    datastores: {__proto__: {election_timeout: 1s}}
`;

test('a datastore named __proto__ keeps its need in the component the simulator runs', () => {
  const analysis = analyzeFull(text);
  const system = systemFromDesign(analysis.design, analysis.analyses);
  const api = system.components.find((c) => c.name === 'api')!;
  assert.deepEqual(api.uses, ['__proto__']);
  assert.ok(Object.hasOwn(api.needs ?? {}, '__proto__'));
  assert.equal(JSON.stringify(api.needs), '{"__proto__":"linearizable"}');
});

test('the panel model keeps the line of a scenario path through a datastore named __proto__', () => {
  const model = buildSimulatorModel(text, { uri: 'u', fileName: 'f', version: 1 });
  assert.ok(Object.hasOwn(model.scenarioLines!, '0/datastores/__proto__'));
  assert.equal(model.scenarioLines!['0/datastores/__proto__'], 12);
  assert.equal(JSON.stringify(model.simulation!.components[0].needs), '{"__proto__":"linearizable"}');
});
