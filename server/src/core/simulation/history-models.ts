// The models a parsed Jepsen history can be checked against, chosen from the operations it holds (or forced):
//   register: read, write and cas on one register (Knossos' cas-register; Porcupine's etcd model), values
//             nil, integers (exact) or strings;
//   kv:       get, put and append on string values, per key (Porcupine's kv model: a key starts as "").
// Keys: a `:key` field on the operation maps, or Jepsen's independent tuples `[k v]` (jepsen.independent)
// as the value, in which case every key is a register (or kv entry) of its own. Decoding checks every value
// and reports what is malformed at its line.

import { printEdn, type EdnValue } from './edn';
import type { HistoryOp, HistoryParseError, ParsedHistory } from './history-format';
import type { KvOp } from './kv-linearizability';
import type { Operation, RegisterValue } from './types';

export const HISTORY_MODELS = ['register', 'kv'] as const;
export type HistoryModel = (typeof HISTORY_MODELS)[number];

const FUNCTIONS: Record<HistoryModel, readonly string[]> = { register: ['read', 'write', 'cas'], kv: ['get', 'put', 'append'] };

/** How the operations name their keys: not at all, a `:key` field, or independent `[k v]` tuples. */
export type KeyStyle = 'none' | 'field' | 'tuple';

export interface DecodedHistory<T> {
  model: HistoryModel;
  keyStyle: KeyStyle;
  /** Operations per key in invocation order; the single register's key is undefined. */
  keys: { key?: string; ops: T[] }[];
  /** The parsed operation behind each decoded one, by `id`. */
  source: HistoryOp[];
  errors: HistoryParseError[];
  /** Operations left out, and why (functions the model does not know). */
  ignored: string[];
}

export type Decoded = ({ model: 'register' } & DecodedHistory<Operation>) | ({ model: 'kv' } & DecodedHistory<KvOp>);

/** The model whose functions the history uses most (register on a tie); `forced` wins. */
export function chooseModel(history: ParsedHistory, forced?: HistoryModel): HistoryModel {
  if (forced) return forced;
  let register = 0;
  let kv = 0;
  for (const op of history.ops) {
    if (FUNCTIONS.register.includes(op.f)) register++;
    else if (FUNCTIONS.kv.includes(op.f)) kv++;
  }
  return kv > register ? 'kv' : 'register';
}

const INVALID = Symbol('invalid');
type Invalid = typeof INVALID;

/** Decode the history for `model`: values checked, keys split out. */
export function decodeHistory(history: ParsedHistory, model: HistoryModel): Decoded {
  const known = FUNCTIONS[model];
  const ops = history.ops.filter((o) => known.includes(o.f));
  const others = new Map<string, number>();
  for (const o of history.ops) if (!known.includes(o.f)) others.set(o.f, (others.get(o.f) ?? 0) + 1);
  const ignored = [...others].map(
    ([f, n]) =>
      `${n} operation${n === 1 ? '' : 's'} with :f :${f}: the ${model} model knows ${known.map((k) => `:${k}`).join(', ')}`,
  );
  const keyStyle = keyStyleOf(ops, model);
  const errors: HistoryParseError[] = [];
  const byKey = new Map<string | undefined, unknown[]>();
  const add = (key: string | undefined, op: unknown) => {
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push(op);
  };
  for (const o of ops) {
    const r = model === 'register' ? decodeRegisterOp(o, keyStyle) : decodeKvOp(o, keyStyle);
    if ('message' in r) errors.push(r);
    else add(r.key, r.op);
  }
  const keys = [...byKey].map(([key, list]) => ({ key, ops: list })).sort((a, b) => compareKeys(a.key, b.key));
  return { model, keyStyle, keys, source: history.ops, errors, ignored } as Decoded;
}

/** Numeric keys in numeric order, then the rest as text. */
function compareKeys(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a < b ? -1 : 1;
}

/** A `:key` field anywhere means keyed by field; a write/put value (or cas argument) shaped `[k v]` means tuples. */
function keyStyleOf(ops: readonly HistoryOp[], model: HistoryModel): KeyStyle {
  if (ops.some((o) => o.key !== undefined)) return 'field';
  for (const o of ops) {
    const v = o.invokeValue;
    if (!Array.isArray(v) || v.length !== 2) continue;
    if (model === 'register' && (o.f === 'write' || o.f === 'read')) return 'tuple';
    if (model === 'register' && o.f === 'cas' && Array.isArray(v[1])) return 'tuple';
    if (model === 'kv') return 'tuple';
  }
  return 'none';
}

