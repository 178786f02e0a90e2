// Golden tests: every sample and fixture with its expected findings, written as the file's own lines with
// carets under each finding, the rule, severity, message and quick fixes. A missing snapshot is written on
// the first run outside CI; UPDATE_GOLDEN=1 rewrites them all after a deliberate change.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeFull, rateFindings } from '../../server/src/core/analysis/analyze';
import { ROOT } from '../support/lsp-client';

function designsIn(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? designsIn(join(dir, e.name)) : e.name.endsWith('.cap.yaml') ? [join(dir, e.name)] : []));
}

/** One block per finding: the source line, carets under the span, then what was reported. */
export function renderFindings(text: string): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const findings = rateFindings(analyzeFull(text).findings);
  if (findings.length === 0) return 'no findings\n';
  return findings
    .map((f) => {
      const line = lineOf(f.span.start);
      const col = f.span.start - lineStarts[line];
      const source = text.slice(lineStarts[line], (lineStarts[line + 1] ?? text.length + 1) - 1).replace(/\r$/, '');
      const width = Math.max(1, Math.min(f.span.end, lineStarts[line] + source.length) - f.span.start);
      const out = [`${f.severity} ${f.rule} at ${line + 1}:${col + 1}`, `  | ${source.length > 160 ? source.slice(0, 160) + '…' : source}`, `  | ${' '.repeat(Math.min(col, 160))}${'^'.repeat(Math.min(width, 80))}`, `  = ${f.message}`];
      for (const r of f.related) out.push(`  - related ${lineOf(r.span.start) + 1}:${r.span.start - lineStarts[lineOf(r.span.start)] + 1}: ${r.message}`);
      for (const fix of f.fixes) out.push(`  - fix${fix.preferred ? ' (preferred)' : ''}: ${fix.title}`);
      return out.join('\n');
    })
    .join('\n\n') + '\n';
}

describe('golden diagnostics', () => {
  const files = [...designsIn(join(ROOT, 'samples')), ...designsIn(join(__dirname, 'fixtures'))];
  for (const file of files) {
    const name = relative(ROOT, file);
    it(name, () => {
      const actual = renderFindings(readFileSync(file, 'utf8'));
      const expectedPath = join(__dirname, 'expected', `${name.replace(/[\\/]/g, '__')}.txt`);
      if (process.env.UPDATE_GOLDEN === '1' || (!existsSync(expectedPath) && !process.env.CI)) writeFileSync(expectedPath, actual);
      assert.ok(existsSync(expectedPath), `missing snapshot ${basename(expectedPath)}: run the test locally once`);
      assert.equal(actual, readFileSync(expectedPath, 'utf8'));
    });
  }
});
