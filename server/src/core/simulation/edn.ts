// A small EDN reader: enough of Clojure's data notation to read Jepsen histories (maps, vectors, lists, sets,
// keywords, numbers, strings, nil, booleans, tagged literals). It reports errors with line and column instead
// of throwing, and can resume at the next line so one bad entry does not lose the rest of a history.
// Integers are exact: beyond 2^53 − 1 they are BigInts, never rounded doubles (edn-format.org: integers
// have arbitrary precision; Jepsen writes Clojure longs and BigInts).

import { LineIndex } from '../text/lines';

export class Keyword {
  constructor(readonly name: string) {}
  toString(): string {
    return `:${this.name}`;
  }
}

export type EdnValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Keyword
  | EdnValue[]
  | EdnMap
  | { set: EdnValue[] }
  | { symbol: string };
/** Keys are kept as their printed form (`:type`, `"x"`, `3`); Jepsen only uses keywords. */
export type EdnMap = Map<string, EdnValue>;

export interface EdnForm {
  value: EdnValue;
  line: number;
}

export interface EdnError {
  line: number;
  /** 1-based column (UTF-16 code units) of where the problem was found. */
  column: number;
  message: string;
}

class ReadError extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

const DELIMITERS = new Set(['{', '}', '[', ']', '(', ')', '"', ';']);
const MAX_DEPTH = 100;

