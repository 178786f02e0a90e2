// `cap-lens check-history <file | folder | ->…`: are Jepsen histories linearizable? Reads Jepsen's log lines,
// history.txt and EDN operation maps (history.edn, Knossos, Porcupine), chooses the register or key-value
// model from the operations, checks each key on its own, and prints one line per history and a summary; with
// one history, the counterexample on a timeline. Exit 1 when one is not linearizable.

import { Keyword } from '../../core/simulation/edn';
import { duration } from '../../core/text/format';
import {
  checkHistoryText,
  type HistoryCheck,
  type HistoryCounterexample,
  type KeyVerdict,
} from '../../core/simulation/history-check';
import type { HistoryOp } from '../../core/simulation/history-format';
import { HISTORY_MODELS, type HistoryModel } from '../../core/simulation/history-models';
import { COLOR_OPTION, type OptionSpec, OUTPUT_OPTION, parseArgs } from '../args';
import type { Command } from '../command';
import { expandHistoryInputs, readHistoryFile, type HistoryInput } from '../history-inputs';
import { colors, emit, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, IoError, useColor, UsageError, type Colors, type Io } from '../io';

/** The search gave up before a verdict: neither "linearizable" nor "not". */
export const EXIT_INCONCLUSIVE = 3;

/** Per history; a Jepsen etcd log takes milliseconds, a hard history can take forever. */
const DEFAULT_TIMEOUT = '10s';
const DEFAULT_MAX_CONFIGURATIONS = 5_000_000;

const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', values: ['text', 'json'], default: 'text', description: 'Output format' },
  {
    name: 'model',
    short: 'm',
    type: 'string',
    values: ['auto', ...HISTORY_MODELS],
    default: 'auto',
    description: 'History model: register (read, write, cas), kv (get, put, append), or auto: from the operations',
  },
  {
    name: 'timeout',
    type: 'string',
    valueName: 'DURATION',
    default: DEFAULT_TIMEOUT,
    description:
      'Give up on a history after this long (500ms, 10s, 2m; a bare number is seconds; 0: no limit); it is then inconclusive',
  },
  {
    name: 'max-configurations',
    type: 'integer',
    valueName: 'N',
    default: DEFAULT_MAX_CONFIGURATIONS,
    description: 'Search budget per key, in memoised configurations; past it the verdict is inconclusive',
  },
  OUTPUT_OPTION,
  COLOR_OPTION,
];

export const checkHistoryCommand: Command = {
  name: 'check-history',
  usage: 'cap-lens check-history [options] <file | folder | ->…',
  summary: 'Check Jepsen histories for linearizability (registers, key-value, independent keys)',
  description:
    "Reads Jepsen histories: log lines (INFO jepsen.util - 3 :invoke :cas [4 1]), history.txt, and EDN operation maps one per line or in a vector or list (history.edn, Knossos, Porcupine). Folders are searched recursively for *.edn, *.log, *.txt and *.history files; files found there that hold no Jepsen operation are skipped. The model is chosen from the operations (register: read, write, cas; kv: get, put, append), or forced with --model; keys (a :key field, or independent [key value] tuples) are checked one by one. The search is Wing–Gong with Lowe's memoisation, as Knossos and Porcupine; info operations may take effect at any later time, or never. One history: its verdict, and for a failure the operation that cannot take effect, the values the register could hold while it ran, and a minimal set of operations that are not linearizable on their own, on a timeline. Several: one line each and a summary.\n\nExit status: 0 all linearizable, 1 one is not linearizable, 2 usage error or an unreadable history, 3 inconclusive (the time or search budget ran out).",
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length === 0) throw new UsageError("check-history needs history files or folders ('-' for standard input).");
    const maxConfigurations = options['max-configurations'] as number;
    if (!Number.isSafeInteger(maxConfigurations) || maxConfigurations < 1)
      throw new UsageError(`--max-configurations must be a whole number of at least 1 (got ${maxConfigurations}).`);
    const timeoutMs = parseTimeout(options.timeout as string);
    const model = options.model === 'auto' ? undefined : (options.model as HistoryModel);
    const { files, problems } = expandHistoryInputs(positionals, io.cwd);
    if (files.filter((f) => f.path === '<stdin>').length > 1) throw new UsageError("'-' (standard input) can be given once.");
    if (problems.length && files.length === 0) throw new IoError(problems.join('\n'));

    const started = Date.now();
    const results: Shown[] = [];
    const skipped: string[] = [];
    const explain = files.length === 1 || options.format === 'json';
    for (const input of files) {
      const r = await checkOne(input, io, { model, maxConfigurations, timeoutMs, explain });
      if (r.kind === 'skipped') skipped.push(input.display);
      else results.push(r);
    }
    const elapsed = Date.now() - started;
    const output = options.output as string | undefined;
    if (options.format === 'json')
      emit(io, `${JSON.stringify(jsonReport(results, skipped, problems, elapsed), jsonValue, 2)}\n`, output);
    else {
      const c = colors(output ? false : useColor(io, options.color as boolean | undefined));
      emit(
        io,
        results.length === 1 && skipped.length === 0 && problems.length === 0
          ? detailText(results[0], c)
          : summaryText(results, skipped, problems, elapsed, c),
        output,
      );
    }
    return exitCode(results, problems);
  },
};

