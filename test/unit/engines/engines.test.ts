// Invariants over every engine module: cited sources, documented settings, examples whose derived class is
// the usual class shown in hovers and the README, translations that never throw, hover text for every setting,
// generated docs and schema equal to what the generator writes, and the samples' expected diagnostics.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { engineDocs, PATHS, schemaParts, spliceReadme, spliceSchema } from '../../../scripts/generate-engine-docs';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { settingEdits } from '../../../server/src/core/rules/setting-edits';
import { describeEngineSetting, describeTranslation } from '../../../server/src/core/ide/engine-describe';
import { allEngines, findEngine } from '../../../server/src/core/engines/registry';
import { settingProblem } from '../../../server/src/core/engines/settings';
import { RULES } from '../../../server/src/core/rules/registry';
import { analyse, assertFires, assertSilent, run, analysisOf, consistencyOf } from './helpers';

const exampleDesign = (id: string, settings: unknown) => stringify({ system: 's', datastores: { st: { engine: id, settings } } });

describe('engine registry', () => {
  it('has every engine the issue names, with unique ids and aliases, found case-insensitively', () => {
    const ids = allEngines().map((e) => e.id);
    for (const id of [
      'cassandra',
      'dynamodb',
      'mongodb',
      'redis',
      'postgresql',
      'mysql',
      'cockroachdb',
      'spanner',
      'etcd',
      'consul',
      'zookeeper',
      'hbase',
      'couchdb',
      'riak',
      'kafka',
      'cosmosdb',
      'tikv',
    ]) {
      assert.ok(ids.includes(id), id);
    }
    const names = allEngines().flatMap((e) => [e.id, ...(e.aliases ?? [])]);
    assert.equal(new Set(names).size, names.length);
    assert.equal(findEngine('CockroachDB')?.id, 'cockroachdb');
    assert.equal(findEngine('redis-cluster')?.id, 'redis');
  });

  it('every engine rule is registered with a documentation page', () => {
    for (const rule of [
      'engine-consistency-contradicted',
      'engine-ack-loses-writes',
      'engine-setting-invalid',
      'engine-setting-overridden',
    ] as const) {
      assert.ok(RULES[rule], rule);
      assert.match(readFileSync(join(PATHS.docs, '..', 'rules', `${rule}.md`), 'utf8'), new RegExp(`^# ${rule}\\n`));
    }
  });
});

