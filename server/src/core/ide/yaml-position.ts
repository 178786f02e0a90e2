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

const KEY_LINE = /^(- +)?([A-Za-z0-9_][^:#{}[\],]*?)[ ]*:(?=[ ]|$)/;

interface LineInfo {
  start: number;
  end: number;
  indent: number;
  content: string;
}

function lineAt(text: string, offset: number): LineInfo {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  const raw = text.slice(start, end).replace(/\r$/, '');
  const indent = raw.length - raw.trimStart().length;
  return { start, end: start + raw.length, indent, content: raw.slice(indent) };
}

/** Keys of the ancestors of a line with the given indentation, nearest last. */
function ancestors(text: string, lineStart: number, indent: number): string[] {
  const path: string[] = [];
  let want = indent;
  let pos = lineStart - 1;
  while (pos > 0 && want > 0) {
    const start = text.lastIndexOf('\n', pos - 1) + 1;
    const raw = text.slice(start, pos).replace(/\r$/, '');
    pos = start - 1;
    const lineIndent = raw.length - raw.trimStart().length;
    const content = raw.slice(lineIndent);
    if (content === '' || content.startsWith('#')) continue;
    if (lineIndent >= want) continue;
    const m = KEY_LINE.exec(content);
    const dash = content.startsWith('- ');
    if (m) path.unshift(m[2]);
    else if (!dash) break;
    want = lineIndent;
    if (pos < 0) break;
  }
  return path;
}

export function yamlPositionAt(text: string, offset: number): YamlPosition {
  const line = lineAt(text, offset);
  const column = offset - line.start;
  if (line.content === '' || (column <= line.indent && !KEY_LINE.test(line.content))) {
    const indent = line.content === '' ? column : line.indent;
    return { path: ancestors(text, line.start, indent), on: 'new-key', indent };
  }
  const m = KEY_LINE.exec(line.content);
  const parents = ancestors(text, line.start, line.indent);
  if (!m) {
    // A partial key being typed (`  repl`), or a list item.
    const word = /^[A-Za-z0-9_-]*$/.test(line.content.trim()) ? line.content.trim() : undefined;
    if (word !== undefined) return { path: parents, on: 'new-key', indent: line.indent, key: word, keySpan: { start: line.start + line.indent, end: line.end } };
    return { path: parents, on: 'other', indent: line.indent };
  }
  const dash = m[1]?.length ?? 0;
  const keyStart = line.start + line.indent + dash;
  const keySpan = { start: keyStart, end: keyStart + m[2].length };
  const key = m[2];
  const afterColon = line.start + line.indent + m[0].length;
  const rest = text.slice(afterColon, line.end);
  const valueText = rest.replace(/\s+#.*$/, '');
  const lead = valueText.length - valueText.trimStart().length;
  const value = valueText.trim();
  const valueSpan = { start: afterColon + lead, end: afterColon + lead + value.length };
  const path = [...parents, key];
  if (offset <= keySpan.end) return { path, key, keySpan, on: 'key', indent: line.indent + dash };
  if (value.startsWith('{') && offset > valueSpan.start) return flowPosition(text, path, valueSpan, offset, line.indent + dash);
  return { path, key, keySpan, value: value === '' ? undefined : unquote(value), valueSpan, on: 'value', indent: line.indent + dash };
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
  return { path: [...path, key], key, keySpan, value: value || undefined, valueSpan: { start: vStart, end: vStart + value.length }, on: 'value', indent };
}

function unquote(v: string): string {
  return /^(['"]).*\1$/.test(v) ? v.slice(1, -1) : v;
}

/** Keys already written directly under the block that contains a line of the given indentation. */
export function siblingKeys(text: string, offset: number, indent: number): Set<string> {
  const keys = new Set<string>();
  const scan = (from: number, step: 1 | -1) => {
    let pos = from;
    while (pos >= 0 && pos <= text.length) {
      const line = lineAt(text, pos);
      if (line.content !== '' && !line.content.startsWith('#')) {
        if (line.indent < indent) break;
        if (line.indent === indent) {
          const m = KEY_LINE.exec(line.content);
          if (m) keys.add(m[2]);
        }
      }
      if (step === 1) {
        if (line.end >= text.length) break;
        pos = line.end + 1;
      } else {
        if (line.start === 0) break;
        pos = line.start - 1;
      }
    }
  };
  const here = lineAt(text, offset);
  if (here.start > 0) scan(here.start - 1, -1);
  if (here.end < text.length) scan(here.end + 1, 1);
  return keys;
}
