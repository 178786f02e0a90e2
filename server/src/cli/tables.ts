// Plain-text and Markdown tables for `explain`, `report`, `rules`, `simulate` and `staleness`: columns sized to
// their widest cell (in code points, so ≤ and ✓ count as one), the last column left ragged so long sentences do
// not pad.

export function textTable(headers: readonly string[], rows: readonly (readonly string[])[], indent = ''): string {
  const widths = headers.map((h, i) => Math.max(len(h), ...rows.map((r) => len(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    indent +
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + ' '.repeat(widths[i] - len(cell))))
      .join('  ')
      .trimEnd();
  // The ragged last column is underlined as wide as its header, not as its longest sentence.
  const rule = widths.map((w, i) => '─'.repeat(i === widths.length - 1 ? len(headers[i]) : w));
  return `${[line(headers), line(rule), ...rows.map(line)].join('\n')}\n`;
}

/**
 * A GitHub Markdown table. Cells are Markdown already (design text escaped by the caller); a `|` the
 * caller left unescaped, as in a code span, is escaped here so it cannot end the cell.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeCell).join(' | ')} |`;
  return `${[line(headers), `|${headers.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n')}\n`;
}

function escapeCell(cell: string): string {
  return cell.replace(/(^|[^\\])\|/g, '$1\\|').replace(/\r?\n/g, ' ');
}

function len(s: string): number {
  return [...s].length;
}