type FileResult =
  | { kind: 'checked'; input: HistoryInput; check: HistoryCheck; ms: number }
  | { kind: 'unreadable'; input: HistoryInput; message: string }
  | { kind: 'skipped' };

type Shown = Exclude<FileResult, { kind: 'skipped' }>;

async function checkOne(
  input: HistoryInput,
  io: Io,
  o: { model?: HistoryModel; maxConfigurations: number; timeoutMs: number; explain: boolean },
): Promise<FileResult> {
  let text: string;
  try {
    text = input.path === '<stdin>' ? await io.readStdin() : readHistoryFile(input.path, input.display);
  } catch (e) {
    if (e instanceof IoError) return { kind: 'unreadable', input, message: e.message };
    throw e;
  }
  const t0 = Date.now();
  const check = checkHistoryText(text, {
    model: o.model,
    maxConfigurations: o.maxConfigurations,
    deadline: o.timeoutMs > 0 ? t0 + o.timeoutMs : undefined,
    now: Date.now,
    explain: o.explain,
  });
  // A file found in a folder that holds no Jepsen event at all is some other log (a node's own log), not a history.
  if (
    !input.named &&
    check.history.length === 0 &&
    check.errors.length === 0 &&
    check.notes.every((n) => n.startsWith('no ')) &&
    text.trim() !== ''
  )
    return { kind: 'skipped' };
  return { kind: 'checked', input, check, ms: Date.now() - t0 };
}

/** `10s`, `500ms`, `2m`, or seconds. */
function parseTimeout(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min)?\s*$/.exec(text);
  if (!m) throw new UsageError(`--timeout needs a duration such as 500ms, 10s or 2m (got '${text}').`);
  const unit = m[2] ?? 's';
  return Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : 60_000);
}

function exitCode(results: readonly Shown[], problems: readonly string[]): number {
  if (problems.length || results.some((r) => r.kind === 'unreadable' || r.check.verdict === 'unreadable')) return EXIT_USAGE;
  if (results.some((r) => r.kind === 'checked' && r.check.verdict === 'not-linearizable')) return EXIT_FINDINGS;
  if (results.some((r) => r.kind === 'checked' && r.check.verdict === 'inconclusive')) return EXIT_INCONCLUSIVE;
  return EXIT_OK;
}

// ---------------------------------------------------------------------------------------------------------
// Text

