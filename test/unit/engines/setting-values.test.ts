// A setting written as a map or list where the engine expects a word is a positioned schema finding, and the
// hover still describes it: maps from a design have no prototype, so no surface may turn them into text with
// String() or a template literal (found by the incremental property test on the hard shape).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { hoverAt } from '../../../server/src/core/ide/hover';
import { allEngines } from '../../../server/src/core/engines/registry';

describe('settings written as maps or lists where a word belongs', () => {
  it('give a schema finding on the value and a hover that shows it, for every enumerated setting of every engine', () => {
    for (const engine of allEngines()) {
      for (const [key, spec] of Object.entries(engine.settings ?? {})) {
        if (!spec.values) continue;
        for (const written of ['{a: {b: 1}}', '[x, {y: 2}]']) {
          const text = `system: s\ndatastores:\n  st:\n    engine: ${engine.id}\n    settings:\n      ${key}: ${written}\n`;
          const result = analyzeFull(text);
          const at = text.indexOf(written);
          const finding = result.findings.find((f) => f.rule === 'schema' && f.span.start === at);
          assert.ok(finding, `${engine.id}.${key}: ${written}: ${result.findings.map((f) => f.message).join(' | ')}`);
          assert.match(finding.message, /not a (map|list)/, `${engine.id}.${key}`);
          const hover = hoverAt(result, text, text.indexOf(`${key}:`));
          assert.ok(
            hover?.markdown.includes(written.startsWith('{') ? '{a: {b: 1}}' : '[x, {y: 2}]'),
            `${engine.id}.${key} hover: ${hover?.markdown}`,
          );
        }
      }
    }
  });
});