const where = (o: HistoryOp, completion = false) => (completion && o.completeLine !== undefined ? o.completeLine : o.line);

/** Split `[k v]` when the history uses tuples; checks that the key agrees between invocation and completion. */
function untuple(
  o: HistoryOp,
  style: KeyStyle,
  value: EdnValue,
  completion: boolean,
): { key?: string; value: EdnValue } | HistoryParseError {
  if (style === 'field') return { key: o.key ?? 'nil', value };
  if (style === 'none') return { value };
  if (!Array.isArray(value) || value.length !== 2)
    return {
      line: where(o, completion),
      message: `expected an independent [key value] tuple as the :${o.f} value (other operations use them), found ${printEdn(value)}`,
    };
  return { key: printEdn(value[0]), value: value[1] };
}

function scalar(v: EdnValue): RegisterValue | Invalid {
  if (v === null || typeof v === 'bigint' || typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return INVALID;
}

function decodeRegisterOp(o: HistoryOp, style: KeyStyle): { key?: string; op: Operation } | HistoryParseError {
  const op: Operation = {
    id: o.id,
    process: o.process,
    f: o.f as Operation['f'],
    invoke: o.invoke,
    complete: o.complete,
    outcome: o.outcome,
  };
  const inv = untuple(o, style, o.invokeValue, false);
  if ('message' in inv) return inv;
  let key = inv.key;
  if (o.f === 'write') {
    const v = scalar(inv.value);
    if (v === INVALID)
      return {
        line: o.line,
        message: `cannot read the :write value ${printEdn(inv.value)} (expected nil, an integer or a string)`,
      };
    op.value = v;
  } else if (o.f === 'cas') {
    const pair = inv.value;
    const a = Array.isArray(pair) && pair.length === 2 ? scalar(pair[0]) : INVALID;
    const b = Array.isArray(pair) && pair.length === 2 ? scalar(pair[1]) : INVALID;
    if (a === INVALID || b === INVALID)
      return { line: o.line, message: `cannot read the :cas value ${printEdn(inv.value)} (expected [expected new])` };
    op.value = [a, b];
  } else if (o.outcome === 'ok') {
    // A read's result is on its completion; `:fail`/`:info` completions may carry anything (`:timed-out`).
    if (o.completeValue === undefined) return { line: where(o, true), message: 'an :ok :read needs the value it read' };
    const done = untuple(o, style, o.completeValue, true);
    if ('message' in done) return done;
    if (style === 'tuple' && done.key !== key)
      return { line: where(o, true), message: `the read completed on key ${done.key} but was invoked on key ${key}` };
    key = done.key ?? key;
    const v = scalar(done.value);
    if (v === INVALID)
      return {
        line: where(o, true),
        message: `cannot read the value ${printEdn(done.value)} the :read returned (expected nil, an integer or a string)`,
      };
    op.value = v;
  }
  return { key, op };
}

function decodeKvOp(o: HistoryOp, style: KeyStyle): { key?: string; op: KvOp } | HistoryParseError {
  const f = o.f as KvOp['f'];
  const op: KvOp = { id: o.id, process: o.process, f, value: '', invoke: o.invoke, complete: o.complete, outcome: o.outcome };
  const inv = untuple(o, style, o.invokeValue, false);
  if ('message' in inv) return inv;
  let key = inv.key;
  if (f === 'put' || f === 'append') {
    if (typeof inv.value !== 'string')
      return { line: o.line, message: `the :${f} value must be a string, found ${printEdn(inv.value)}` };
    op.value = inv.value;
  } else if (o.outcome === 'ok') {
    if (o.completeValue === undefined) return { line: where(o, true), message: 'an :ok :get needs the value it read' };
    const done = untuple(o, style, o.completeValue, true);
    if ('message' in done) return done;
    key = done.key ?? key;
    // A key never written reads as nil in Jepsen and as "" in Porcupine's model: the same state.
    if (done.value !== null && typeof done.value !== 'string')
      return { line: where(o, true), message: `the :get returned ${printEdn(done.value)}; the kv model holds strings` };
    op.value = done.value ?? '';
  }
  return { key, op };
}
