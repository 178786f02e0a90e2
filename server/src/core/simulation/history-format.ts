// Reading Jepsen histories from text (no file access: the caller supplies the text), in every form Jepsen and
// the checkers around it write:
//   - log lines, `INFO  jepsen.util - 3	:invoke	:cas	[4 1]`, as jepsen.log holds them (any logger prefix
//     ending in `jepsen.util - ` or `jepsen.util: `), and the bare lines of history.txt, `3	:ok	:read	nil`;
//   - EDN operation maps, `{:type :invoke, :f :write, :value 3, :process 0, :time …}`, one per line (Jepsen's
//     history.edn, Porcupine's kv files), inside a vector `[…]` or a list `(…)` (Knossos), or tagged
//     (`#jepsen.history.Op{…}`).
// Invocations and completions are paired per process into operations whose times are event positions: the
// order is all a checker needs. What is skipped (nemesis and other non-client processes) is counted, not lost
// silently. Values are kept as read (exact integers, keywords such as `:timed-out`); the models decide what
// they mean. Never throws on bad input.

import { LineIndex } from '../text/lines';
import { EdnReader, Keyword, printEdn, type EdnMap, type EdnValue } from './edn';
import { keywordName, OP_TYPES, readLogLine, type OpType } from './log-line';
import type { Outcome } from './types';

export interface HistoryParseError {
  /** 1-based line of the offending text. */
  line: number;
  /** 1-based column, when known. */
  column?: number;
  message: string;
}

/** One operation of a parsed history: invocation and completion folded together. */
export interface HistoryOp {
  /** Position in the history (0-based, in invocation order). */
  id: number;
  process: number;
  /** The function as written, without the colon (`read`, `cas`, `get`, `append`, …). */
  f: string;
  /** A `:key` field of the EDN maps, printed (`"0"`, `7`). Independent tuples are the models' business. */
  key?: string;
  /** The value of the invocation, and of the completion (absent when the completion had none). */
  invokeValue: EdnValue;
  completeValue?: EdnValue;
  /** Event positions. For `info` the position where the outcome became unknown; open ones end the history. */
  invoke: number;
  complete: number;
  outcome: Outcome;
  /** 1-based lines of the invocation and of the completion (absent when never completed). */
  line: number;
  completeLine?: number;
  /** The completion's error (Jepsen's `:error`, or what trails a log line), as written. */
  error?: string;
}

export interface ParsedHistory {
  ops: HistoryOp[];
  errors: HistoryParseError[];
  /** What was read but is not a client operation, e.g. "12 nemesis operations (:start, :stop)". */
  skipped: string[];
  format: 'log' | 'edn' | 'empty';
  /** Processes that ran client operations. */
  processes: number;
}

interface Event {
  type: OpType;
  process: number;
  f: string;
  value: EdnValue;
  hasValue: boolean;
  key?: string;
  error?: string;
  line: number;
}

/** Tally of what a history holds besides client operations. */
class Skipped {
  private readonly byProcess = new Map<string, { count: number; fs: Set<string> }>();
  add(process: string, f: EdnValue | undefined): void {
    let entry = this.byProcess.get(process);
    if (!entry) this.byProcess.set(process, (entry = { count: 0, fs: new Set() }));
    entry.count++;
    if (entry.fs.size < 6 && f !== undefined) entry.fs.add(printEdn(f));
  }
  notes(): string[] {
    return [...this.byProcess].map(
      ([p, { count, fs }]) =>
        `${count} event${count === 1 ? '' : 's'} of process ${p}${fs.size ? ` (${[...fs].join(', ')})` : ''}: not a client, not checked`,
    );
  }
}

/** Guess the format from the first significant character: an EDN form opens with `{`, `[`, `(` or `#`. */
export function parseJepsenHistory(text: string): ParsedHistory {
  const first = firstSignificant(text);
  if (first === undefined) return { ops: [], errors: [], skipped: [], format: 'empty', processes: 0 };
  return first === '{' || first === '[' || first === '(' || first === '#' ? parseJepsenEdn(text) : parseJepsenLog(text);
}

/** The first character that is not whitespace or inside a `;` comment line. */
function firstSignificant(text: string): string | undefined {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ';') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl + 1;
    } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',' || c === '\uFEFF') i++;
    else return c;
  }
  return undefined;
}

export function parseJepsenLog(text: string): ParsedHistory {
  const events: Event[] = [];
  const errors: HistoryParseError[] = [];
  const skipped = new Skipped();
  // Lines end at CRLF, LF or a lone CR, as the EDN reader and editors count them.
  const lines = new LineIndex(text);
  for (let line = 1; line <= lines.lineCount; line++) {
    const raw = lines.lineText(line);
    if (raw.length === 0) continue;
    const r = readLogLine(raw);
    if (r.kind === 'other') continue;
    if (r.kind === 'error') {
      errors.push({ line, column: r.column, message: r.message });
      continue;
    }
    const { op } = r;
    if (typeof op.process === 'string') {
      skipped.add(op.process, op.f);
      continue;
    }
    if (typeof op.process === 'bigint') {
      errors.push({ line, column: op.column, message: `process ${op.process} is too large` });
      continue;
    }
    const f = keywordName(op.f);
    if (f === undefined) {
      errors.push({ line, message: `the operation function must be a keyword such as :read, found ${printEdn(op.f)}` });
      continue;
    }
    events.push({
      type: op.type,
      process: op.process,
      f,
      value: op.value ?? null,
      hasValue: op.value !== undefined,
      error: op.error,
      line,
    });
  }
  return { ...pair(events, errors), skipped: skipped.notes(), format: 'log' };
}

