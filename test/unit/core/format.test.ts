// The one way each kind of figure is printed (percentages, milliseconds, durations) and the one offset-to-line
// lookup, which every surface uses: rule messages, the command line, the simulator panel, the golden tests.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { duration, milliseconds, percent } from '../../../server/src/core/text/format';
import { LineIndex } from '../../../server/src/core/text/lines';

describe('percent', () => {
  it('reads at a glance by default: one decimal below 10%, none from there', () => {
    assert.deepEqual(
      [0, 0.0004, 0.012, 0.0999, 0.1, 0.667, 1].map((p) => percent(p)),
      ['0%', '<0.1%', '1.2%', '10.0%', '10%', '67%', '100%'],
    );
  });

  it('with fixed decimals, exactly 0 and 1 stay whole and a tiny share is never printed as zero', () => {
    assert.deepEqual(
      [0, 0.00004, 0.5, 0.9945, 1].map((p) => percent(p, 2)),
      ['0%', '<0.01%', '50.00%', '99.45%', '100%'],
    );
    assert.deepEqual(
      [0.004, 0.5].map((p) => percent(p, 0)),
      ['<1%', '50%'],
    );
    assert.equal(percent(Number.NaN), '–');
  });
});

describe('milliseconds', () => {
  it('two decimals below 10 ms, then the decimals asked for', () => {
    assert.deepEqual(
      [0, 0.534, 5.126, 12.34, 2068.46].map((t) => milliseconds(t)),
      ['0 ms', '0.53 ms', '5.13 ms', '12.3 ms', '2068.5 ms'],
    );
    assert.deepEqual(
      [5.126, 2068.45].map((t) => milliseconds(t, 0)),
      ['5.13 ms', '2068 ms'],
    );
    assert.equal(milliseconds(Number.POSITIVE_INFINITY), '–');
  });
});

describe('duration', () => {
  it('milliseconds below a second, then seconds, minutes and hours; a whole number of its unit has no decimals', () => {
    assert.deepEqual([850, 1000, 1380, 5000.4, 15_000, 12_550, 60_000, 90_000, 86_400_000].map(duration), [
      '850 ms',
      '1 s',
      '1.38 s',
      '5.00 s',
      '15 s',
      '12.6 s',
      '1 min',
      '1.5 min',
      '24 h',
    ]);
  });
});

describe('LineIndex', () => {
  it('counts lines as editors do: \\n, \\r\\n and a lone \\r each end one', () => {
    const lines = new LineIndex('a\nbb\r\nccc\rd');
    assert.deepEqual(
      [0, 2, 3, 5, 6, 9, 10].map((o) => [lines.line(o), lines.column(o)]),
      [
        [1, 1],
        [2, 1],
        [2, 2],
        [2, 4],
        [3, 1],
        [3, 4],
        [4, 1],
      ],
    );
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => lines.lineText(n)),
      ['a', 'bb', 'ccc', 'd'],
    );
    assert.equal(lines.lineCount, 4);
    assert.equal(lines.nextLineStart(3), 10);
    assert.equal(lines.nextLineStart(4), 11);
  });
});