export class EdnReader {
  private pos = 0;
  private readonly lines: LineIndex;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
  }

  /** 1-based column of an offset. */
  columnOf(pos: number): number {
    return this.lines.column(pos);
  }

  /** Offset of the next significant character (after whitespace, commas and comments). */
  offset(): number {
    this.skipSpace();
    return this.pos;
  }

  /** 1-based line of an offset. */
  lineOf(pos: number): number {
    return this.lines.line(pos);
  }

  atEnd(): boolean {
    this.skipSpace();
    return this.pos >= this.text.length;
  }

  /** Peek at the next significant character. */
  peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  /** Consume one character (after whitespace); used to step into a top-level vector. */
  consume(): void {
    this.skipSpace();
    this.pos++;
  }

  /** Read one form, or an error after which reading resumes at the next line. */
  readForm(): { ok: true; form: EdnForm } | { ok: false; error: EdnError } {
    this.skipSpace();
    const start = this.pos;
    try {
      const value = this.read();
      return { ok: true, form: { value, line: this.lineOf(start) } };
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      // Histories hold one entry per line, so resume on the line after the one where the broken form began:
      // an unclosed map then costs one entry, not the rest of the file.
      const startLine = this.lineOf(start);
      const errorLine = this.lineOf(e.pos);
      this.pos = this.lines.nextLineStart(startLine);
      if (errorLine === startLine)
        return { ok: false, error: { line: startLine, column: this.columnOf(e.pos), message: e.message } };
      return {
        ok: false,
        error: { line: startLine, column: this.columnOf(start), message: `${e.message} (in the entry that starts on this line)` },
      };
    }
  }

  /** Read the one form that starts exactly at `pos` (a field of a log line), without resuming on error. */
  readFormAt(pos: number): { ok: true; value: EdnValue; end: number } | { ok: false; pos: number; message: string } {
    this.pos = pos;
    try {
      const value = this.read();
      return { ok: true, value, end: this.pos };
    } catch (e) {
      if (!(e instanceof ReadError)) throw e;
      return { ok: false, pos: e.pos, message: e.message };
    }
  }

  private skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',') this.pos++;
      else if (c === ';') while (this.pos < t.length && t[this.pos] !== '\n') this.pos++;
      else break;
    }
  }

  /** Nesting depth of the form being read: bounded so hostile input cannot overflow the stack. */
  private depth = 0;

  private read(): EdnValue {
    if (this.depth >= MAX_DEPTH) throw new ReadError(`nested more than ${MAX_DEPTH} levels deep`, this.pos);
    this.depth++;
    try {
      return this.readInner();
    } finally {
      this.depth--;
    }
  }

  private readInner(): EdnValue {
    this.skipSpace();
    const t = this.text;
    if (this.pos >= t.length) throw new ReadError('unexpected end of input', this.pos);
    const c = t[this.pos];
    switch (c) {
      case '{': {
        this.pos++;
        const map: EdnMap = new Map();
        for (;;) {
          this.skipSpace();
          if (t[this.pos] === '}') {
            this.pos++;
            return map;
          }
          if (this.pos >= t.length) throw new ReadError("unclosed '{'", this.pos);
          const key = this.read();
          this.skipSpace();
          if (t[this.pos] === '}') throw new ReadError(`map key ${printEdn(key)} has no value`, this.pos);
          map.set(printEdn(key), this.read());
        }
      }
      case '[':
      case '(': {
        const close = c === '[' ? ']' : ')';
        this.pos++;
        return this.readSeq(close);
      }
      case '#': {
        const next = t[this.pos + 1];
        if (next === '{') {
          this.pos += 2;
          return { set: this.readSeq('}') };
        }
        if (next === '_') {
          this.pos += 2;
          this.read(); // discarded form
          return this.read();
        }
        // A tagged literal (#inst "...", #jepsen.history.Op{...}): keep the value, drop the tag.
        this.pos++;
        this.token();
        return this.read();
      }
      case '"':
        return this.readString();
      case '}':
      case ']':
      case ')':
        throw new ReadError(`unexpected '${c}'`, this.pos);
      default: {
        const start = this.pos;
        const tok = this.token();
        if (tok === 'nil') return null;
        if (tok === 'true') return true;
        if (tok === 'false') return false;
        if (tok.startsWith(':')) {
          if (tok.length === 1) throw new ReadError("a keyword needs a name after ':'", start);
          return new Keyword(tok.slice(1));
        }
        if (isDigit(tok.charCodeAt(0)) || ((tok[0] === '-' || tok[0] === '+') && isDigit(tok.charCodeAt(1))))
          return readNumber(tok, start);
        return { symbol: tok };
      }
    }
  }

  private readSeq(close: string): EdnValue[] {
    const out: EdnValue[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return out;
      }
      if (this.pos >= this.text.length) throw new ReadError(`unclosed sequence, expected '${close}'`, this.pos);
      out.push(this.read());
    }
  }

  private readString(): string {
    const t = this.text;
    const start = this.pos++;
    let s = '';
    while (this.pos < t.length && t[this.pos] !== '"') {
      if (t[this.pos] === '\\') {
        const e = t[++this.pos];
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(this.pos + 1, this.pos + 5))) {
          // Clojure prints non-printable characters as \uXXXX.
          s += String.fromCharCode(parseInt(t.slice(this.pos + 1, this.pos + 5), 16));
          this.pos += 5;
          continue;
        }
        s += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e === 'b' ? '\b' : e === 'f' ? '\f' : e;
        this.pos++;
      } else s += t[this.pos++];
    }
    if (this.pos >= t.length) throw new ReadError('unclosed string', start);
    this.pos++;
    return s;
  }

  private token(): string {
    const t = this.text;
    const start = this.pos;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || DELIMITERS.has(c)) break;
      this.pos++;
    }
    if (this.pos === start) throw new ReadError(`unexpected '${t[start]}'`, start);
    return t.slice(start, this.pos);
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** An EDN integer (optionally with the `N` suffix) exactly, as a number when safe and a BigInt otherwise; floats as numbers. */
function readNumber(tok: string, start: number): number | bigint {
  const integer = /^[-+]?\d+N?$/.test(tok);
  if (integer) {
    const digits = tok.endsWith('N') ? tok.slice(0, -1) : tok;
    if (digits.length <= 16) {
      const n = Number(digits);
      if (Number.isSafeInteger(n)) return n;
    }
    const big = BigInt(digits.startsWith('+') ? digits.slice(1) : digits);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
  }
  const m = /^[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?M?$/.exec(tok);
  if (!m) throw new ReadError(`malformed number '${tok}'`, start);
  return Number(tok.endsWith('M') ? tok.slice(0, -1) : tok);
}

/** The printed form of an EDN value, as Clojure's `pr-str` would write it (used for map keys and messages). */
export function printEdn(v: EdnValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v !== 'object') return String(v);
  if (v instanceof Keyword) return v.toString();
  if (Array.isArray(v)) return `[${v.map(printEdn).join(' ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${k} ${printEdn(x)}`).join(', ')}}`;
  if ('set' in v) return `#{${v.set.map(printEdn).join(' ')}}`;
  return v.symbol;
}
