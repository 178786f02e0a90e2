// Every key a design can hold is plain data: names such as `constructor` or `__proto__` written as
// datastores, settings, claims, components, scenarios or latency functions are checked like any other name,
// never looked up through Object.prototype (one such setting once stopped every diagnostic).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull, IncrementalAnalyzer } from '../../../server/src/core/analysis/analyze';
import { allEngines } from '../../../server/src/core/engines/registry';
import { completionsAt } from '../../../server/src/core/ide/completion';
import { hoverAt } from '../../../server/src/core/ide/hover';
import { outline } from '../../../server/src/core/ide/outline';
import { symbolAt } from '../../../server/src/core/ide/symbols';
import { PROTOTYPE_KEYS, prototypeDesign } from '../../support/hostile';

describe('keys named like Object.prototype members', () => {
  for (const k of PROTOTYPE_KEYS) {
    it(`'${k}' is checked as a plain name everywhere`, () => {
      const text = prototypeDesign(k);
      const result = analyzeFull(text);
      const messages = result.findings.map((f) => f.message);
      for (const expected of [
        `Unknown top-level key '${k}'.`,
        `replication must be one of leaderless, leader, consensus, not '${k}'.`,
        `Unknown Apache Cassandra setting '${k}'.`,
        `Malformed latency expression for the read leg: unknown distribution '${k}';`,
        `consistency must be one of linearizable, strong, sequential, causal, read-your-writes, monotonic-reads, eventual, not '${k}'.`,
        `Unknown key '${k}' in claims.`,
        `Unknown key '${k}' in datastore 'kv'.`,
        `CAP Lens does not know the engine '${k}'.`,
        `Unknown key '${k}' in component '${k}'.`,
        `Unknown key '${k}' in workload.`,
        `Unknown key '${k}' in expect[0].`,
      ]) {
        assert.ok(
          messages.some((m) => m.startsWith(expected)),
          `missing: ${expected}`,
        );
      }
      const [kv, named] = result.design.datastores;
      assert.deepEqual([kv.name, kv.replicas?.value, named.name, named.replicas?.value], ['kv', 3, k, 5]);
      assert.equal(Object.getPrototypeOf(kv.settings!.value), Object.prototype, 'the settings map keeps its prototype');
      assert.ok(Object.hasOwn(kv.settings!.value, k));
      // The incremental path sees the same, and every editor feature answers at every line.
      const incremental = new IncrementalAnalyzer();
      incremental.analyze(text);
      assert.deepEqual(
        incremental.analyze(text).findings.map((f) => f.message),
        messages,
      );
      for (let offset = 0; offset < text.length; offset += 7) {
        hoverAt(result, text, offset);
        completionsAt(result, text, offset);
        symbolAt(result, offset);
      }
      outline(result);
    });
  }

  it('every engine reports a setting named like a prototype member as unknown', () => {
    for (const engine of allEngines()) {
      for (const k of PROTOTYPE_KEYS) {
        const text = `system: s\ndatastores:\n  kv:\n    engine: ${engine.id}\n    replicas: 3\n    settings: {${k}: 1}\n`;
        const messages = analyzeFull(text).findings.map((f) => f.message);
        assert.ok(
          messages.some((m) => m.startsWith(`Unknown ${engine.displayName} setting '${k}'.`)),
          `${engine.id} ${k}: ${messages.join(' | ')}`,
        );
      }
    }
  });
});
