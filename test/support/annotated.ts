// Designs with their expected findings written under the line they point at, as YAML comments, so a test
// reads like the file it checks (rust-analyzer's and pyright's inline annotations):
//
//     tolerates: 4
//   #            ^ tolerance-claim-contradicted: It tolerates 1.
//
// Each marker line is `#`, spaces, carets under the text the finding must cover exactly, the rule, and
// optionally `:` and a fragment its message must contain. Every finding of the design must be marked.

import assert from 'node:assert/strict';
import { analyzeFull, type AnalysisResult } from '../../server/src/core/analysis/analyze';
import type { Finding } from '../../server/src/core/rules/findings';

const MARKER = /^(\s*#\s*)(\^+)\s+([a-z-]+)(?::\s*(.*))?$/;

interface Expected {
  rule: string;
  start: number;
  end: number;
  fragment?: string;
  line: number;
}

/** The design's expected findings from its markers (the markers stay in the text: they are comments). */
export function expectedFindings(text: string): Expected[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    starts.push(offset);
    offset += l.length + 1;
  }
  const out: Expected[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) {
      target = i;
      return;
    }
    assert.ok(target >= 0, `marker on line ${i + 1} has no line above it`);
    const column = m[1].length;
    out.push({
      rule: m[3],
      start: starts[target] + column,
      end: starts[target] + column + m[2].length,
      fragment: m[4]?.trim() || undefined,
      line: target + 1,
    });
  });
  return out;
}

function describe(text: string, f: Finding): string {
  return `${f.rule} '${text.slice(f.span.start, f.span.end)}' (line ${text.slice(0, f.span.start).split('\n').length}): ${f.message}`;
}

/**
 * Analyses `design` (a template literal; its common indentation is removed) and asserts its findings are
 * exactly the marked ones, each covering the marked text and containing the marked fragment.
 */
export function checkAnnotated(design: string): { text: string; result: AnalysisResult } {
  const text = dedent(design);
  const result = analyzeFull(text);
  const expected = expectedFindings(text);
  const unmatched = [...result.findings];
  const problems: string[] = [];
  for (const e of expected) {
    const i = unmatched.findIndex((f) => f.rule === e.rule && f.span.start === e.start && f.span.end === e.end);
    if (i < 0) {
      problems.push(`missing: ${e.rule} on '${text.slice(e.start, e.end)}' (line ${e.line})`);
      continue;
    }
    const [f] = unmatched.splice(i, 1);
    if (e.fragment && !f.message.includes(e.fragment))
      problems.push(`message of ${e.rule} on line ${e.line} lacks "${e.fragment}":\n    ${f.message}`);
  }
  for (const f of unmatched) problems.push(`unexpected: ${describe(text, f)}`);
  assert.ok(problems.length === 0, `${problems.join('\n')}\n--- design:\n${text}`);
  return { text, result };
}

function dedent(text: string): string {
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n\s*$/, '\n')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