/** File names and history text go to a terminal: no control characters (escape sequences) get through. */
function safe(s: string): string {
  return s.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const plural = (n: number, word: string) => `${thousands(n)} ${n === 1 ? word : (PLURALS[word] ?? `${word}s`)}`;
/** 12,345 (Intl's toLocaleString costs a 10 ms initialisation, a tenth of this command's start-up). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const PLURALS: Record<string, string> = { process: 'processes', history: 'histories', 'malformed entry': 'malformed entries' };

function formatName(check: HistoryCheck): string {
  return check.format === 'edn' ? 'EDN' : check.format === 'log' ? 'Jepsen log' : 'empty';
}

function keysText(check: HistoryCheck): string {
  return check.keyStyle === 'none'
    ? ''
    : ` on ${plural(check.keys.length || new Set(check.history.map((o) => o.key)).size, 'key')}`;
}

function headline(r: Extract<Shown, { kind: 'checked' }>): string {
  const { check } = r;
  return `${plural(check.operations, 'operation')} by ${plural(check.processes, 'process')}${keysText(check)} (${formatName(check)}, ${check.model} model)`;
}

function verdictWord(check: HistoryCheck, c: Colors): string {
  switch (check.verdict) {
    case 'linearizable':
      return c.green('✔ linearizable');
    case 'not-linearizable':
      return c.red('✖ not linearizable');
    case 'inconclusive':
      return c.yellow('? inconclusive');
    default:
      return c.red('✖ unreadable');
  }
}

function budgetText(check: HistoryCheck): string {
  return check.keys.some((k) => k.budget === 'time')
    ? 'the time limit ran out (raise --timeout)'
    : 'the search budget ran out (raise --max-configurations)';
}

function failing(check: HistoryCheck): KeyVerdict[] {
  return check.keys.filter((k) => k.verdict === 'not-linearizable');
}

/** One history in full: verdict, notes, per-key verdicts and the counterexample on a timeline. */
function detailText(r: Shown, c: Colors): string {
  const path = safe(r.input.display);
  if (r.kind === 'unreadable') return `${c.bold(path)}\n\n${c.red(`✖ cannot read the history: ${safe(r.message)}`)}\n`;
  const { check } = r;
  const out = [`${c.bold(path)}  ${c.dim(headline(r))}`, ''];
  if (check.verdict === 'unreadable') {
    out.push(c.red(`✖ cannot read the history: ${plural(check.errors.length, 'malformed entry')}`));
    for (const e of check.errors.slice(0, 20))
      out.push(`  ${path}:${e.line}${e.column ? `:${e.column}` : ''}: ${safe(e.message)}`);
    if (check.errors.length > 20) out.push(`  … and ${check.errors.length - 20} more`);
  } else if (check.verdict === 'linearizable') {
    out.push(
      c.green(
        check.operations === 0
          ? '✔ linearizable: the history holds no client operation, so there is nothing to order.'
          : '✔ linearizable: every operation can take effect at one instant between its invocation and its completion.',
      ),
    );
  } else if (check.verdict === 'inconclusive') out.push(c.yellow(`? inconclusive: ${budgetText(check)}.`));
  else out.push(c.red(c.bold('✖ not linearizable')));
  if (check.keys.length > 1) {
    const bad = failing(check);
    const open = check.keys.filter((k) => k.verdict === 'inconclusive');
    out.push(
      '',
      `Keys: ${check.keys.length - bad.length - open.length} linearizable, ${bad.length} not linearizable${open.length ? `, ${open.length} inconclusive` : ''}.`,
    );
    if (bad.length)
      out.push(
        `Not linearizable: ${bad
          .slice(0, 20)
          .map((k) => safe(k.key ?? ''))
          .join(', ')}${bad.length > 20 ? ', …' : ''}`,
      );
  }
  for (const k of failing(check).slice(0, 1)) if (k.counterexample) out.push(...counterexampleText(k.counterexample, c));
  if (check.notes.length) out.push('', ...check.notes.map((n) => c.dim(`Note: ${safe(n)}.`)));
  return `${out.join('\n')}\n`;
}

function counterexampleText(cx: HistoryCounterexample, c: Colors): string[] {
  const out = ['', `${safe(cx.message)}.`, ''];
  const alone = cx.ops.length === 1 ? 'This operation alone is' : `These ${cx.ops.length} operations alone are`;
  out.push(
    cx.selfContained
      ? `${alone} already not linearizable (every write they observe included):`
      : 'Operations around the failure:',
    '',
  );
  out.push(...timeline(cx.ops, cx.op, c));
  out.push(
    '',
    c.dim(
      `Lines are where each operation was invoked and completed; bars run from invocation to completion in history order (an info bar runs on: it may take effect at any later time).`,
    ),
  );
  return out;
}

function describeOp(o: HistoryOp): string {
  const v = (x: unknown) => safe(printed(x));
  if (o.f === 'read' || o.f === 'get') return o.outcome === 'ok' ? `${o.f} → ${v(o.completeValue)}` : o.f;
  return `${o.f} ${v(o.invokeValue)}`;
}

function printed(x: unknown): string {
  return x === undefined ? '' : JSON.stringify(x, jsonValue).replace(/^null$/, 'nil');
}

/** One row per operation with a bar from invocation to completion (an `info` one runs on to the end). */
function timeline(ops: readonly HistoryOp[], failingOp: HistoryOp, c: Colors): string[] {
  const start = Math.min(...ops.map((o) => o.invoke));
  const end = Math.max(...ops.map((o) => o.complete));
  const width = Math.min(48, Math.max(12, (end - start + 1) * 3));
  const col = (t: number) => Math.round(((t - start) / Math.max(1, end - start)) * (width - 1));
  const rows = ops.map((o) => {
    const from = col(o.invoke);
    const to = o.outcome === 'info' ? width - 1 : col(o.complete);
    const bar =
      ' '.repeat(from) +
      (to > from ? `|${'-'.repeat(Math.max(0, to - from - 1))}|` : '|') +
      ' '.repeat(Math.max(0, width - to - 1));
    const lines = o.completeLine === undefined ? `${o.line}–` : `${o.line}–${o.completeLine}`;
    const what = describeOp(o);
    return { o, cells: [`p${o.process}`, o.key === undefined ? what : `${what} @${safe(o.key)}`, o.outcome, lines, bar] };
  });
  const headers = ['process', 'operation', 'result', 'lines', 'timeline'];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r.cells[i].length), headers[i].length));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell)).join('  ');
  return [
    c.dim(line(headers)),
    ...rows.map((r) => {
      const text = line(r.cells).trimEnd();
      return r.o === failingOp ? `${c.red(text)}  ${c.red('← cannot take effect')}` : text;
    }),
  ].map((l) => `  ${l}`);
}