export function parseJepsenEdn(text: string): ParsedHistory {
  const reader = new EdnReader(text);
  const events: Event[] = [];
  const errors: HistoryParseError[] = [];
  const skipped = new Skipped();
  const take = (value: EdnValue, line: number) => {
    const e = eventFromEdn(value, line, skipped);
    if (e === undefined) return;
    if ('message' in e) errors.push(e);
    else events.push(e);
  };
  // A history printed as one vector `[{...} {...}]` or list `({...} ...)`, or bare maps one after another.
  let close: string | undefined;
  const opener = reader.peek();
  if (opener === '[' || opener === '(') {
    reader.consume();
    close = opener === '[' ? ']' : ')';
  }
  while (!reader.atEnd()) {
    if (close && reader.peek() === close) {
      reader.consume();
      close = undefined;
      continue;
    }
    const at = reader.offset();
    const r = reader.readForm();
    if (r.ok) take(r.form.value, r.form.line);
    else errors.push(r.error);
    if (!r.ok && reader.offset() <= at) break; // cannot happen (errors resume on the next line); never spin
  }
  if (close)
    errors.push({
      line: reader.lineOf(text.length),
      message: `the history ${close === ']' ? 'vector' : 'list'} is not closed with '${close}'`,
    });
  return { ...pair(events, errors), skipped: skipped.notes(), format: 'edn' };
}

/** An EDN op map as an event; undefined for entries to skip (non-client processes), an error for malformed ones. */
function eventFromEdn(value: EdnValue, line: number, skipped: Skipped): Event | HistoryParseError | undefined {
  if (!(value instanceof Map))
    return { line, message: 'expected an operation map like {:type :invoke, :f :read, :value nil, :process 0}' };
  const m = value as EdnMap;
  const processValue = m.get(':process');
  if (processValue instanceof Keyword || typeof processValue === 'string') {
    skipped.add(printEdn(processValue), m.get(':f'));
    return undefined;
  }
  const type = keywordName(m.get(':type'));
  if (!type || !(OP_TYPES as readonly string[]).includes(type))
    return {
      line,
      message: `:type must be :invoke, :ok, :fail or :info (found ${m.has(':type') ? printEdn(m.get(':type')!) : 'none'})`,
    };
  if (typeof processValue !== 'number' || !Number.isSafeInteger(processValue))
    return {
      line,
      message: `:process must be an integer (found ${processValue === undefined ? 'none' : printEdn(processValue)})`,
    };
  const f = keywordName(m.get(':f'));
  if (f === undefined)
    return { line, message: `:f must be a keyword such as :read (found ${m.has(':f') ? printEdn(m.get(':f')!) : 'none'})` };
  const event: Event = {
    type: type as OpType,
    process: processValue,
    f,
    value: m.get(':value') ?? null,
    hasValue: m.has(':value'),
    line,
  };
  if (m.has(':key')) event.key = printEdn(m.get(':key')!);
  const error = m.get(':error');
  if (error !== undefined && error !== null) event.error = printEdn(error);
  return event;
}

/**
 * Pair invocations with completions per process. Times are event positions. An invocation never completed
 * is `info` (Jepsen's reading: it may have happened). Problems are reported, never thrown.
 */
function pair(
  events: Event[],
  errors: HistoryParseError[],
): { ops: HistoryOp[]; errors: HistoryParseError[]; processes: number } {
  const open = new Map<number, HistoryOp>();
  const ops: HistoryOp[] = [];
  const processes = new Set<number>();
  for (let position = 0; position < events.length; position++) {
    const e = events[position];
    if (e.type === 'invoke') {
      const prior = open.get(e.process);
      if (prior) {
        errors.push({
          line: e.line,
          message: `process ${e.process} invokes again while its :${prior.f} from line ${prior.line} has not completed`,
        });
        prior.complete = position;
      }
      const op: HistoryOp = {
        id: ops.length,
        process: e.process,
        f: e.f,
        invokeValue: e.value,
        invoke: position,
        complete: NaN,
        outcome: 'info',
        line: e.line,
      };
      if (e.key !== undefined) op.key = e.key;
      ops.push(op);
      processes.add(e.process);
      open.set(e.process, op);
      continue;
    }
    const op = open.get(e.process);
    if (!op) {
      errors.push({ line: e.line, message: `:${e.type} for process ${e.process} without a matching :invoke` });
      continue;
    }
    open.delete(e.process);
    if (op.f !== e.f)
      errors.push({ line: e.line, message: `process ${e.process} completes :${e.f} but invoked :${op.f} on line ${op.line}` });
    if (e.key !== op.key)
      errors.push({
        line: e.line,
        message: `process ${e.process} completes on :key ${e.key ?? 'nil'} but invoked on :key ${op.key ?? 'nil'} (line ${op.line})`,
      });
    op.complete = position;
    op.outcome = e.type as Outcome;
    op.completeLine = e.line;
    if (e.hasValue) op.completeValue = e.value;
    if (e.error !== undefined) op.error = e.error;
  }
  for (const op of open.values()) op.complete = events.length;
  return { ops, errors, processes: processes.size };
}
