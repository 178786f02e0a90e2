// Where an offset sits in a design, found from the text alone: every line ending (LF, CRLF, a lone CR, mixed),
// and lines of any length, give the same answer as the same design written with LF and short lines.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFull } from '../../../server/src/core/analysis/analyze';
import { completionsAt } from '../../../server/src/core/ide/completion';
import { hoverAt } from '../../../server/src/core/ide/hover';
import { siblingKeys, yamlPositionAt } from '../../../server/src/core/ide/yaml-position';

const design = ['system: s', 'datastores:', '  kv:', '    replicas: 3', '    ', '    claims:', '      cap: CP', ''];
const labels = (text: string, offset: number) => completionsAt(analyzeFull(text), text, offset).map((c) => c.label);

describe('line endings', () => {
  for (const [name, eol] of [
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['a lone CR', '\r'],
  ] as const) {
    it(`completes keys not yet written in a ${name} file`, () => {
      const text = design.join(eol);
      const at = text.indexOf(`    ${eol}    claims`) + 4;
      const offered = labels(text, at);
      assert.ok(offered.includes('read_quorum'), offered.join());
      assert.ok(!offered.includes('replicas') && !offered.includes('claims'), 'keys already written are not offered');
      assert.deepEqual([...siblingKeys(text, at, 4)].sort(), ['claims', 'replicas']);
    });
  }

  it('completes at the first character of a CRLF file (once a hang)', () => {
    const text = 'system: s\r\ndatastores: {}\r\n';
    assert.deepEqual(yamlPositionAt(text, 0).on, 'key');
    assert.ok(labels(text, 0).includes('regions'));
  });

  it('walks mixed line endings and a file ending in a lone CR', () => {
    const text = 'system: s\r\ndatastores:\n  kv:\r    replicas: 3\r\n    \r';
    const at = text.length - 1;
    assert.deepEqual(yamlPositionAt(text, at).path, ['datastores', 'kv']);
    assert.deepEqual([...siblingKeys(text, at, 4)], ['replicas']);
  });

  it('answers on binary junk without looping', () => {
    const junk = Array.from({ length: 3000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('');
    for (let offset = 0; offset <= junk.length; offset += 97) {
      completionsAt(analyzeFull(junk), junk, offset);
      yamlPositionAt(junk, offset);
    }
  });
});

describe('long runs of one character', () => {
  const run = ' '.repeat(60_000);
  it('reads a value that holds a long run of spaces, and its comment', () => {
    const text = `system: s\ndatastores:\n  kv:\n    replicas: 3\n    why: a${run}b   # note\n`;
    const pos = yamlPositionAt(text, text.indexOf('why') + 6);
    assert.equal(pos.key, 'why');
    assert.equal(pos.value, `a${run}b`);
    assert.match(hoverAt(analyzeFull(text), text, text.indexOf('why') + 1)?.markdown ?? '', /why/);
  });

  it('treats a keyless line of spaces as no key', () => {
    const text = `system: s\ndatastores:\n  kv:\n    a${run}b\n`;
    const at = text.indexOf('a ') + 30_000;
    assert.equal(yamlPositionAt(text, at).on, 'other');
    assert.deepEqual(labels(text, at), []);
  });

  it('still finds `key:` after a list dash and before a flow map', () => {
    const text = 'system: s\ndatastores:\n  kv:\n    placement: {east: 2, west: 1}\n';
    const pos = yamlPositionAt(text, text.indexOf('west') + 1);
    assert.deepEqual([pos.on, pos.key, pos.path], ['key', 'west', ['datastores', 'kv', 'placement']]);
    const item = yamlPositionAt('scenarios:\n  - name: x\n', 'scenarios:\n  - na'.length);
    assert.deepEqual([item.on, item.key, item.path], ['key', 'name', ['scenarios', 'name']]);
  });
});

describe('list items', () => {
  const text = [
    'scenarios:',
    '  - name: x',
    '    duration: 5s',
    '    partitions:',
    '      - at: 1s',
    '        heal: 2s',
    '      -   isolate: y',
    '  - name: z',
    '    seed: 1',
    '',
  ].join('\n');
  const offsetOf = (needle: string, delta = 0) => text.indexOf(needle) + delta;

  it("a key of an item is under the list, not under the item's first key", () => {
    assert.deepEqual(yamlPositionAt(text, offsetOf('duration', 1)).path, ['scenarios', 'duration']);
    assert.deepEqual(yamlPositionAt(text, offsetOf('heal', 1)).path, ['scenarios', 'partitions', 'heal']);
    assert.deepEqual(yamlPositionAt(text, offsetOf('at: 1s', 1)).path, ['scenarios', 'partitions', 'at']);
    assert.deepEqual(yamlPositionAt(text, offsetOf('isolate', 1)).path, ['scenarios', 'partitions', 'isolate']);
  });

  it("the keys already written (beside the line's own) are the item's, its first key included", () => {
    assert.deepEqual([...siblingKeys(text, offsetOf('    duration'), 4)].sort(), ['name', 'partitions']);
    assert.deepEqual([...siblingKeys(text, offsetOf('        heal'), 8)].sort(), ['at']);
    assert.deepEqual([...siblingKeys(text, offsetOf('    seed'), 4)].sort(), ['name']);
  });

  it('a key typed after a dash opens a new item', () => {
    const typed = 'scenarios:\n  - name: x\n  - dur';
    const pos = yamlPositionAt(typed, typed.length);
    assert.deepEqual([pos.on, pos.path, pos.key, pos.indent], ['new-key', ['scenarios'], 'dur', 4]);
    assert.deepEqual([...siblingKeys(typed, typed.length, 4)], []);
  });
});
