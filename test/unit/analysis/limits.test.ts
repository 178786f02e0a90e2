// Nesting the parser would recurse on is refused with one positioned finding, before any parse: flow
// brackets, indentation, and block indicators written one after another on a line (`- - - x`, `? ? ? x`).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull, IncrementalAnalyzer } from '../../../server/src/core/analysis/analyze';
import { MAX_BLOCK_COLUMN } from '../../../server/src/core/analysis/limits';

const only = (text: string) => {
  const { findings } = analyzeFull(text);
  assert.equal(findings.length, 1, findings.map((f) => f.message).join('\n'));
  return findings[0];
};

describe('block nesting', () => {
  for (const [name, prefix, line] of [
    ['3,000 block sequences on one line', 'system: s\ndatastores: {}\nregions:\n  ', `${'- '.repeat(3000)}x`],
    ['100,000 nested explicit keys', 'system: s\n', `${'? '.repeat(100_000)}x`],
    ['compact maps in a sequence', 'system: s\nregions:\n', `${'- : '.repeat(200)}x`],
  ] as const) {
    it(`refuses ${name} where the nesting passes ${MAX_BLOCK_COLUMN} columns, on every analysis`, () => {
      const text = `${prefix}${line}\n`;
      const f = only(text);
      assert.equal(f.rule, 'yaml-syntax');
      assert.match(f.message, /Block nesting deeper than 400 columns/);
      const column = f.span.start - (prefix.lastIndexOf('\n') + 1);
      assert.ok(column > MAX_BLOCK_COLUMN && column <= MAX_BLOCK_COLUMN + 2, `at column ${column}`);
      // The re-analysis after a keystroke (once a process abort) gives the same single finding.
      const incremental = new IncrementalAnalyzer();
      incremental.analyze(text);
      assert.deepEqual(
        incremental.analyze(text.replace(/x\n$/, 'xy\n')).findings.map((x) => x.message),
        [f.message],
      );
    });
  }

  it('checks designs nested just below the limit', () => {
    const text = `system: s\ndatastores:\n  kv:\n    replicas: 3\nregions:\n  ${'- '.repeat(199)}east\n`;
    const { findings } = analyzeFull(text);
    assert.ok(!findings.some((f) => /nesting/i.test(f.message)));
    assert.ok(findings.some((f) => f.message.startsWith('regions[0] must be a string')));
  });
});
