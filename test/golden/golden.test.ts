// Golden tests: every sample and fixture with its expected findings, written as the file's own lines with
// carets under each finding, the rule, severity, message and quick fixes. A missing snapshot is written on
// the first run outside CI; UPDATE_GOLDEN=1 rewrites them all after a deliberate change.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFull, rateFindings } from '../../server/src/core/analysis/analyze';
import { LineIndex } from '../../server/src/core/text/lines';
import { ROOT } from '../support/lsp-client';

function designsIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? designsIn(join(dir, e.name)) : e.name.endsWith('.cap.yaml') ? [join(dir, e.name)] : [],
  );
}

/** One block per finding: the source line, carets under the span, then what was reported. */
function renderFindings(text: string): string {
  const lines = new LineIndex(text);
  const findings = rateFindings(analyzeFull(text).findings);
  if (findings.length === 0) return 'no findings\n';
  return `${findings
    .map((f) => {
      const line = lines.line(f.span.start);
      const col = lines.column(f.span.start);
      const source = lines.lineText(line);
      const width = Math.max(1, Math.min(f.span.end, lines.lineStart(line) + source.length) - f.span.start);
      const out = [
        `${f.severity} ${f.rule} at ${line}:${col}`,
        `  | ${source.length > 160 ? `${source.slice(0, 160)}…` : source}`,
        `  | ${' '.repeat(Math.min(col - 1, 160))}${'^'.repeat(Math.min(width, 80))}`,
        `  = ${f.message}`,
      ];
      for (const r of f.related) out.push(`  - related ${lines.line(r.span.start)}:${lines.column(r.span.start)}: ${r.message}`);
      for (const fix of f.fixes) out.push(`  - fix${fix.preferred ? ' (preferred)' : ''}: ${fix.title}`);
      return out.join('\n');
    })
    .join('\n\n')}\n`;
}

describe('golden diagnostics', () => {
  const files = [...designsIn(join(ROOT, 'samples')), ...designsIn(join(__dirname, 'fixtures'))];
  for (const file of files) {
    const name = relative(ROOT, file);
    it(name, () => {
      const actual = renderFindings(readFileSync(file, 'utf8'));
      const expectedPath = join(__dirname, 'expected', `${name.replace(/[\\/]/g, '__')}.txt`);
      if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(expectedPath) && !process.env.CI))
        writeFileSync(expectedPath, actual);
      assert.ok(existsSync(expectedPath), `missing snapshot ${basename(expectedPath)}: run the test locally once`);
      assert.equal(actual, readFileSync(expectedPath, 'utf8'));
    });
  }
});
