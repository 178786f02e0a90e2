// Aliases resolve once per parse, to the last anchor of their name before them; what they expand to is
// bounded, and the alias where expansion stops is named in one positioned finding.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDocument } from 'yaml';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { ALIAS_EXPANSION_BUDGET, indexAnchors } from '../../../server/src/core/model/anchors';

function aliasBomb(levels: number): string {
  const lines = ['system: bomb', 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(9)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  lines.push('datastores:', '  kv:', '    replicas: 3', `    settings: *l${levels}`, `scenarios: *l${levels}`);
  return `${lines.join('\n')}\n`;
}

describe('anchors and aliases', () => {
  it('resolve each alias to the last anchor of its name before it', () => {
    const text =
      'system: s\nregions: [&r east, *r, &r west, *r]\ndatastores:\n  kv:\n    replicas: 3\n    placement: {east: 1, west: 2}\n';
    assert.deepEqual(
      analyzeFull(text).design.regions.map((r) => r.name),
      ['east', 'east', 'west', 'west'],
    );
  });

  it('resolve 20,000 aliases of one anchor, every one of them', () => {
    const text = `system: s\ndatastores:\n  kv: {replicas: 3, why: &a east}\nregions: [${Array(20_000).fill('*a').join(', ')}]\n`;
    const regions = analyzeFull(text).design.regions;
    assert.equal(regions.length, 20_000);
    assert.ok(regions.every((r) => r.name === 'east'));
  });

  it('stop an alias bomb at the alias that passes the budget, with one finding there', () => {
    const text = aliasBomb(9);
    const syntax = analyzeFull(text).findings.filter((f) => f.rule === 'yaml-syntax');
    assert.equal(syntax.length, 1);
    // l1..l4 expand to 9·(10 + 91 + 820 + 7,381) = 74,718 nodes; the first *l4 (66,430 more) passes 100,000.
    assert.equal(syntax[0].span.start, text.indexOf('*l4'));
    assert.match(syntax[0].message, /expand to more than 100,000 nodes here \(\*l4\)/);
  });

  it('stop a YAML 1.1 merge-key bomb the same way', () => {
    const lines = ['%YAML 1.1', '---', 'system: bomb', 'm0: &m0 {a: 1, b: 2, c: 3, d: 4}'];
    for (let i = 1; i <= 12; i++) lines.push(`m${i}: &m${i} {<<: [*m${i - 1}, *m${i - 1}, *m${i - 1}, *m${i - 1}], k${i}: 1}`);
    lines.push('datastores:', '  kv:', '    replicas: 3', '    settings: *m12');
    const text = `${lines.join('\n')}\n`;
    const syntax = analyzeFull(text).findings.filter((f) => f.rule === 'yaml-syntax');
    assert.equal(syntax.length, 1);
    assert.match(syntax[0].message, /expand to more than 100,000 nodes/);
  });

  it('refuse an alias inside the node it names', () => {
    const text = 'system: s\nx: &a [1, *a]\ndatastores:\n  kv: {replicas: 3}\n';
    const syntax = analyzeFull(text).findings.filter((f) => f.rule === 'yaml-syntax');
    assert.deepEqual(
      syntax.map((f) => [f.span.start, f.message]),
      [
        [
          text.indexOf('*a'),
          'The alias *a sits inside the node it names, so it would expand forever; CAP Lens does not expand it.',
        ],
      ],
    );
  });

  it('size what each alias expands to, refusing every alias after the budget runs out', () => {
    const doc = parseDocument('a: &a [1, 2, 3]\nb: [*a, *a, *a]\n');
    const index = indexAnchors(doc, 8);
    assert.deepEqual(
      [...index.targets.values()].map((t) => t !== null),
      [true, true, false],
    );
    assert.ok(ALIAS_EXPANSION_BUDGET >= 100_000);
  });
});
