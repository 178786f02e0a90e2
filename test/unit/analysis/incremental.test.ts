// The incremental analysis must equal a full check after every edit: random edits of every sample and of
// a generated design, including edits that break the YAML, duplicate entries or move text around.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFull, IncrementalAnalyzer, type AnalysisResult } from '../../../server/src/core/analysis/analyze';
import { generateDesign, generateEngineDesign } from '../../support/generate';
import { ROOT } from '../../support/lsp-client';
import { pick, seededRandom } from '../../support/random';

const normal = (r: AnalysisResult) =>
  JSON.stringify(
    {
      findings: r.findings,
      design: r.design,
      facts: [...r.analyses].map(([k, a]) => [k, a.facts, a.verdicts]),
      broken: r.syntaxBroken,
    },
    (_k, v) => (v instanceof Map ? [...v] : v),
  );

const SNIPPETS = [
  '\n',
  ' ',
  '  ',
  '#',
  ':',
  '-',
  'x',
  '1',
  '{',
  '}',
  '"',
  "'",
  '&a ',
  '*a',
  '\n  extra:\n    replicas: 2\n',
  'majority',
  'consensus',
  '\t',
];

function randomEdit(text: string, rand: () => number): string {
  const at = Math.floor(rand() * (text.length + 1));
  const kind = rand();
  if (kind < 0.35) return text.slice(0, at) + pick(rand, SNIPPETS) + text.slice(at);
  if (kind < 0.6) return text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(rand() * 3)));
  if (kind < 0.75) {
    // Duplicate or delete a whole line.
    const start = text.lastIndexOf('\n', at - 1) + 1;
    const end = text.indexOf('\n', at);
    const line = text.slice(start, end < 0 ? text.length : end + 1);
    return rand() < 0.5
      ? text.slice(0, start) + line + text.slice(start)
      : text.slice(0, start) + text.slice(start + line.length);
  }
  if (kind < 0.9) {
    // Retype a digit, as when editing a quorum.
    const digits = [...text.matchAll(/\d/g)];
    if (digits.length === 0) return text;
    const d = pick(rand, digits).index!;
    return text.slice(0, d) + String(Math.floor(rand() * 7)) + text.slice(d + 1);
  }
  // Move a chunk of text elsewhere.
  const len = Math.floor(rand() * 40);
  const piece = text.slice(at, at + len);
  const rest = text.slice(0, at) + text.slice(at + len);
  const to = Math.floor(rand() * (rest.length + 1));
  return rest.slice(0, to) + piece + rest.slice(to);
}

describe('incremental analysis', () => {
  const samples = readdirSync(join(ROOT, 'samples'))
    .filter((f) => f.endsWith('.cap.yaml'))
    .map((f) => [f, readFileSync(join(ROOT, 'samples', f), 'utf8')] as const);

  for (const [name, original] of samples) {
    it(`equals a full check after 300 random edits of ${name}`, () => {
      const rand = seededRandom(name.length * 7919);
      const analyzer = new IncrementalAnalyzer();
      let text = original;
      for (let i = 0; i < 300; i++) {
        // Mostly small edits on top of each other, sometimes a fresh start from the sample.
        text = rand() < 0.1 ? original : randomEdit(text, rand);
        assert.equal(normal(analyzer.analyze(text)), normal(analyzeFull(text)), `after edit ${i}:\n${text}`);
      }
    });
  }

  it('equals a full check on structural variants the chunker must refuse or handle', () => {
    const variants = [
      'system: s\ndatastores: {kv: {replicas: 3, claims: {cap: CA}}}\ncomponents: {c: {uses: {kv: strong}}}\n',
      'system: s\ndatastores:   # the stores\n  kv:\n    replicas: 3\n# a comment at column 0\n  kw:\n    replicas: 2\n',
      'system: s\ndatastores:\n  kv: &base\n    replicas: 3\n  kw: *base\n',
      'system: s\ndatastores:\n  kv:\n    replicas: 3\n    why: |\n      line one\n\n      line two\n',
      'system: s\ndatastores:\n  kv:\n    replicas: 3\n  kv:\n    replicas: 4\n',
      'system: s\r\ndatastores:\r\n  kv:\r\n    replicas: 3\r\n    claims: {cap: CA}\r\n',
      '\ufeffsystem: s\ndatastores:\n  kv:\n    replicas: 3\n',
      'system: s\ndatastores:\n- kv\n',
      'system: s\ndatastores:\n  "kv":\n    replicas: 3\n',
    ];
    for (const text of variants) assert.equal(normal(new IncrementalAnalyzer().analyze(text)), normal(analyzeFull(text)), text);
  });

  it('equals a full check on a generated 200-datastore design, re-parsing only what changed', () => {
    const rand = seededRandom(42);
    const analyzer = new IncrementalAnalyzer();
    const original = generateDesign(200);
    analyzer.analyze(original);
    let incremental = 0;
    for (let i = 0; i < 60; i++) {
      // Each edit starts from the original, so one broken edit does not spoil the rest of the run.
      const text = randomEdit(original, rand);
      const result = analyzer.analyze(text);
      if (analyzer.lastMode === 'incremental') {
        incremental++;
        assert.ok(analyzer.lastReparsed <= 3, `re-parsed ${analyzer.lastReparsed} chunks for one edit`);
      }
      assert.equal(normal(result), normal(analyzeFull(text)), `after edit ${i}`);
    }
    assert.ok(incremental > 20, `most edits are served incrementally (${incremental}/60)`);
  });

  /** The unchanged ends the language server reports for an edit: at most the common prefix and suffix. */
  const unchangedEnds = (before: string, after: string, rand: () => number) => {
    let prefix = 0;
    while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
    let suffix = 0;
    while (
      suffix < before.length - prefix &&
      suffix < after.length - prefix &&
      before[before.length - 1 - suffix] === after[after.length - 1 - suffix]
    )
      suffix++;
    // The server knows the edit's range, which may reach further than what actually changed.
    return { prefix: Math.floor(prefix * (rand() < 0.3 ? rand() : 1)), suffix: Math.floor(suffix * (rand() < 0.3 ? rand() : 1)) };
  };

  for (const [shape, make] of [
    ['every datastore on Cassandra, half over-claiming', () => generateEngineDesign(120, 'cassandra')],
    ['every engine, half over-claiming', () => generateEngineDesign(120, 'mixed')],
  ] as const) {
    it(`equals a full check on the hard shape (${shape}), with and without the edits' unchanged ends`, () => {
      const rand = seededRandom(shape.length);
      const original = make();
      const hinted = new IncrementalAnalyzer();
      const plain = new IncrementalAnalyzer();
      let text = original;
      hinted.analyze(text);
      plain.analyze(text);
      let reused = 0;
      for (let i = 0; i < 150; i++) {
        const next = rand() < 0.05 ? original : randomEdit(text, rand);
        const full = normal(analyzeFull(next));
        assert.equal(normal(hinted.analyze(next, unchangedEnds(text, next, rand))), full, `hinted, after edit ${i}`);
        if (hinted.lastMode === 'incremental' && hinted.lastReparsed <= 2) reused++;
        assert.equal(normal(plain.analyze(next)), full, `after edit ${i}`);
        text = next;
      }
      assert.ok(reused > 15, `edits served incrementally from the unchanged ends (${reused}/150)`);
    });
  }
});
