// Scenarios in the JSON Schema: a design's `scenarios:` is checked by the same schema as the rest of the design
// (one finding per fault, at the exact YAML node, with an edit-distance did-you-mean and its quick fix), the
// schema's patterns read exactly what the simulator's parsers read, and its key lists are the readers' own.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { DESIGN_SCHEMA, resolveSchema, type SchemaNode } from '../../../server/src/core/model/schema';
import { CHECK_KEYS, SELECTOR_KEYS } from '../../../server/src/core/simulation/scenario-expect';
import { OPERATION_KINDS } from '../../../server/src/core/simulation/scenario-options';
import { CRDT_TYPES, SIBLING_MERGES } from '../../../server/src/core/simulation/types';
import { parseDuration, parsePercent, parseRate, parseThreshold } from '../../../server/src/core/simulation/units';

const design = (scenario: string) => `system: s
regions: [eu, us]
datastores:
  kv: {replicas: 3, replication: consensus, placement: {eu: 2, us: 1}}
scenarios:
  - name: cut
${scenario.replace(/^/gm, '    ')}
`;

/** The schema findings of a design, as [the text each points at, its message, its fixes' titles]. */
function schemaFindings(text: string): [string, string, string[]][] {
  return analyzeFull(text)
    .findings.filter((f) => f.rule === 'schema')
    .map((f) => [text.slice(f.span.start, f.span.end), f.message, (f.fixes ?? []).map((x) => x.title)]);
}

describe('scenario findings come from the schema', () => {
  it('a misspelt key gets an edit-distance suggestion and a quick fix, at the key', () => {
    const found = schemaFindings(design('duraton: 10s\npartitons:\n  - {isolate: eu, at: 1s}'));
    assert.deepEqual(found, [
      // The required key the misspelling stood for, at the scenario (findings come in the order of the text).
      [
        'name: cut\n    duraton: 10s\n    partitons:\n      - {isolate: eu, at: 1s}\n',
        "scenarios[0] is missing the required key 'duration': a positive time (a number of ms, or e.g. 500ms, 30s, 2m).",
        [],
      ],
      [
        'duraton',
        "Unknown key 'duraton' in scenarios[0]. Did you mean 'duration'? Known keys: name, duration, seed, timeout, workload, partitions, crashes, operations, datastores, expect.",
        ["Change to 'duration'"],
      ],
      [
        'partitons',
        "Unknown key 'partitons' in scenarios[0]. Did you mean 'partitions'? Known keys: name, duration, seed, timeout, workload, partitions, crashes, operations, datastores, expect.",
        ["Change to 'partitions'"],
      ],
    ]);
  });

  it('a misspelt key deep in a scenario, and a misspelt value', () => {
    const found = schemaFindings(
      design('duration: 10s\ncrashes:\n  - {leader: true, at: 1s, restrat: 2s}\nexpect:\n  - {side: minorty, writes: refused}'),
    );
    assert.deepEqual(
      found.map(([at, message, fixes]) => [at, message.split(' Known keys')[0], fixes]),
      [
        ['restrat', "Unknown key 'restrat' in crashes[0]. Did you mean 'restart'?", ["Change to 'restart'"]],
        [
          'minorty',
          "side must be one of minority, majority, any, not 'minorty'. Did you mean 'minority'?",
          ["Change to 'minority'"],
        ],
      ],
    );
  });

  it('a wrong shape is reported once, at the value', () => {
    const found = schemaFindings(
      design('duration: 10s\nworkload: {reads: lots, keys: 0}\npartitions:\n  - between: [[eu], us]\n    at: soon'),
    );
    assert.deepEqual(
      found.map(([at, message]) => [at, message]),
      [
        ['lots', "reads must be a percentage like 80% (or a number from 0 to 100), not 'lots'."],
        ['0', 'keys must be a whole number ≥ 1, not 0.'],
        ['us', "between[1] must be a non-empty list of regions, node ids, datastores or components, not 'us'."],
        ['soon', "at must be a time from the start of the run (a number of ms, or e.g. 5s), not 'soon'."],
      ],
    );
  });

  it('what the schema cannot say is still checked, against the design, at the value', () => {
    const found = schemaFindings(design('duration: 10s\npartitions:\n  - {isolate: atlantis, at: 20s}'));
    assert.deepEqual(
      found.map(([at, message]) => [at, message]),
      [
        ['atlantis', "In scenarios: 'atlantis' is not a region, node, datastore or component of this design."],
        ['20s', 'In scenarios: at (20000 ms) is after the end of the scenario (duration 10000 ms).'],
      ],
    );
  });

  it('the map form takes the same scenarios, and an empty `scenarios:` is no fault', () => {
    assert.deepEqual(
      schemaFindings('system: s\ndatastores: {kv: {replicas: 3}}\nscenarios:\n  calm: {duration: 1s, seeed: 2}\n').map(
        ([at]) => at,
      ),
      ['seeed'],
    );
    assert.deepEqual(schemaFindings('system: s\ndatastores: {kv: {replicas: 3}}\nscenarios:\n'), []);
  });
});

