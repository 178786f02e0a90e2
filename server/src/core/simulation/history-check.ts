// Checking a Jepsen history end to end: parse, choose the model, split by key, check each key on its own
// (linearizability is local: Herlihy & Wing 1990), and describe any failure in the history's own terms
// (lines, processes, keys). One time budget covers the whole history. Shared by the CLI and the language
// server, so both say exactly the same thing.

import { printEdn, type EdnValue } from './edn';
import { parseJepsenHistory, type HistoryOp, type HistoryParseError, type ParsedHistory } from './history-format';
import { chooseModel, decodeHistory, type HistoryModel, type KeyStyle } from './history-models';
import { checkKvKey, type KvOp } from './kv-linearizability';
import { checkLinearizability } from './linearizability';
import type { Operation, RegisterValue } from './types';
import type { SearchBudget } from './wgl';

/** The first search every key gets (see checkParsedHistory). */
const PROBE_CONFIGURATIONS = 20_000;

export type HistoryVerdict = 'linearizable' | 'not-linearizable' | 'inconclusive';

export interface HistoryCheckOptions {
  /** Force a model instead of choosing it from the operations. */
  model?: HistoryModel;
  /** Search budget per key, in memoised configurations. */
  maxConfigurations?: number;
  /** Give up (inconclusive) when `now()` passes this: one deadline for the whole history. */
  deadline?: number;
  now?: () => number;
  /** Build counterexamples (default true); without, a failure costs only the search. */
  explain?: boolean;
}

export interface HistoryCounterexample {
  /** The operation that cannot take effect. */
  op: HistoryOp;
  /** What it observed and the values the key could hold while it ran (printed), when the message uses them. */
  observed?: string;
  possible: string[];
  /** A minimal witness: operations that are not linearizable on their own (sorted by invocation). */
  ops: HistoryOp[];
  /** `ops` is such a witness (false: only the operations around the failure could be shown). */
  selfContained: boolean;
  /** The first operation of `ops`: where an editor shows the verdict. */
  first: HistoryOp;
  message: string;
}

export interface KeyVerdict {
  /** The key, printed as in the history; undefined for a single register. */
  key?: string;
  operations: number;
  verdict: HistoryVerdict;
  budget?: 'configurations' | 'time';
  explored: number;
  counterexample?: HistoryCounterexample;
}

export interface HistoryCheck {
  /** 'unreadable' when the history has malformed entries; `errors` says where. */
  verdict: HistoryVerdict | 'unreadable';
  format: ParsedHistory['format'];
  model: HistoryModel;
  keyStyle: KeyStyle;
  /** Client operations checked, and the processes that ran them. */
  operations: number;
  processes: number;
  keys: KeyVerdict[];
  errors: HistoryParseError[];
  /** What was read but not checked (nemesis events, unknown functions), and other remarks. */
  notes: string[];
  explored: number;
  /** Every parsed operation, by id (for timelines). */
  history: HistoryOp[];
}

/** Parse and check `text`. Never throws on bad input: malformed histories come back `unreadable`. */
export function checkHistoryText(text: string, options: HistoryCheckOptions = {}): HistoryCheck {
  return checkParsedHistory(parseJepsenHistory(text), options);
}

export function checkParsedHistory(parsed: ParsedHistory, options: HistoryCheckOptions = {}): HistoryCheck {
  const model = chooseModel(parsed, options.model);
  const decoded = decodeHistory(parsed, model);
  const errors = [...parsed.errors, ...decoded.errors].sort((a, b) => a.line - b.line);
  const notes = [...parsed.skipped, ...decoded.ignored];
  const operations = decoded.keys.reduce((n, k) => n + k.ops.length, 0);
  const base = {
    format: parsed.format,
    model,
    keyStyle: decoded.keyStyle,
    operations,
    processes: parsed.processes,
    errors,
    notes,
    history: parsed.ops,
  };
  if (errors.length) return { ...base, verdict: 'unreadable', keys: [], explored: 0 };
  if (operations === 0) {
    notes.unshift(
      parsed.ops.length
        ? 'no operation of the model: nothing to order'
        : 'no client operations: nothing to order, so trivially linearizable',
    );
    return { ...base, verdict: 'linearizable', keys: [], explored: 0 };
  }
  const maxConfigurations = options.maxConfigurations ?? 5_000_000;
  const shared = { deadline: options.deadline, now: options.now };
  const explain = options.explain !== false;
  const checkKey = (index: number, max: number, withExplanation: boolean): KeyVerdict => {
    const { key, ops } = decoded.keys[index];
    const budget: SearchBudget = { maxConfigurations: max, ...shared };
    return decoded.model === 'kv'
      ? checkKv(ops as KvOp[], key, parsed.ops, budget, withExplanation)
      : checkRegister(ops as Operation[], key, parsed.ops, budget, withExplanation);
  };
  // Keys are independent, and one failing key settles the verdict. So every key first gets a small search;
  // only if none fails do the undecided ones get the full budget. A hard key then never hides an easy failure
  // (Porcupine likewise stops at the first illegal partition). Only the first failing key is explained.
  const keys: (KeyVerdict | undefined)[] = decoded.keys.map(() => undefined);
  let explained = !explain;
  const run = (index: number, max: number) => {
    const r = checkKey(index, max, !explained);
    if (r.verdict === 'not-linearizable') explained = true;
    keys[index] = r;
  };
  const probe = keys.length > 1 ? Math.min(PROBE_CONFIGURATIONS, maxConfigurations) : maxConfigurations;
  for (let i = 0; i < keys.length; i++) run(i, probe);
  if (!keys.some((k) => k!.verdict === 'not-linearizable') && probe < maxConfigurations)
    for (let i = 0; i < keys.length; i++)
      if (keys[i]!.verdict === 'inconclusive' && keys[i]!.budget === 'configurations') run(i, maxConfigurations);
  const undecided = keys.filter((k) => k!.verdict === 'inconclusive').length;
  if (undecided && keys.some((k) => k!.verdict === 'not-linearizable'))
    notes.push(
      `${undecided} key${undecided === 1 ? ' was' : 's were'} left undecided: the history is not linearizable on another key, so the search stopped there`,
    );
  const done = keys as KeyVerdict[];
  const verdict: HistoryVerdict = done.some((k) => k.verdict === 'not-linearizable')
    ? 'not-linearizable'
    : done.some((k) => k.verdict === 'inconclusive')
      ? 'inconclusive'
      : 'linearizable';
  return { ...base, verdict, keys: done, explored: done.reduce((n, k) => n + k.explored, 0) };
}

