// Design fences in Markdown: the fenced code blocks that hold a CAP Lens design, found with CommonMark's fence
// rules (https://spec.commonmark.org/0.31.2/#fenced-code-blocks) by a line scan, so a Markdown file without a
// design costs one pass over its text. Pure: no Markdown library, no platform API.
//
// A fence is a design fence when its info string's first word is `cap-yaml`, or when it is `yaml`/`yml` and its
// first line is the comment `# cap-lens`. The second form keeps GitHub's YAML highlighting (GitHub knows no
// `cap-yaml`). Nothing is guessed from the keys: a `yaml` fence holding `system:` and `datastores:` is often an
// illustration (a language reference, a deliberately wrong example in a tutorial), and ordinary YAML (a
// Kubernetes manifest, a CI file) must never be checked, so a fence is a design only when it says so.

import type { Span } from '../model/design';

/** How a fence was recognised as a design. */
export type FenceMarker = 'cap-yaml' | 'cap-lens-comment';

/** A key at the top level of a fence's YAML (at the fence's own indentation). */
export interface TopKey {
  name: string;
  span: Span;
  /** The whole line, without its line break: what is blanked when the key continues a section. */
  line: Span;
  /** Nothing but spaces or a comment after the colon: the key opens a block (a map or a list below it). */
  block: boolean;
}

export interface DesignFence {
  /** The opening fence, from its first backtick or tilde to the end of its line (line break excluded). */
  open: Span;
  /** The YAML: from the first line after the opening fence to the start of the closing fence's line (or the end of the text). */
  content: Span;
  /** The closing fence line, when the fence is closed (CommonMark runs an unclosed fence to the end of the document). */
  close?: Span;
  /** 0-based line of the opening fence, as markdown-it's `token.map[0]`. */
  line: number;
  /** Spaces before the opening fence; CommonMark removes up to this many from each content line. */
  indent: number;
  marker: FenceMarker;
  /** Top-level keys, in order. */
  keys: TopKey[];
}

const OPENER = /^( *)(`{3,}|~{3,})(.*)$/;
const TOP_KEY = /^(["']?)([A-Za-z_][A-Za-z0-9_-]*)\1[ \t]*:(?=[ \t]|$)(.*)$/;
const LIST_ITEM = /^ *(?:[-+*]|\d{1,9}[.)]) +\S/;
const CAP_LENS_COMMENT = /^#\s*cap-lens\b/i;

interface Line {
  start: number;
  /** End of the line's text, before `\r\n`, `\n` or `\r`. */
  end: number;
  /** Start of the next line. */
  next: number;
}

/** The lines of `text` (offsets only), splitting at `\r\n`, `\n` and a lone `\r` as LSP does. */
function* lines(text: string): Generator<Line> {
  let start = 0;
  const length = text.length;
  while (start < length) {
    let end = start;
    while (end < length) {
      const c = text.charCodeAt(end);
      if (c === 10 || c === 13) break;
      end++;
    }
    let next = end;
    if (next < length) next += text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10 ? 2 : 1;
    yield { start, end, next };
    start = next;
  }
}

/** True when `markdown` may hold a fence at all: the cheap test that keeps fence-free Markdown free. */
export function mayHoldFences(markdown: string): boolean {
  return markdown.includes('```') || markdown.includes('~~~');
}

interface OpenFence {
  char: string;
  length: number;
  indent: number;
  language: string;
  open: Span;
  line: number;
  contentStart: number;
}

/**
 * Every design fence of a Markdown text, in document order. Fences of other languages are skipped whole (a
 * ```` ```cap-yaml ```` shown inside a ```` ````markdown ```` example is not a design), as are HTML comments.
 */
export function findDesignFences(markdown: string): DesignFence[] {
  if (!mayHoldFences(markdown)) return [];
  const out: DesignFence[] = [];
  let fence: OpenFence | undefined;
  let inComment = false;
  let lineNo = -1;
  /** The last non-blank line outside fences: a list item there lets a more indented fence belong to it. */
  let lastText: { listContent?: number } | undefined;
  for (const l of lines(markdown)) {
    lineNo++;
    const text = markdown.slice(l.start, l.end);
    if (fence) {
      const m = OPENER.exec(text);
      if (m && m[2][0] === fence.char && m[2].length >= fence.length && m[3].trim() === '' && m[1].length <= fence.indent + 3) {
        finish(markdown, fence, { start: l.start, end: l.end }, l.start, out);
        fence = undefined;
      }
      continue;
    }
    if (inComment) {
      if (text.includes('-->')) inComment = false;
      continue;
    }
    if (text.trim() === '') continue;
    const m = OPENER.exec(text);
    const indent = m ? m[1].length : 0;
    if (m && !(m[2][0] === '`' && m[3].includes('`')) && (indent <= 3 || belongsToListItem(indent, lastText))) {
      fence = {
        char: m[2][0],
        length: m[2].length,
        indent,
        language: m[3].trim().split(/\s+/)[0].toLowerCase(),
        open: { start: l.start + indent, end: l.end },
        line: lineNo,
        contentStart: l.next,
      };
      continue;
    }
    const trimmed = text.trimStart();
    if (trimmed.startsWith('<!--') && !trimmed.includes('-->', 4)) inComment = true;
    const item = LIST_ITEM.exec(text);
    // A list item's content starts at its first character after the marker and its spaces.
    lastText = { listContent: item ? item[0].length - 1 : undefined };
  }
  if (fence) finish(markdown, fence, undefined, markdown.length, out);
  return out;
}

/** A fence indented 4 or more spaces is code inside a list item only when it starts at that item's content column (or up to 3 further). */
function belongsToListItem(indent: number, last: { listContent?: number } | undefined): boolean {
  return last?.listContent !== undefined && indent >= last.listContent && indent <= last.listContent + 3;
}

function finish(markdown: string, f: OpenFence, close: Span | undefined, contentEnd: number, out: DesignFence[]): void {
  const language = f.language;
  if (language !== 'cap-yaml' && language !== 'yaml' && language !== 'yml') return;
  const content: Span = { start: Math.min(f.contentStart, contentEnd), end: contentEnd };
  const keys: TopKey[] = [];
  let firstLine: string | undefined;
  for (const l of lines(markdown.slice(content.start, content.end))) {
    const raw = markdown.slice(content.start + l.start, content.start + l.end);
    // CommonMark removes up to the fence's indentation from each content line.
    let cut = 0;
    while (cut < f.indent && raw.charCodeAt(cut) === 32) cut++;
    const text = raw.slice(cut);
    if (firstLine === undefined && text.trim() !== '') firstLine = text.trim();
    const m = TOP_KEY.exec(text);
    if (m) {
      const at = content.start + l.start + cut + m[1].length;
      const rest = m[3].trim();
      keys.push({
        name: m[2],
        span: { start: at, end: at + m[2].length },
        line: { start: content.start + l.start, end: content.start + l.end },
        block: rest === '' || rest.startsWith('#'),
      });
    }
  }
  let marker: FenceMarker | undefined;
  if (language === 'cap-yaml') marker = 'cap-yaml';
  else if (firstLine !== undefined && CAP_LENS_COMMENT.test(firstLine)) marker = 'cap-lens-comment';
  if (!marker) return;
  out.push({ open: f.open, content, close, line: f.line, indent: f.indent, marker, keys });
}
