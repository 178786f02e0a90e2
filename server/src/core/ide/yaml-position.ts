// Where an offset sits in the YAML, found from the text alone by indentation (and within one-line flow
// maps): the key path above it, and whether it is on a key or a value. Hover and completion use this so
// they answer in microseconds on large files instead of re-parsing.

import type { Span } from '../model/design';

export interface YamlPosition {
  /** Keys from the root down to the key on this line (or the parent of a new key being typed). */
  path: string[];
  /** The key on this line, if the line has one. */
  key?: string;
  keySpan?: Span;
  /** The scalar value written after `key:` on the same line, if any. */
  value?: string;
  valueSpan?: Span;
  /** The offset is on the key text, on the value text, or on an empty place where a key may go. */
  on: 'key' | 'value' | 'new-key' | 'other';
  /** Indentation of the line (or of the cursor on a blank line). */
  indent: number;
}

interface LineInfo {
  start: number;
  /** End of the line's content, before its line break. */
  end: number;
  /** Start of the next line (after `\n`, `\r\n` or a lone `\r`), or the text's length on the last line. */
  next: number;
  indent: number;
  content: string;
}

const LF = 10;
const CR = 13;

/**
 * The line holding `offset`. Line breaks are `\n`, `\r\n` and a lone `\r`, as in YAML and in the editor's own
 * line numbering; `offset` is never between the two characters of `\r\n` (editors keep positions before it).
 */
function lineAt(text: string, offset: number): LineInfo {
  let start = Math.min(offset, text.length);
  while (start > 0) {
    const ch = text.charCodeAt(start - 1);
    if (ch === LF || ch === CR) break;
    start--;
  }
  let end = start;
  while (end < text.length) {
    const ch = text.charCodeAt(end);
    if (ch === LF || ch === CR) break;
    end++;
  }
  const next =
    end >= text.length ? text.length : text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? end + 2 : end + 1;
  const raw = text.slice(start, end);
  const indent = raw.length - raw.trimStart().length;
  return { start, end, next, indent, content: raw.slice(indent) };
}

/** The line before the one starting at `lineStart`, if any. */
function previousLine(text: string, lineStart: number): LineInfo | undefined {
  if (lineStart <= 0) return undefined;
  // Step back over the previous line's break (`\r\n` counts once).
  let pos = lineStart - 1;
  if (text.charCodeAt(pos) === LF && pos > 0 && text.charCodeAt(pos - 1) === CR) pos--;
  return lineAt(text, pos);
}

interface KeyMatch {
  /** Length of a `- ` list-item prefix (0 when none). */
  dash: number;
  key: string;
  /** Length of the prefix, the key, spaces and the colon. */
  length: number;
}

const isKeyStart = (ch: number) => (ch >= 48 && ch <= 57) || (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122) || ch === 95;
/** Characters a block key cannot hold: `:#{}[],`. */
const KEY_STOP = new Set([58, 35, 123, 125, 91, 93, 44]);

/**
 * A `key:` (optionally after `- `) at the start of a line's content: the key starts with a letter, digit or
 * `_`, holds none of `:#{}[],`, and its colon ends the line or is followed by a space. A single scan, so a
 * line of any length costs its length (a backtracking pattern here took seconds on long runs of spaces).
 */
function matchKey(content: string): KeyMatch | undefined {
  let i = 0;
  let dash = 0;
  if (content.charCodeAt(0) === 45 && content.charCodeAt(1) === 32) {
    i = 1;
    while (content.charCodeAt(i) === 32) i++;
    dash = i;
  }
  if (!isKeyStart(content.charCodeAt(i))) return undefined;
  let j = i + 1;
  while (j < content.length && !KEY_STOP.has(content.charCodeAt(j))) j++;
  if (content.charCodeAt(j) !== 58 || (j + 1 < content.length && content.charCodeAt(j + 1) !== 32)) return undefined;
  let keyEnd = j;
  while (keyEnd > i && content.charCodeAt(keyEnd - 1) === 32) keyEnd--;
  return { dash, key: content.slice(i, keyEnd), length: j + 1 };
}

/** `text` without a trailing ` # comment` (a `#` after whitespace starts one), found in one pass. */
function withoutComment(text: string): string {
  for (let k = 1; k < text.length; k++) {
    if (text.charCodeAt(k) !== 35 || !/\s/.test(text[k - 1])) continue;
    let cut = k - 1;
    while (cut > 0 && /\s/.test(text[cut - 1])) cut--;
    return text.slice(0, cut);
  }
  return text;
}

/**
 * Keys of the ancestors of a line with the given indentation, nearest last. List items add no key: on
 * `- name: x`, a line indented as far as `name` is another key of the same item, and one indented further is
 * under `name`.
 */
function ancestors(text: string, lineStart: number, indent: number): string[] {
  const path: string[] = [];
  let want = indent;
  for (let line = previousLine(text, lineStart); line && want > 0; line = previousLine(text, line.start)) {
    if (line.content === '' || line.content.startsWith('#')) continue;
    if (line.indent >= want) continue;
    const m = matchKey(line.content);
    const dash = line.content.startsWith('- ');
    if (m && want > line.indent + m.dash) path.unshift(m.key);
    else if (!m && !dash) break;
    want = line.indent;
  }
  return path;
}

