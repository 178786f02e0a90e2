// One line of a Jepsen log or history.txt, tokenised by hand (no backtracking regular expression, so a
// hostile line costs time proportional to its length). Jepsen prints an operation as
// `process TAB :type TAB (pr-str f) TAB (pr-str value) [TAB error]` (jepsen.util/op->str), either bare
// (history.txt) or after a logger prefix ending in `jepsen.util - ` or `jepsen.util: ` (jepsen.log).

import { EdnReader, Keyword, type EdnValue } from './edn';

export const OP_TYPES = ['invoke', 'ok', 'fail', 'info'] as const;
export type OpType = (typeof OP_TYPES)[number];

export interface LogOp {
  /** An integer process, or the keyword/symbol of a non-client process such as `:nemesis`. */
  process: number | bigint | string;
  type: OpType;
  f: EdnValue;
  /** Absent when the line ends after `f`. */
  value?: EdnValue;
  /** Whatever follows the value (Jepsen's `:error`), as written. */
  error?: string;
  /** 1-based column of the process field, for messages. */
  column: number;
}

export type LogLine = { kind: 'op'; op: LogOp } | { kind: 'error'; column: number; message: string } | { kind: 'other' };

const PREFIX = 'jepsen.util';

/**
 * Classify one line. Lines that name no operation type (`:invoke`, `:ok`, `:fail`, `:info` as a field) are
 * `other`: log files hold much besides operations. A line that names one but does not read as an operation
 * is an error with the column of the field that is wrong.
 */
export function readLogLine(line: string): LogLine {
  let pos = 0;
  const at = line.indexOf(PREFIX);
  if (at >= 0) {
    pos = skipBlanks(line, at + PREFIX.length);
    if (line[pos] === '-' || line[pos] === ':') pos++;
  }
  pos = skipBlanks(line, pos);
  if (!namesOpType(line, pos)) return { kind: 'other' };

  const processStart = pos;
  const processEnd = tokenEnd(line, pos);
  const processText = line.slice(processStart, processEnd);
  const process = readProcess(processText);
  if (process === undefined)
    return error(
      line,
      processStart,
      `expected a process (an integer, or :nemesis) before the operation type, found '${clip(processText)}'`,
    );
  pos = skipBlanks(line, processEnd);

  const typeEnd = tokenEnd(line, pos);
  const typeText = line.slice(pos, typeEnd);
  const type = typeText.startsWith(':') ? (typeText.slice(1) as OpType) : undefined;
  if (!type || !OP_TYPES.includes(type))
    return error(
      line,
      pos,
      `expected the operation type :invoke, :ok, :fail or :info after the process, found '${clip(typeText)}'`,
    );
  pos = skipBlanks(line, typeEnd);
  if (pos >= line.length) return error(line, pos, 'expected the operation function (:read, :write, …) after the type');

  let reader: EdnReader | undefined;
  /** One EDN form at `at`: plain tokens (keywords, nil, small integers: nearly every field) without the reader. */
  const form = (at: number) => {
    const end = tokenEnd(line, at);
    const simple = plainToken(line.slice(at, end));
    if (simple !== undefined) return { ok: true as const, value: simple, end };
    reader ??= new EdnReader(line);
    return reader.readFormAt(at);
  };
  const f = form(pos);
  if (!f.ok) return error(line, f.pos, `cannot read the operation function: ${f.message}`);
  pos = skipBlanks(line, f.end);
  const op: LogOp = { process, type, f: f.value, column: processStart + 1 };
  if (pos < line.length) {
    const value = form(pos);
    if (!value.ok) return error(line, value.pos, `cannot read the value: ${value.message}`);
    op.value = value.value;
    const rest = line.slice(value.end).trim();
    if (rest) op.error = rest;
  }
  return { kind: 'op', op };
}

/** `nil`, a keyword or a safe integer written plainly; undefined for anything the EDN reader must read. */
function plainToken(token: string): EdnValue | undefined {
  if (token === 'nil') return null;
  if (/^:[a-zA-Z][\w.*+!?-]*$/.test(token)) return new Keyword(token.slice(1));
  if (/^-?\d{1,15}$/.test(token)) return Number(token);
  return undefined;
}

function error(line: string, pos: number, message: string): LogLine {
  return { kind: 'error', column: Math.min(pos, line.length) + 1, message };
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function skipBlanks(line: string, pos: number): number {
  while (pos < line.length && (line[pos] === ' ' || line[pos] === '\t' || line[pos] === '\r')) pos++;
  return pos;
}

function tokenEnd(line: string, pos: number): number {
  while (pos < line.length && line[pos] !== ' ' && line[pos] !== '\t' && line[pos] !== '\r') pos++;
  return pos;
}

/** Does the text from `pos` have an op type as its second field? (One pass: the first field, then the second.) */
function namesOpType(line: string, pos: number): boolean {
  const second = skipBlanks(line, tokenEnd(line, pos));
  if (line[second] !== ':') return false;
  const end = tokenEnd(line, second);
  const word = line.slice(second + 1, end);
  return (OP_TYPES as readonly string[]).includes(word);
}

/** An integer process (exact), or the name of a non-client one (`:nemesis`); undefined when neither. */
function readProcess(text: string): number | bigint | string | undefined {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : BigInt(text);
  }
  if (/^:[^\s:][^\s]*$/.test(text)) return text;
  return undefined;
}

/** The keyword name of `f` (`:read` → `read`), or undefined when it is not a keyword. */
export function keywordName(v: EdnValue | undefined): string | undefined {
  return v instanceof Keyword ? v.name : undefined;
}
