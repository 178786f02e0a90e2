// Reading Jepsen histories from text (no file access: the caller supplies the text). Two formats:
//   the log lines Jepsen writes, `INFO jepsen.util - 3	:invoke	:cas	[4 1]` (extra trailing fields ignored);
//   EDN operation maps, one per line or inside a vector: `{:type :invoke, :f :write, :value 3, :process 0}`.
// Invocations and completions are paired per process into `Operation`s whose times are event positions:
// the order is all a checker needs, and log lines carry no usable clock. Never throws on bad input.

import { EdnReader, Keyword, type EdnMap, type EdnValue } from './edn';
import type { CasArgument, OpFunction, Operation, Outcome, RegisterValue } from './types';

export interface HistoryParseError {
  /** 1-based line of the offending text. */
  line: number;
  message: string;
}

export interface ParsedHistory {
  history: Operation[];
  errors: HistoryParseError[];
  format: 'log' | 'edn' | 'empty';
}

type EventType = 'invoke' | Outcome;

/** One history event before pairing. `value` is already decoded; `key` is set for Jepsen's independent keys. */
interface Event {
  type: EventType;
  f: OpFunction;
  process: number;
  value: RegisterValue | CasArgument | undefined;
  key?: number;
  line: number;
}

const LOG_LINE = /^\s*(?:.*?jepsen\.util\s*[-:]\s*)?(\S+)\s+:(invoke|ok|fail|info)\s+:([\w-]+)(?:\s+(.*?))?\s*$/;

/** Guess the format: EDN when the first significant character opens a form, the log format otherwise. */
export function parseJepsenHistory(text: string): ParsedHistory {
  const first = /\S/.exec(text.replace(/^\s*;.*$/gm, ''))?.[0];
  if (first === undefined) return { history: [], errors: [], format: 'empty' };
  return first === '{' || first === '[' || first === '#' ? parseJepsenEdn(text) : parseJepsenLog(text);
}

export function parseJepsenLog(text: string): ParsedHistory {
  const events: Event[] = [];
  const errors: HistoryParseError[] = [];
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = k + 1;
    // Log files hold much besides operations; only lines naming an op type are ours.
    if (!/:(invoke|ok|fail|info)\b/.test(raw)) return;
    const m = LOG_LINE.exec(raw);
    if (!m) {
      if (/jepsen\.util/.test(raw)) errors.push({ line, message: 'expected `<process> :invoke|:ok|:fail|:info :read|:write|:cas <value>`' });
      return;
    }
    const [, processText, type, fText, rest] = m;
    if (processText === ':nemesis') return; // fault injection, not a client operation
    const process = Number(processText);
    const f = toFunction(fText);
    const valueText = leadingValue(rest ?? '');
    const value = parseLogValue(valueText);
    if (!Number.isInteger(process)) errors.push({ line, message: `process '${processText}' is not an integer` });
    else if (!f) errors.push({ line, message: `unsupported operation :${fText} (expected :read, :write or :cas)` });
    else if (value === INVALID) errors.push({ line, message: `cannot read value '${valueText}' (expected nil, an integer or [old new])` });
    else events.push({ type: type as EventType, f, process, value, line });
  });
  return { ...pair(events, errors), format: 'log' };
}

/** The first value of the rest of a log line: a bracketed vector or one token; later fields (errors) are ignored. */
function leadingValue(rest: string): string {
  const s = rest.trim();
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    return end >= 0 ? s.slice(0, end + 1) : s;
  }
  return s.split(/\s+/)[0] ?? '';
}

const INVALID = Symbol('invalid');

function parseLogValue(text: string): RegisterValue | CasArgument | undefined | typeof INVALID {
  if (text === '') return undefined;
  const scalar = (t: string): RegisterValue | typeof INVALID => (t === 'nil' ? null : /^-?\d+$/.test(t) ? Number(t) : INVALID);
  if (text.startsWith('[')) {
    const parts = text.replace(/^\[|\]$/g, '').trim().split(/[\s,]+/);
    if (parts.length !== 2) return INVALID;
    const a = scalar(parts[0]);
    const b = scalar(parts[1]);
    return a === INVALID || b === INVALID ? INVALID : [a, b];
  }
  return scalar(text);
}

function toFunction(name: string): OpFunction | undefined {
  return name === 'read' || name === 'write' || name === 'cas' ? name : undefined;
}

export function parseJepsenEdn(text: string): ParsedHistory {
  const reader = new EdnReader(text);
  const events: Event[] = [];
  const errors: HistoryParseError[] = [];
  const take = (value: EdnValue, line: number) => {
    const e = eventFromEdn(value, line);
    if (e === undefined) return;
    if ('message' in e) errors.push(e);
    else events.push(e);
  };
  // A history printed as one vector `[{...} {...}]`, or bare maps one after another.
  let inVector = false;
  if (reader.peek() === '[') {
    reader.consume();
    inVector = true;
  }
  while (!reader.atEnd()) {
    if (inVector && reader.peek() === ']') {
      reader.consume();
      inVector = false;
      continue;
    }
    const r = reader.readForm();
    if (r.ok) take(r.form.value, r.form.line);
    else errors.push(r.error);
  }
  if (inVector) errors.push({ line: reader.lineOf(text.length), message: "the history vector is not closed with ']'" });
  return { ...pair(events, errors), format: 'edn' };
}