export function yamlPositionAt(text: string, offset: number): YamlPosition {
  const line = lineAt(text, offset);
  const column = offset - line.start;
  if (line.content === '' || (column <= line.indent && !matchKey(line.content))) {
    const indent = line.content === '' ? column : line.indent;
    return { path: ancestors(text, line.start, indent), on: 'new-key', indent };
  }
  const m = matchKey(line.content);
  const parents = ancestors(text, line.start, line.indent);
  if (!m) {
    // A list item's first key being typed (`- dur`, or `- ` alone).
    const item = /^-( +)([A-Za-z0-9_-]*) *$/.exec(line.content);
    const keyColumn = line.indent + 1 + (item?.[1].length ?? 0);
    if (item && column >= keyColumn) {
      const keySpan = { start: line.start + keyColumn, end: line.start + keyColumn + item[2].length };
      return {
        path: parents,
        on: 'new-key',
        indent: keyColumn,
        key: item[2] || undefined,
        keySpan: item[2] ? keySpan : undefined,
      };
    }
    // A partial key being typed (`  repl`), or a list item.
    const word = /^[A-Za-z0-9_-]*$/.test(line.content.trim()) ? line.content.trim() : undefined;
    if (word !== undefined)
      return {
        path: parents,
        on: 'new-key',
        indent: line.indent,
        key: word,
        keySpan: { start: line.start + line.indent, end: line.end },
      };
    return { path: parents, on: 'other', indent: line.indent };
  }
  const dash = m.dash;
  const keyStart = line.start + line.indent + dash;
  const keySpan = { start: keyStart, end: keyStart + m.key.length };
  const key = m.key;
  const afterColon = line.start + line.indent + m.length;
  const rest = text.slice(afterColon, line.end);
  const valueText = withoutComment(rest);
  const lead = valueText.length - valueText.trimStart().length;
  const value = valueText.trim();
  const valueSpan = { start: afterColon + lead, end: afterColon + lead + value.length };
  const path = [...parents, key];
  if (offset <= keySpan.end) return { path, key, keySpan, on: 'key', indent: line.indent + dash };
  if (value.startsWith('{') && offset > valueSpan.start) return flowPosition(text, path, valueSpan, offset, line.indent + dash);
  return {
    path,
    key,
    keySpan,
    value: value === '' ? undefined : unquote(value),
    valueSpan,
    on: 'value',
    indent: line.indent + dash,
  };
}

/** Inside a one-line flow map such as `placement: {us-east: 3, eu-west: 2}`. */
function flowPosition(text: string, path: string[], valueSpan: Span, offset: number, indent: number): YamlPosition {
  const body = text.slice(valueSpan.start, valueSpan.end);
  const rel = offset - valueSpan.start;
  let segStart = body.lastIndexOf(',', rel - 1);
  segStart = Math.max(segStart, body.lastIndexOf('{', rel - 1)) + 1;
  let segEnd = body.slice(rel).search(/[,}]/);
  segEnd = segEnd < 0 ? body.length : rel + segEnd;
  const seg = body.slice(segStart, segEnd);
  const colon = seg.indexOf(':');
  const keyRaw = colon < 0 ? seg : seg.slice(0, colon);
  const keyLead = keyRaw.length - keyRaw.trimStart().length;
  const key = keyRaw.trim();
  const keySpan = { start: valueSpan.start + segStart + keyLead, end: valueSpan.start + segStart + keyLead + key.length };
  if (colon < 0 || rel <= segStart + colon) return { path, key: key || undefined, keySpan, on: key ? 'key' : 'new-key', indent };
  const valRaw = seg.slice(colon + 1);
  const valLead = valRaw.length - valRaw.trimStart().length;
  const value = valRaw.trim();
  const vStart = valueSpan.start + segStart + colon + 1 + valLead;
  return {
    path: [...path, key],
    key,
    keySpan,
    value: value || undefined,
    valueSpan: { start: vStart, end: vStart + value.length },
    on: 'value',
    indent,
  };
}

function unquote(v: string): string {
  return /^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v;
}

/** Columns taken by a list item's `- ` (the dash and the spaces after it); 0 on a line that is not an item. */
function dashWidth(content: string): number {
  if (content.charCodeAt(0) !== 45 || content.charCodeAt(1) !== 32) return 0;
  let i = 1;
  while (content.charCodeAt(i) === 32) i++;
  return i;
}

/**
 * Keys already written directly under the block that contains a line of the given indentation. In a list item
 * the block starts at the item's `- ` (whose key, if any, is one of the block's), so other items do not count.
 */
export function siblingKeys(text: string, offset: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const keyAt = (line: LineInfo) => {
    const m = matchKey(line.content);
    if (m && line.indent + m.dash === indent) keys.add(m.key);
  };
  const opensItem = (line: LineInfo) => dashWidth(line.content) > 0 && line.indent + dashWidth(line.content) === indent;
  const skip = (line: LineInfo) => line.content === '' || line.content.startsWith('#');
  const here = lineAt(text, offset);
  if (!opensItem(here)) {
    for (let line = previousLine(text, here.start); line; line = previousLine(text, line.start)) {
      if (skip(line)) continue;
      if (opensItem(line)) keyAt(line);
      if (opensItem(line) || line.indent < indent) break;
      if (line.indent === indent) keyAt(line);
    }
  }
  // Each step starts after the previous line's break, so `\r\n` and a lone `\r` always move forward.
  for (let pos = here.next; pos < text.length; ) {
    const line = lineAt(text, pos);
    if (!skip(line)) {
      if (line.indent < indent) break;
      if (line.indent === indent) keyAt(line);
    }
    pos = line.next;
  }
  return keys;
}
