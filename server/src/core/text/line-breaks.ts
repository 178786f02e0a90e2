// Where a quick fix puts a new line, and with which line break: the file's own (`\r\n`, `\n` or a lone `\r`).
// A bare `\n` in a CRLF file is normalised away by VS Code but kept by Neovim and Helix, leaving mixed endings.

/** The file's line break: its first one, or `\n` when it has none. */
export function lineBreakOf(text: string): string {
  const i = text.search(/[\r\n]/);
  if (i < 0) return '\n';
  return text[i] === '\r' && text[i + 1] === '\n' ? '\r\n' : text[i];
}

/** Where a new line starts after the line holding `offset` (before that line's break), and the break to write first. */
export function afterLine(text: string, offset: number): { at: number; eol: string } {
  for (let i = offset; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') return { at: i, eol: '\n' };
    if (ch === '\r') return { at: i, eol: text[i + 1] === '\n' ? '\r\n' : '\r' };
  }
  return { at: text.length, eol: lineBreakOf(text) };
}

/** Whether a line of `body` writes `key:` at exactly `indent` (a key the model may have dropped for its value). */
export function hasKeyAt(body: string, indent: string, key: string): boolean {
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (!line.startsWith(indent + key)) continue;
    const rest = line.slice(indent.length + key.length);
    if (/^[ \t]*:(?:[ \t]|$)/.test(rest)) return true;
  }
  return false;
}
