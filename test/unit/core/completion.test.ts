// Completion inside scenarios offers the design's own names where a scenario refers to them.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { completionsAt } from '../../../server/src/core/ide/completion';

const text = ['system: s', 'regions: [east, west]', 'datastores:', '  ledger:', '    replicas: 3', 'scenarios:', '  - name: x', '    duration: 5s', '    partitions:', '      - isolate: ', '    expect:', '      - datastore: ', '        side: ', ''].join('\n');
const labelsAt = (needle: string) => completionsAt(analyzeFull(text), text, text.indexOf(needle) + needle.length).map((c) => c.label);

it('offers datastores for a selector, sides for side, regions and datastores to isolate', () => {
  assert.deepEqual(labelsAt('- datastore: '), ['ledger']);
  assert.deepEqual(labelsAt('side: '), ['minority', 'majority']);
  assert.deepEqual(labelsAt('isolate: '), ['east', 'west', 'ledger']);
});
