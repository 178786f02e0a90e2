// Completion inside scenarios: the keys and values the schema gives a scenario, and the design's own names where
// a scenario refers to them. Hovers on scenario keys show the schema's documentation.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { completionsAt } from '../../../server/src/core/ide/completion';
import { hoverAt } from '../../../server/src/core/ide/hover';

const text = [
  'system: s',
  'regions: [east, west]',
  'datastores:',
  '  ledger:',
  '    replicas: 3',
  'scenarios:',
  '  - name: x',
  '    duration: 5s',
  '    partitions:',
  '      - isolate: ',
  '    expect:',
  '      - datastore: ',
  '        side: ',
  '',
].join('\n');
const labelsAt = (needle: string) =>
  completionsAt(analyzeFull(text), text, text.indexOf(needle) + needle.length).map((c) => c.label);

it("offers datastores for a selector, the schema's sides for side, regions and datastores to isolate", () => {
  assert.deepEqual(labelsAt('- datastore: '), ['ledger']);
  assert.deepEqual(labelsAt('side: '), ['minority', 'majority', 'any']);
  assert.deepEqual(labelsAt('isolate: '), ['east', 'west', 'ledger']);
});

/** Completions at the `|` of a design, and the text with `|` taken out. */
function at(marked: string) {
  const offset = marked.indexOf('|');
  const source = marked.slice(0, offset) + marked.slice(offset + 1);
  return { source, items: completionsAt(analyzeFull(source), source, offset) };
}

const HEAD = 'system: s\ndatastores:\n  ledger: {replicas: 3}\nscenarios:\n';

it("offers a scenario's keys from the schema, less those the scenario already has", () => {
  const { items } = at(`${HEAD}  - name: x\n    duration: 5s\n    |\n  - name: y\n    seed: 3\n`);
  assert.deepEqual(
    items.map((c) => c.label),
    ['seed', 'timeout', 'workload', 'partitions', 'crashes', 'operations', 'datastores', 'expect'],
  );
  const partitions = items.find((c) => c.label === 'partitions')!;
  assert.match(partitions.documentation ?? '', /Network partitions/);
  // A list of maps opens its first item.
  assert.equal(partitions.insertText, 'partitions:\n      - ');
});

it('offers the keys of a partition, of a new expectation, and of a scenario in the map form', () => {
  const partition = at(`${HEAD}  - name: x\n    duration: 5s\n    partitions:\n      - isolate: ledger-1\n        |\n`);
  assert.deepEqual(
    partition.items.map((c) => c.label),
    ['between', 'at', 'heal'],
  );
  const expectation = at(`${HEAD}  - name: x\n    duration: 5s\n    expect:\n      - |\n`);
  assert.ok(
    ['datastore', 'side', 'stale_reads', 'time_without_leader'].every((k) => expectation.items.some((c) => c.label === k)),
  );
  const typed = at(`${HEAD}  - name: x\n    duration: 5s\n    expect:\n      - lost_w|\n`);
  assert.ok(
    typed.items.some(
      (c) => c.label === 'lost_writes' && c.replace && typed.source.slice(c.replace.start, c.replace.end) === 'lost_w',
    ),
  );
  const mapForm = at(`${HEAD}  calm:\n    duration: 5s\n    |\n`);
  assert.ok(mapForm.items.some((c) => c.label === 'workload') && !mapForm.items.some((c) => c.label === 'duration'));
});

it("offers a check's values from the schema, with their documentation", () => {
  const { items } = at(`${HEAD}  - name: x\n    duration: 5s\n    expect:\n      - writes: |\n`);
  assert.deepEqual(
    items.map((c) => c.label),
    ['refused', 'accepted', 'unknown'],
  );
  assert.match(items[0].documentation ?? '', /None of the selected operations succeeded/);
});

it("hovers on a scenario's keys show the schema's documentation", () => {
  const source = `${HEAD}  - name: x\n    duration: 5s\n    partitions:\n      - isolate: ledger-1\n        heal: 3s\n`;
  const hover = hoverAt(analyzeFull(source), source, source.indexOf('heal') + 1);
  assert.match(hover?.markdown ?? '', /^\*\*heal\*\* — When the partition heals/);
});