const onKey = (key: string | undefined) => (key === undefined ? '' : ` on key ${key}`);

/** `read by process 2 (line 14)`. */
export function describeHistoryOp(o: HistoryOp, key?: string): string {
  return `${o.f} by process ${o.process}${onKey(key)} (line ${o.line})`;
}

function checkRegister(
  ops: Operation[],
  key: string | undefined,
  source: HistoryOp[],
  budget: SearchBudget,
  explain: boolean,
): KeyVerdict {
  const r = checkLinearizability(ops, { ...budget, explain, describe: (o) => describeRegisterOp(source[o.id], o, key) });
  const verdict: HistoryVerdict = r.linearizable ? 'linearizable' : r.inconclusive ? 'inconclusive' : 'not-linearizable';
  const result: KeyVerdict = { key, operations: ops.length, verdict, explored: r.explored };
  if (r.budget) result.budget = r.budget;
  const cx = r.counterexample;
  if (cx) {
    const witness = cx.ops.map((o) => source[o.id]);
    result.counterexample = {
      op: source[cx.op.id],
      observed: cx.observed === undefined ? undefined : printValue(cx.observed),
      possible: cx.possible.map(printValue),
      ops: witness,
      selfContained: cx.selfContained,
      first: witness[0] ?? source[cx.op.id],
      message: cx.message,
    };
  }
  return result;
}

function describeRegisterOp(h: HistoryOp, o: Operation, key: string | undefined): string {
  const what = o.f === 'read' ? 'read' : `${o.f} ${printEdn(o.value as EdnValue)}`;
  return `${what} by process ${h.process}${onKey(key)} (line ${h.line})`;
}

function printValue(v: RegisterValue): string {
  return printEdn(v);
}

function clip(s: string): string {
  const q = JSON.stringify(s);
  return q.length > 48 ? `${q.slice(0, 30)}…${q.slice(-12)} (${s.length} chars)` : q;
}

function checkKv(ops: KvOp[], key: string | undefined, source: HistoryOp[], budget: SearchBudget, explain: boolean): KeyVerdict {
  const r = checkKvKey(ops, budget, explain);
  const result: KeyVerdict = { key, operations: ops.length, verdict: r.verdict, explored: r.explored };
  if (r.verdict === 'inconclusive') result.budget = r.budget;
  if (r.verdict !== 'not-linearizable') return result;
  const { op, possible, witness } = r.failure;
  const h = source[op.id];
  const what = op.f === 'get' ? 'get' : `${op.f} ${clip(op.value)}`;
  const d = `${what} by process ${op.process}${onKey(key)} (line ${h.line})`;
  const ruledOut = op.f === 'get' && possible && possible.length > 0 && !possible.includes(op.value);
  const shown = possible ?? [];
  const message = ruledOut
    ? `${d} returned ${clip(op.value)}, but while it ran the key could only hold ${shown.length === 1 ? clip(shown[0]) : `one of ${shown.map(clip).join(', ')}`}`
    : `${d} cannot take effect: no order of the operations that completed before it did is consistent with what each of them observed`;
  const ops2 = (witness ?? [op]).map((o) => source[o.id]);
  result.counterexample = {
    op: h,
    observed: op.f === 'get' ? clip(op.value) : undefined,
    possible: shown.map(clip),
    ops: ops2,
    selfContained: witness !== undefined,
    first: ops2[0],
    message,
  };
  return result;
}