/** Several histories: one line each, then the tally. */
function summaryText(
  results: readonly Shown[],
  skipped: readonly string[],
  problems: readonly string[],
  elapsed: number,
  c: Colors,
): string {
  const width = Math.min(60, Math.max(0, ...results.map((r) => safe(r.input.display).length)));
  const out: string[] = [];
  for (const r of results) {
    const path = safe(r.input.display).padEnd(width);
    if (r.kind === 'unreadable') {
      out.push(`${path}  ${c.red('✖ unreadable')}  ${safe(r.message)}`);
      continue;
    }
    const { check } = r;
    let detail: string;
    if (check.verdict === 'unreadable') {
      const e = check.errors[0];
      detail = `line ${e.line}: ${safe(e.message)}${check.errors.length > 1 ? ` (and ${check.errors.length - 1} more)` : ''}`;
    } else if (check.verdict === 'not-linearizable') {
      const k = failing(check)[0];
      const op = k.counterexample?.op;
      const where = op
        ? `${describeOp(op)} by process ${op.process}${k.key === undefined ? '' : ` on key ${safe(k.key)}`} (line ${op.line}) cannot take effect`
        : '';
      detail = `${where}${failing(check).length > 1 ? `; ${failing(check).length} keys fail` : ''}`;
    } else if (check.verdict === 'inconclusive') detail = budgetText(check);
    else
      detail =
        check.operations === 0 ? 'no client operations' : c.dim(`${plural(check.operations, 'operation')}${keysText(check)}`);
    out.push(`${path}  ${verdictWord(check, c)}  ${detail}`.trimEnd());
  }
  for (const p of problems) out.push(c.red(`cap-lens: ${safe(p)}`));
  const count = (v: string) => results.filter((r) => (r.kind === 'unreadable' ? 'unreadable' : r.check.verdict) === v).length;
  const parts = [`${count('linearizable')} linearizable`, `${count('not-linearizable')} not linearizable`];
  if (count('inconclusive')) parts.push(`${count('inconclusive')} inconclusive`);
  if (count('unreadable')) parts.push(`${count('unreadable')} unreadable`);
  out.push('', `${plural(results.length, 'history')}: ${parts.join(', ')} (${duration(elapsed)})`);
  if (skipped.length)
    out.push(
      c.dim(
        `Skipped ${plural(skipped.length, 'file')} that ${skipped.length === 1 ? 'holds' : 'hold'} no Jepsen operation: ${skipped.slice(0, 5).map(safe).join(', ')}${skipped.length > 5 ? ', …' : ''}`,
      ),
    );
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// JSON

/** BigInts (exact integers beyond 2^53) as decimal strings; Keywords as `:name`; EDN maps as objects. */
function jsonValue(_key: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Map) return Object.fromEntries(v);
  if (v instanceof Keyword) return v.toString();
  return v;
}

function opJson(o: HistoryOp): object {
  return {
    process: o.process,
    f: o.f,
    key: o.key,
    invokeValue: o.invokeValue,
    completeValue: o.completeValue,
    outcome: o.outcome,
    line: o.line,
    completeLine: o.completeLine ?? null,
  };
}

function jsonReport(results: readonly Shown[], skipped: readonly string[], problems: readonly string[], elapsed: number): object {
  const histories = results.map((r) => {
    if (r.kind === 'unreadable')
      return { path: r.input.display, verdict: 'unreadable', errors: [{ line: null, message: r.message }] };
    const { check } = r;
    return {
      path: r.input.display,
      verdict: check.verdict,
      format: check.format,
      model: check.model,
      keyStyle: check.keyStyle,
      operations: check.operations,
      processes: check.processes,
      explored: check.explored,
      milliseconds: r.ms,
      errors: check.errors,
      notes: check.notes,
      keys: check.keys.map((k) => ({
        key: k.key ?? null,
        verdict: k.verdict,
        operations: k.operations,
        budget: k.budget ?? null,
        counterexample: k.counterexample
          ? {
              message: k.counterexample.message,
              op: opJson(k.counterexample.op),
              observed: k.counterexample.observed ?? null,
              possible: k.counterexample.possible,
              selfContained: k.counterexample.selfContained,
              firstLine: k.counterexample.first.line,
              ops: k.counterexample.ops.map(opJson),
            }
          : null,
      })),
    };
  });
  const count = (v: string) => histories.filter((h) => h.verdict === v).length;
  return {
    version: 1,
    summary: {
      histories: histories.length,
      linearizable: count('linearizable'),
      notLinearizable: count('not-linearizable'),
      inconclusive: count('inconclusive'),
      unreadable: count('unreadable'),
      skipped: skipped.length,
      milliseconds: elapsed,
    },
    problems,
    skipped,
    histories,
  };
}
