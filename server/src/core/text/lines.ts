// Line numbers of offsets, as editors count them: lines end at `\r\n`, `\n` or a lone `\r` (LSP's rule), and
// columns count UTF-16 code units. The one offset-to-line lookup: the review card, the simulator panel's model,
// the EDN reader, the command line's code frames and the golden tests all print lines and columns with it.

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13) this.starts.push(i + 1);
    }
  }

  /** 1-based line of `offset`. */
  line(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /** 1-based column of `offset` in UTF-16 code units. */
  column(offset: number): number {
    return offset - this.starts[this.line(offset) - 1] + 1;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line] ?? this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  /** Offset where a 1-based line starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line - 1, this.starts.length - 1))];
  }

  /** Offset where the line after a 1-based line starts, or the text's end after the last line. */
  nextLineStart(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** How many lines the text has (a text ending in a line break has an empty last line, as in editors). */
  get lineCount(): number {
    return this.starts.length;
  }
}