const def = (name: string) => resolveSchema(DESIGN_SCHEMA.$defs[name]);
const property = (defName: string, key: string) => resolveSchema(def(defName).properties![key]);
const matches = (schema: SchemaNode, text: string) => new RegExp(schema.pattern!, 'u').test(text);

describe("the schema's patterns read what the parsers read", () => {
  const SAMPLES = [
    '0',
    '5',
    '5s',
    ' 5 s ',
    '1.5s',
    '500ms',
    '2m',
    '3min',
    '1h',
    '10sec',
    '0s',
    '0.0ms',
    '0.5s',
    '.5s',
    '5.s',
    '5 parsecs',
    '-1s',
    '80%',
    '100%',
    '100.0%',
    '100.5%',
    '120%',
    '007%',
    ' 50 % ',
    '0%',
    '5/s',
    '200 ops/s',
    '200op/sec',
    '200/ s',
    '1e3',
    '< 1%',
    '<=5',
    '≤ 50ms',
    '>= 99%',
    '≥1',
    '=> 3',
    '=< 2s',
    '< 5 s',
    '3.0',
    '3.5',
    '> -1',
    '<<1',
    '',
    ' ',
    'none',
  ];

  it('times: ≥ 0, and positive where a positive time is wanted', () => {
    for (const s of SAMPLES) {
      const ms = parseDuration(s);
      assert.equal(matches(def('scenarioTime'), s), ms !== undefined, `scenarioTime '${s}'`);
      assert.equal(matches(def('scenarioPositiveTime'), s), ms !== undefined && ms > 0, `scenarioPositiveTime '${s}'`);
    }
  });

  it('percentages and rates', () => {
    for (const s of SAMPLES) {
      assert.equal(matches(def('scenarioPercent'), s), parsePercent(s) !== undefined, `scenarioPercent '${s}'`);
      assert.equal(matches(property('scenarioWorkload', 'rate'), s), parseRate(s) !== undefined, `rate '${s}'`);
    }
  });

  it('bounds on rates, times and counts', () => {
    for (const s of SAMPLES) {
      const t = parseThreshold(s, '<=');
      assert.equal(matches(def('scenarioRateBound'), s), t?.unit === 'fraction', `scenarioRateBound '${s}'`);
      assert.equal(matches(def('scenarioTimeBound'), s), t !== undefined && t.unit !== 'fraction', `scenarioTimeBound '${s}'`);
      assert.equal(
        matches(def('scenarioCountBound'), s),
        t?.unit === 'count' && Number.isInteger(t.value),
        `scenarioCountBound '${s}'`,
      );
    }
  });
});

describe("the schema's key lists are the readers'", () => {
  it('expectations: the selectors and the checks', () => {
    assert.deepEqual(Object.keys(def('scenarioExpectation').properties!).sort(), [...SELECTOR_KEYS, ...CHECK_KEYS].sort());
  });

  it('operations: one key for each thing an operation does', () => {
    const keys = Object.keys(def('scenarioOperation').properties!);
    for (const kind of Object.keys(OPERATION_KINDS)) assert.ok(keys.includes(kind), kind);
  });

  it("datastore options: the simulator's merges and CRDT types", () => {
    assert.deepEqual(property('scenarioStoreOptions', 'merge').enum, [...SIBLING_MERGES]);
    assert.deepEqual(property('scenarioStoreOptions', 'type').enum, [...CRDT_TYPES]);
  });
});
