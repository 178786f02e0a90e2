// Guards that keep hostile input cheap: documents too large or too deeply nested get one clear finding
// instead of a parse that could exhaust memory or the stack.

import { finding, type Finding } from '../rules/findings';

export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
export const MAX_NESTING = 100;
/**
 * Block nesting, measured as the column where a line's content starts once its indentation and its compact
 * indicators (`- `, `? `, `: ` written one after another, as in `- - - x`) are skipped: every nested block
 * collection starts at least one column further right. The parser and the analysis recurse once per level,
 * and near the stack's end V8 can abort the whole process (a stack overflow while compiling a regular
 * expression is fatal), so no level count may come close: 400 columns is far beyond any real design.
 */
export const MAX_BLOCK_COLUMN = 400;

/**
 * The largest design the editor checks as you type. A design just opened is checked in full once (about 0.4 s
 * per MB on a quiet 2-core machine, while the first screenful's findings go out at once); after that an edit
 * re-checks only the entries it touched, so typing in the 5,000-datastore benchmark design (2.5 MB, every
 * datastore with an engine) costs about what it costs at 100. Past 3 MB even that one full check, and the
 * memory of the analysis, are more than an editor should carry; the command line checks up to
 * MAX_DOCUMENT_BYTES, where nothing waits on it.
 */
export const MAX_EDITOR_BYTES = 3 * 1024 * 1024;

/** One finding when `text` is longer than `maxBytes` characters or nested too deeply; undefined when it may be parsed. */
export function checkLimits(text: string, maxBytes = MAX_DOCUMENT_BYTES): Finding | undefined {
  if (text.length > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(n % (1024 * 1024) === 0 ? 0 : 1);
    const elsewhere =
      maxBytes < MAX_DOCUMENT_BYTES ? ` while you type (\`cap-lens check\` takes up to ${mb(MAX_DOCUMENT_BYTES)} MB)` : '';
    return finding(
      'yaml-syntax',
      { start: 0, end: Math.min(text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'), 200) },
      `This design is ${mb(text.length)} MB; CAP Lens checks designs up to ${mb(maxBytes)} MB${elsewhere}. Split it into several *.cap.yaml files.`,
    );
  }
  // Flow brackets and indentation both nest; count the deeper of the two cheaply.
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quote) {
      // An unterminated quote ends at the line end here; reporting it is the parser's job.
      if (ch === quote || ch === 10) quote = 0;
      continue;
    }
    if (ch === 91 || ch === 123) {
      if (++depth > MAX_NESTING) return nestingFinding(text, i);
    } else if (ch === 93 || ch === 125) {
      if (depth > 0) depth--;
    } else if (ch === 35 && (i === 0 || isSpace(text.charCodeAt(i - 1)))) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl - 1;
    } else if (ch === 34 || ch === 39) {
      const before = i === 0 ? 32 : text.charCodeAt(i - 1);
      if (isSpace(before) || before === 58 || before === 44 || before === 91 || before === 123 || before === 45) quote = ch;
    }
  }
  const deep = deepBlock(text);
  if (deep !== undefined) {
    return nestingFinding(
      text,
      deep,
      `Block nesting deeper than ${MAX_BLOCK_COLUMN} columns (indentation and \`- \`, \`? \` indicators): a design never needs this, and CAP Lens stops here rather than risk running out of stack.`,
    );
  }
  return undefined;
}

/** The offset where a line's content starts beyond MAX_BLOCK_COLUMN, if any line's does. */
function deepBlock(text: string): number | undefined {
  let i = 0;
  while (i < text.length) {
    const lineStart = i;
    for (;;) {
      while (i < text.length && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
      const ch = text.charCodeAt(i);
      // `-`, `?` or `:` followed by a space, a tab or the line's end is a block indicator.
      if ((ch === 45 || ch === 63 || ch === 58) && (i + 1 >= text.length || isSpace(text.charCodeAt(i + 1)))) i++;
      else break;
      if (i - lineStart > MAX_BLOCK_COLUMN) return i;
    }
    if (i - lineStart > MAX_BLOCK_COLUMN) return i;
    while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    i++;
  }
  return undefined;
}

function nestingFinding(
  text: string,
  at: number,
  message = `Nesting deeper than ${MAX_NESTING} levels: a design never needs this, and CAP Lens stops here rather than risk running out of stack.`,
): Finding {
  return finding('yaml-syntax', { start: at, end: Math.min(at + 1, text.length) }, message);
}

function isSpace(ch: number): boolean {
  return ch === 32 || ch === 10 || ch === 13 || ch === 9;
}
