// The pure pieces under the CLI: the `.caplens.yaml` parser (shared with the language server) and the glob
// matcher, tested in-process on the edge cases end-to-end tests would make slow.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig, parseRuleOverride } from '../../server/src/core/analysis/config';
import { globToRegExp, splitGlob } from '../../server/src/node/glob';

describe('parseConfig', () => {
  it('reads rule severities, with warn and false (YAML 1.1 habits) accepted', () => {
    const { overrides, problems } = parseConfig(
      'rules:\n  even-replica-majority: false\n  lww-drops-writes: warn\n  schema: ERROR\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(overrides, { 'even-replica-majority': 'off', 'lww-drops-writes': 'warning', schema: 'error' });
  });

  it('accepts an empty file or an empty rules map', () => {
    for (const text of ['', '# nothing\n', 'rules:\n', 'rules: {}\n'])
      assert.deepEqual(parseConfig(text), { overrides: {}, problems: [] });
  });

  it('locates every problem and keeps the valid entries', () => {
    const text = 'rulez: {}\nrules:\n  schema: off\n  nope: error\n  yaml-syntax: [1]\n';
    const { overrides, problems } = parseConfig(text);
    assert.deepEqual(overrides, { schema: 'off' });
    assert.deepEqual(
      problems.map((p) => [text.slice(p.span.start, p.span.end), p.message]),
      [
        ['rulez', "Unknown key 'rulez'. Did you mean 'rules'? A CAP Lens config has only 'rules:'."],
        ['nope', "Unknown rule 'nope'."],
        ['[1]', "'yaml-syntax': severity a list or map is not one of error, warning, info, off."],
      ],
    );
  });

  it('reports broken YAML and a config that is not a map', () => {
    assert.equal(parseConfig('rules: [\n').problems.length > 0, true);
    assert.match(parseConfig('- rules\n').problems[0].message, /a map with a `rules:` key/);
  });

  it('parses --rule values', () => {
    assert.deepEqual(parseRuleOverride('schema=off'), { rule: 'schema', severity: 'off' });
    assert.deepEqual(parseRuleOverride('schema:warning'), { rule: 'schema', severity: 'warning' });
    assert.match((parseRuleOverride('schema') as { message: string }).message, /write name=severity/);
  });
});

describe('glob matching', () => {
  const matches = (pattern: string, path: string) => globToRegExp(pattern).test(path);
  it('* and ? stay within one folder; ** spans any number, including none', () => {
    assert.ok(matches('*.cap.yaml', 'a.cap.yaml'));
    assert.ok(!matches('*.cap.yaml', 'x/a.cap.yaml'));
    assert.ok(matches('?.cap.yaml', 'a.cap.yaml') && !matches('?.cap.yaml', 'ab.cap.yaml'));
    assert.ok(matches('**/*.cap.yaml', 'a.cap.yaml'));
    assert.ok(matches('**/*.cap.yaml', 'x/y/a.cap.yaml'));
    assert.ok(matches('x/**/a.cap.yaml', 'x/a.cap.yaml'));
    assert.ok(matches('x/**', 'x/y/z'));
    assert.ok(!matches('x/**/a.cap.yaml', 'y/a.cap.yaml'));
  });

  it('takes every other character literally', () => {
    assert.ok(!matches('a.cap.yaml', 'abcapxyaml'));
    assert.ok(matches('(v1)+[x].cap.yaml', '(v1)+[x].cap.yaml'));
  });

  it('splits a pattern into the folder to walk and the part to match', () => {
    assert.deepEqual(splitGlob('designs/**/*.cap.yaml'), { base: 'designs', rest: '**/*.cap.yaml' });
    assert.deepEqual(splitGlob('*.cap.yaml'), { base: '.', rest: '*.cap.yaml' });
    assert.deepEqual(splitGlob('/abs/x/*.yaml'), { base: '/abs/x', rest: '*.yaml' });
  });
});
