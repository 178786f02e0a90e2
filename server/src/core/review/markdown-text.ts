// Text from a design written into Markdown (review cards, the diff's pull-request comment): shown as written,
// never applied as markup, and never as HTML.

/**
 * Text from a design as inline Markdown, never at the start of a line: emphasis, code, links, table pipes and
 * strike-through are escaped, HTML too; what only acts at a line start (`#`, `>`, `-`, `+`) cannot act here.
 */
export function markdownText(s: string): string {
  return s
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\r?\n|\r/g, ' ');
}

/** A code span that holds any text, backticks included (CommonMark: a longer fence of backticks, padded). */
export function markdownCode(s: string): string {
  const flat = s.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${flat} ${fence}` : `${fence}${flat}${fence}`;
}

/** A GFM table; a pipe in a cell is escaped even inside a code span, as GFM requires. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/(?<!\\)\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)];
}