for (const engine of allEngines()) {
  describe(`${engine.id}: module`, () => {
    it('cites its own documentation (https) for the engine and for every setting', () => {
      assert.ok(engine.sources.length > 0);
      for (const s of engine.sources) assert.match(s.url, /^https:\/\//, s.title);
      for (const [key, spec] of Object.entries(engine.settings ?? {})) {
        assert.match(spec.source, /^https:\/\//, key);
        assert.ok(spec.description.length > 10, key);
        if (spec.default !== undefined) assert.equal(settingProblem(spec, spec.default), undefined, `default of ${key}`);
        for (const v of Object.keys(spec.valueDocs ?? {})) {
          assert.ok(spec.integers || (spec.values ?? []).map(String).includes(v), `${key}: valueDocs for unknown value ${v}`);
        }
      }
    });

    it('its example settings are valid, and derive the usual CAP and PACELC class', () => {
      assert.ok(engine.example, 'an example for the docs and this test');
      const result = analyzeFull(exampleDesign(engine.id, engine.example));
      assert.deepEqual(
        result.findings.map((f) => `${f.rule}: ${f.message}`),
        [],
      );
      const facts = result.analyses.get('st')?.facts;
      assert.ok(facts);
      assert.equal(`${facts.cap} ${facts.pacelc}`, `${engine.usualCap} ${engine.usualPacelc}`);
    });

    it('translates any combination of its own values without throwing', () => {
      const specs = Object.entries(engine.settings ?? {});
      for (const [key, spec] of specs) {
        const candidates =
          spec.values ??
          (spec.type === 'boolean'
            ? [true, false]
            : spec.type === 'integer'
              ? [spec.minimum ?? 0, 3]
              : spec.example !== undefined
                ? [spec.example]
                : []);
        for (const value of candidates) {
          const settings = { ...(engine.example ?? {}), [key]: value };
          assert.doesNotThrow(() => analyzeFull(exampleDesign(engine.id, settings)), `${key}: ${String(value)}`);
        }
      }
      assert.doesNotThrow(() => analyzeFull(exampleDesign(engine.id, {})));
    });

    it('describes every setting and its translation for the hover', () => {
      const ds = analyzeFull(exampleDesign(engine.id, engine.example)).design.datastores[0];
      for (const [key, spec] of Object.entries(engine.settings ?? {})) {
        const md = describeEngineSetting(analysisOf(ds), key);
        assert.ok(md?.startsWith(`**${key}** · ${engine.displayName} setting`), key);
        assert.ok(md!.includes(`(${spec.source})`), key);
      }
      const md = describeTranslation(analysisOf(ds))!;
      assert.match(md, new RegExp(`### st · ${engine.displayName}`));
      assert.match(md, /\*\*Effective:\*\* /);
    });
  });
}

describe('engine settings, in general', () => {
  it('settings without an engine are reported', () => {
    const a = analyzeFull('system: s\ndatastores:\n  st:\n    replicas: 3\n    settings: {consistency: QUORUM}\n');
    assert.ok(a.findings.some((f) => f.rule === 'schema' && /no `engine:`/.test(f.message)));
  });

  it('an unknown engine reports unknown-engine only, not its settings', () => {
    const a = analyzeFull(
      'system: s\ndatastores:\n  st:\n    replicas: 3\n    replication: consensus\n    engine: cassandara\n    settings: {consistency: QUORUM}\n',
    );
    assert.deepEqual(
      a.findings.map((f) => f.rule),
      ['unknown-engine'],
    );
  });

  it('the generic keys still work beside an engine, and override its translation', () => {
    const a = run('cassandra', 'replication_factor: 3\nconsistency: ONE', '', 'read_quorum: 2\nwrite_quorum: 2');
    assert.equal(consistencyOf(a), 'strong');
    assertFires(a, 'engine-setting-overridden', '2');
  });

  it('fixes add a setting under an existing settings block, or a new settings block', () => {
    const withBlock = run('kafka', 'replication.factor: 3');
    const edit = settingEdits(withBlock.text, withBlock.ds, [['acks', 'all']])![0];
    const text = withBlock.text.slice(0, edit.span.start) + edit.newText + withBlock.text.slice(edit.span.end);
    assert.match(text, / {6}replication\.factor: 3\n {6}acks: all\n/);
    const without = analyse('system: s\ndatastores:\n  st:\n    engine: kafka\n    claims: {loss_free: true}\n');
    const edit2 = settingEdits(without.text, without.ds, [['acks', 'all']])![0];
    assert.match(
      without.text.slice(0, edit2.span.start) + edit2.newText + without.text.slice(edit2.span.end),
      / {4}claims: \{loss_free: true\}\n {4}settings:\n {6}acks: all/,
    );
    const flow = analyse('system: s\ndatastores:\n  st:\n    engine: kafka\n    settings: {replication.factor: 3}\n');
    assert.equal(settingEdits(flow.text, flow.ds, [['acks', 'all']]), undefined);
  });

  it('a misspelt setting does not stop the other settings from being translated', () => {
    const a = run('mongodb', 'members: 5\nread_concren: majority');
    assertFires(a, 'schema', 'read_concren', /Did you mean 'read_concern'/);
    assert.equal(a.t.replicas, 5);
  });

  it('valid designs stay silent', () => {
    assertSilent(run('etcd', 'members: 3'));
  });
});

describe('generated engine docs and schema', () => {
  it('docs/engines.md is what scripts/generate-engine-docs.ts writes', () => {
    assert.equal(readFileSync(PATHS.docs, 'utf8'), engineDocs());
  });

  it("the schema's engine settings are what the script writes, and the rest of the schema is untouched by it", () => {
    const committed = readFileSync(PATHS.schema, 'utf8');
    assert.equal(spliceSchema(committed), committed);
    const schema = JSON.parse(committed);
    for (const engine of allEngines()) {
      const def = schema.$defs[`engineSettings-${engine.id}`];
      assert.deepEqual(Object.keys(def.properties), Object.keys(engine.settings ?? {}));
    }
    assert.equal(schema.$defs.datastore.allOf.length, allEngines().length);
    assert.equal(schemaParts().defs.length, allEngines().length);
  });

  it('README.md has the generated table between its markers (when the markers exist)', () => {
    let readme: string | undefined;
    try {
      readme = readFileSync(PATHS.readme, 'utf8');
    } catch {
      readme = undefined;
    }
    const spliced = readme === undefined ? undefined : spliceReadme(readme);
    if (spliced !== undefined) assert.equal(readme, spliced);
  });
});

describe('samples/engines', () => {
  const dir = join(PATHS.docs, '..', '..', 'samples', 'engines');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cap.yaml'))) {
    it(`${file} reports exactly the diagnostics marked "# expect:"`, () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const lines = text.split('\n');
      const expected = lines.flatMap((line, i) => {
        const m = /# expect: (.+)$/.exec(line);
        return m ? m[1].split(',').map((r) => `${i + 1} ${r.trim()}`) : [];
      });
      const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
      const actual = analyzeFull(text).findings.map((f) => `${lineOf(f.span.start)} ${f.rule}`);
      assert.deepEqual(actual.sort(), expected.sort());
    });
  }
});

describe('engine findings in stages', () => {
  it('while a setting is malformed, claims are not judged on the defaults it fell back to', () => {
    const a = run('cassandra', 'replication_factor: {dc1: 3, dc2: 3}\nconsistency: LOCAL_QUORAM', 'consistency: strong\ncap: CP');
    assert.deepEqual(
      a.findings.map((f) => f.rule),
      ['schema'],
    );
  });
});
