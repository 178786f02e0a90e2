// The design diff's rules where a guess would mislead: a rename is followed only when exactly one entry has the
// same settings; the designs of a Markdown doc are paired by system name before their order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull, rateFindings } from '../../../server/src/core/analysis/analyze';
import { analyzeMarkdown } from '../../../server/src/core/markdown/analyze';
import { diffDesignLists, diffDesigns, type DesignVersion } from '../../../server/src/core/review/diff';
import { LineIndex } from '../../../server/src/core/text/lines';

const version = (text: string): DesignVersion => {
  const analysis = analyzeFull(text);
  return { analysis, findings: rateFindings(analysis.findings), text, lines: new LineIndex(text) };
};
const markdown = (text: string): DesignVersion[] =>
  analyzeMarkdown(text).map((d) => ({
    analysis: d.result,
    findings: rateFindings(d.findings),
    text: d.design.text,
    lines: new LineIndex(text),
  }));
const summary = (d: ReturnType<typeof diffDesigns>) =>
  d.entries
    .filter((e) => e.status !== 'unchanged')
    .map((e) => `${e.status} ${e.name}${e.renamedFrom ? ` (from ${e.renamedFrom})` : ''}`);

describe('design diff', () => {
  it('follows a rename when one entry has the same settings, and never guesses between twins', () => {
    const store = (name: string, n = 3) => `  ${name}:\n    replicas: ${n}\n    replication: consensus\n`;
    const one = diffDesigns(
      version(`system: s\ndatastores:\n${store('orders')}`),
      version(`system: s\ndatastores:\n${store('order-store')}`),
    );
    assert.deepEqual(summary(one), ['changed order-store (from orders)']);
    const changedToo = diffDesigns(
      version(`system: s\ndatastores:\n${store('orders')}`),
      version(`system: s\ndatastores:\n${store('order-store', 5)}`),
    );
    assert.deepEqual(summary(changedToo), ['added order-store', 'removed orders'], 'different settings: not a rename');
    const twins = diffDesigns(
      version(`system: s\ndatastores:\n${store('a')}${store('b')}`),
      version(`system: s\ndatastores:\n${store('c')}${store('d')}`),
    );
    assert.deepEqual(summary(twins), ['added c', 'added d', 'removed a', 'removed b'], 'two identical stores: no guess');
  });

  it('pairs the designs of a Markdown doc by system, so reordering options is not a change', () => {
    const option = (system: string, n: number) =>
      `\`\`\`cap-yaml\nsystem: ${system}\ndatastores:\n  s: {replicas: ${n}, replication: consensus}\n\`\`\`\n`;
    const before = `# ADR\n\n${option('redis-option', 3)}\n${option('etcd-option', 3)}`;
    const after = `# ADR\n\n${option('etcd-option', 5)}\n${option('redis-option', 3)}`;
    const diffs = diffDesignLists(markdown(before), markdown(after));
    assert.deepEqual(
      diffs.map((d) => [d.system, d.status, summary(d)]),
      [
        ['etcd-option', 'changed', ['changed s']],
        ['redis-option', 'unchanged', []],
      ],
    );
  });
});
