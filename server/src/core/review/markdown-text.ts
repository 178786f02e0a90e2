// Text from a design written into Markdown (review cards, the diff's pull-request comment): shown as written,
// never applied as markup, and never as HTML.

// One Markdown escaping for every sink (hovers, reports, explain, review cards, diffs): text/escape-markdown.
export { codeSpan as markdownCode, escapeMarkdownEverywhere as markdownText } from '../text/escape-markdown';

/** A GFM table; a pipe in a cell is escaped even inside a code span, as GFM requires. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/(?<!\\)\|/g, '\\|')).join(' | ')} |`;
  return [line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)];
}
