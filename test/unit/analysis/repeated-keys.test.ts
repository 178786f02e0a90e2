// Repeated keys: found in one pass (a 40,000-key map once took 25 s), with the same verdict as the YAML
// parser's own unique-keys check; keys YAML holds apart but CAP Lens reads as one name are reported, never
// merged. The same pass guards `.caplens.yaml`, which also has a size limit.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { MAX_CONFIG_BYTES, parseConfig } from '../../../server/src/core/analysis/config';
import { findRepeatedKeys } from '../../../server/src/core/model/duplicate-keys';
import { pick, seededRandom } from '../../support/random';

describe('repeated keys', () => {
  it('agree with the parser’s own unique-keys check on random maps', () => {
    const rand = seededRandom(17);
    const words = ['a', 'b', '"a"', "'b'", '1', '"1"', '1.0', 'true', '"true"', 'null', '~', 'x y'];
    for (let i = 0; i < 300; i++) {
      const keys = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => pick(rand, words));
      const text =
        rand() < 0.5
          ? `m:\n${keys.map((k, j) => `  ${k}: ${j}`).join('\n')}\n`
          : `m: {${keys.map((k, j) => `${k}: ${j}`).join(', ')}}\n`;
      const strict = parseDocument(text, { uniqueKeys: true })
        .errors.filter((e) => e.code === 'DUPLICATE_KEY')
        .map((e) => e.pos[0]);
      const ours = findRepeatedKeys(parseDocument(text, { uniqueKeys: false }))
        .filter((r) => r.kind === 'duplicate')
        .map((r) => r.span.start);
      assert.deepEqual(ours, strict, text);
    }
  });

  it('reports each duplicate in a 40,000-key settings map at the repeated key', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `      k${i % 20_000}: 1`);
    const text = `system: s\ndatastores:\n  kv:\n    replicas: 3\n    engine: cassandra\n    settings:\n${lines.join('\n')}\n`;
    const dups = analyzeFull(text).findings.filter((f) => f.rule === 'yaml-syntax');
    assert.equal(dups.length, 20_000);
    assert.equal(dups[0].message, "Map keys must be unique: 'k0' is already a key of this map.");
    assert.equal(dups[0].span.start, text.indexOf('k0:', text.indexOf('k19999:')));
    assert.equal(dups[0].related[0].span.start, text.indexOf('k0:'));
  });

  for (const [first, second] of [
    ['true', '"true"'],
    ['1', '"1"'],
    ['1.5', "'1.5'"],
  ]) {
    it(`reports datastores ${first}: and ${second}: as one name instead of merging them`, () => {
      const text = `system: s\ndatastores:\n  ${first}:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 3\n  ${second}:\n    replicas: 5\n    claims: {consistency: strong}\n`;
      const result = analyzeFull(text);
      const clash = result.findings.find((f) => f.span.start === text.indexOf(`${second}:`));
      assert.ok(clash, result.findings.map((f) => f.message).join('\n'));
      assert.equal(clash.rule, 'schema');
      assert.match(
        clash.message,
        /are different YAML keys, but CAP Lens names entries by their text and reads both as '.+': only the first is checked\. Rename one\./,
      );
      assert.equal(clash.related[0].span.start, text.indexOf(`${first}:`));
      assert.deepEqual(
        result.design.datastores.map((d) => d.replicas?.value),
        [3],
        'only the first entry is modelled',
      );
      // Nothing about the second entry's claim is judged against the first one's settings.
      assert.ok(!result.findings.some((f) => f.rule !== 'schema' && f.span.start > text.indexOf(`${second}:`)));
    });
  }
});

describe('.caplens.yaml', () => {
  it('is refused past its size limit with one problem', () => {
    const text = `rules:\n${Array.from({ length: 50_000 }, (_, i) => `  rule-${i}: off\n`).join('')}`;
    assert.ok(text.length > MAX_CONFIG_BYTES);
    const parsed = parseConfig(text);
    assert.deepEqual(parsed.overrides, {});
    assert.equal(parsed.problems.length, 1);
    assert.match(parsed.problems[0].message, /^This file is \d+ KB; a CAP Lens config is at most 64 KB/);
  });

  it('names each repeated rule', () => {
    const text = 'rules:\n  schema: off\n  even-replica-majority: warning\n  schema: error\n';
    const parsed = parseConfig(text);
    assert.deepEqual(
      parsed.problems.map((p) => [p.span.start, p.message]),
      [[text.lastIndexOf('schema'), "'schema' is already set above in this map; each key may appear once."]],
    );
  });
});
