// The source line under a finding with carets beneath its span, as compilers print them. Columns are
// counted in code points for display so a line with emoji or accents still lines up.

import { terminalText } from '../../core/text/escape-terminal';
import type { Span } from '../../core/model/design';
import type { Colors } from '../io';
import type { SourceFile } from '../source';

/** Lines of a code frame: `  12 | text` and `     |    ^^^^`, indented by `indent`. */
export function codeFrame(source: SourceFile, span: Span, paint: (s: string) => string, c: Colors, indent = '    '): string[] {
  const start = source.position(span.start);
  const end = source.position(span.end);
  const raw = source.line(start.line);
  const lineText = expandTabs(raw);
  // Characters before the span and inside it on the first line, as they will be displayed.
  const before = expandTabs(raw.slice(0, start.column - 1));
  const endColumn = end.line === start.line ? end.column : raw.length + 1;
  const inside = expandTabs(raw.slice(start.column - 1, Math.max(start.column - 1, endColumn - 1)));
  const width = Math.max(1, [...inside].length);
  const gutter = String(start.line);
  const pad = ' '.repeat(gutter.length);
  const more = end.line > start.line ? c.dim(` (to ${end.line}:${end.column})`) : '';
  return [
    `${indent}${c.dim(`${gutter} |`)} ${lineText.trimEnd()}`,
    `${indent}${c.dim(`${pad} |`)} ${' '.repeat([...before].length)}${paint('^'.repeat(width))}${more}`,
  ];
}

/** Tabs as two spaces, and control characters shown (one character each, so the carets still line up). */
function expandTabs(s: string): string {
  return terminalText(s.replace(/\t/g, '  '));
}