function kw(v: EdnValue | undefined): string | undefined {
  return v instanceof Keyword ? v.name : undefined;
}

/** An EDN op map as an event; undefined for entries to skip (nemesis), an error for malformed ones. */
function eventFromEdn(value: EdnValue, line: number): Event | HistoryParseError | undefined {
  if (!(value instanceof Map)) return { line, message: 'expected an operation map like {:type :invoke, :f :read, :value nil, :process 0}' };
  const m = value as EdnMap;
  const processValue = m.get(':process');
  if (kw(processValue) === 'nemesis') return undefined;
  const type = kw(m.get(':type'));
  if (type !== 'invoke' && type !== 'ok' && type !== 'fail' && type !== 'info') return { line, message: ':type must be :invoke, :ok, :fail or :info' };
  if (typeof processValue !== 'number' || !Number.isInteger(processValue)) return { line, message: ':process must be an integer' };
  const fName = kw(m.get(':f'));
  const f = fName ? toFunction(fName) : undefined;
  if (!f) return { line, message: `unsupported :f ${fName ? ':' + fName : '(missing)'} (expected :read, :write or :cas)` };
  const decoded = decodeValue(f, m.get(':value') ?? null);
  if (decoded === INVALID) return { line, message: `cannot read :value for :${f} (expected nil, an integer, [old new] for cas, or [key value] for independent keys)` };
  return { type, f, process: processValue, value: decoded.value, key: decoded.key, line };
}

function decodeValue(f: OpFunction, v: EdnValue): { value: RegisterValue | CasArgument | undefined; key?: number } | typeof INVALID {
  const scalar = (x: EdnValue): RegisterValue | typeof INVALID => (x === null ? null : typeof x === 'number' && Number.isInteger(x) ? x : INVALID);
  const pairOf = (x: EdnValue): CasArgument | typeof INVALID => {
    if (!Array.isArray(x) || x.length !== 2) return INVALID;
    const a = scalar(x[0]);
    const b = scalar(x[1]);
    return a === INVALID || b === INVALID ? INVALID : [a, b];
  };
  if (f === 'cas') {
    const direct = pairOf(v);
    if (direct !== INVALID) {
      // [k [old new]] is Jepsen's independent form; [old new] the plain one.
      return { value: direct };
    }
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number') {
      const inner = pairOf(v[1]);
      return inner === INVALID ? INVALID : { value: inner, key: v[0] };
    }
    return INVALID;
  }
  if (Array.isArray(v)) {
    // Independent keys: [key value].
    if (v.length !== 2 || typeof v[0] !== 'number' || !Number.isInteger(v[0])) return INVALID;
    const inner = scalar(v[1]);
    return inner === INVALID ? INVALID : { value: inner, key: v[0] };
  }
  const s = scalar(v);
  return s === INVALID ? INVALID : { value: s };
}

/**
 * Pair invocations with completions per process. Times are event positions. An invocation never completed
 * is `info` (Jepsen's reading: it may have happened). Problems are reported, never thrown.
 */
function pair(events: Event[], errors: HistoryParseError[]): { history: Operation[]; errors: HistoryParseError[] } {
  const open = new Map<number, { op: Operation; line: number }>();
  const history: Operation[] = [];
  events.forEach((e, position) => {
    if (e.type === 'invoke') {
      const prior = open.get(e.process);
      if (prior) {
        errors.push({ line: e.line, message: `process ${e.process} invokes again while its operation from line ${prior.line} is open; treating that one as info` });
        prior.op.outcome = 'info';
        prior.op.complete = position;
      }
      if (e.f !== 'read' && e.value === undefined) errors.push({ line: e.line, message: `:${e.f} needs a value` });
      const op: Operation = { id: history.length, process: e.process, f: e.f, invoke: position, complete: NaN, outcome: 'info' };
      if (e.key !== undefined) op.key = e.key;
      if (e.f !== 'read') op.value = e.value;
      history.push(op);
      open.set(e.process, { op, line: e.line });
      return;
    }
    const pending = open.get(e.process);
    if (!pending) {
      errors.push({ line: e.line, message: `:${e.type} for process ${e.process} without a matching :invoke` });
      return;
    }
    const { op } = pending;
    if (op.f !== e.f) errors.push({ line: e.line, message: `process ${e.process} completes :${e.f} but invoked :${op.f} (line ${pending.line})` });
    open.delete(e.process);
    op.complete = position;
    op.outcome = e.type as Outcome;
    if (op.f === 'read' && e.type === 'ok') {
      if (e.value === undefined || Array.isArray(e.value)) errors.push({ line: e.line, message: 'an :ok read needs the value it read (nil or an integer)' });
      else op.value = e.value as RegisterValue;
    }
    if (op.value === undefined && e.value !== undefined && op.f !== 'read') op.value = e.value;
  });
  for (const { op } of open.values()) op.complete = events.length;
  // Reads without a usable value cannot be checked; drop them rather than let them poison the checker.
  const usable = history.filter((op) => !(op.f === 'read' && op.outcome === 'ok' && op.value === undefined) && !(op.f !== 'read' && op.value === undefined));
  usable.forEach((op, i) => (op.id = i));
  return { history: usable, errors };
}
