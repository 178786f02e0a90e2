// `cap-lens check-history <file>`: is a Jepsen register history linearizable? Reads the Jepsen log format
// (`INFO jepsen.util - 3 :invoke :cas [4 1]`) or EDN operation maps, and prints the verdict with a small
// counterexample drawn on a timeline. Exit 1 when it is not linearizable.

import { checkLinearizability, parseJepsenHistory, type Counterexample, type Operation } from '../../core/simulation';
import { parseArgs, type OptionSpec } from '../args';
import type { Command } from '../command';
import { colors, emit, EXIT_FINDINGS, EXIT_OK, IoError, useColor, UsageError, type Colors, type Io } from '../io';
import { SourceFile, displayPathOf } from '../source';
import { resolve } from 'node:path';

/** The search gave up before a verdict: neither "linearizable" nor "not". */
export const EXIT_INCONCLUSIVE = 3;

const OPTIONS: OptionSpec[] = [
  { name: 'format', short: 'f', type: 'string', values: ['text', 'json'], default: 'text', description: 'Output format' },
  { name: 'max-configurations', type: 'integer', valueName: 'N', default: 5_000_000, description: 'Search budget per register; past it the verdict is inconclusive' },
  { name: 'output', short: 'o', type: 'string', valueName: 'FILE', description: 'Write to FILE instead of standard output' },
  { name: 'color', type: 'boolean', description: 'Force colour on or off (default: on when writing to a terminal)' },
];

export const checkHistoryCommand: Command = {
  name: 'check-history',
  usage: 'cap-lens check-history [options] <file | ->',
  summary: 'Check a Jepsen register history for linearizability',
  description:
    "Reads a register history (read, write, cas) in Jepsen's log format or as EDN operation maps, and checks it for linearizability with the Wing–Gong search and Lowe's memoisation, as Knossos and Porcupine do. `info` operations may take effect at any later time, or never. When the history is not linearizable, prints the operation that cannot be placed, what it saw, what the register could hold, and the few operations around it.\n\nExit status: 0 linearizable, 1 not linearizable, 2 usage error or unreadable history, 3 inconclusive (the search budget ran out).",
  options: OPTIONS,
  async run(argv: string[], io: Io): Promise<number> {
    const { options, positionals } = parseArgs(argv, OPTIONS);
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `check-history takes one history file (got ${positionals.length}).` : "check-history needs a history file ('-' for standard input).");
    const [input] = positionals;
    const source = input === '-' ? SourceFile.fromText('<stdin>', '<stdin>', await io.readStdin()) : SourceFile.read(resolve(io.cwd, input), io.cwd);
    const parsed = parseJepsenHistory(source.text);
    const shown = input === '-' ? '<stdin>' : displayPathOf(source.path, io.cwd);
    if (parsed.errors.length) {
      const lines = parsed.errors.slice(0, 20).map((e) => `  ${shown}:${e.line}: ${e.message}`);
      if (parsed.errors.length > 20) lines.push(`  … and ${parsed.errors.length - 20} more`);
      throw new IoError(`cannot read the history in ${shown}:\n${lines.join('\n')}`);
    }
    if (parsed.history.length === 0) throw new IoError(`${shown} holds no operations: expected Jepsen log lines (INFO jepsen.util - 0 :invoke :write 1) or EDN maps ({:type :invoke, :f :write, :value 1, :process 0}).`);
    const result = checkLinearizability(parsed.history, { maxConfigurations: options['max-configurations'] as number });
    const verdict = result.linearizable ? 'linearizable' : result.inconclusive ? 'inconclusive' : 'not-linearizable';
    const output = options.output as string | undefined;
    if (options.format === 'json') {
      const body = {
        path: shown,
        format: parsed.format,
        operations: parsed.history.length,
        processes: new Set(parsed.history.map((o) => o.process)).size,
        verdict,
        explored: result.explored,
        counterexample: result.counterexample ? { ...result.counterexample, op: result.counterexample.op } : null,
      };
      emit(io, `${JSON.stringify(body, null, 2)}\n`, output);
    } else {
      const c = colors(output ? false : useColor(io, options.color as boolean | undefined));
      emit(io, historyText(shown, parsed.format, parsed.history, result.linearizable, result.inconclusive ?? false, result.counterexample, c), output);
    }
    return result.linearizable ? EXIT_OK : result.inconclusive ? EXIT_INCONCLUSIVE : EXIT_FINDINGS;
  },
};

function historyText(path: string, format: string, history: Operation[], linearizable: boolean, inconclusive: boolean, cx: Counterexample | undefined, c: Colors): string {
  const processes = new Set(history.map((o) => o.process)).size;
  const out = [`${c.bold(path)}  ${c.dim(`${history.length} operations by ${processes} processes (${format === 'edn' ? 'EDN' : 'Jepsen log'})`)}`, ''];
  if (linearizable) out.push(c.green('✔ linearizable: every operation can take effect at one instant between its invocation and its completion.'));
  else if (inconclusive) out.push(c.yellow('? inconclusive: the search budget ran out before a verdict (raise --max-configurations).'));
  else {
    out.push(c.red(c.bold('✖ not linearizable')));
    if (cx) {
      out.push('', `${cx.message}.`);
      if (cx.key !== undefined) out.push(`Register key ${cx.key}.`);
      out.push('', cx.selfContained ? 'These operations alone are already not linearizable:' : 'Operations around the failure:', '');
      out.push(...timeline(cx.ops, cx.op, c));
      out.push('', c.dim(`Events are positions in the history (0 = first event), as in the message above; ${cx.prefixLength} operations in invocation order already fail.`));
    }
  }
  return `${out.join('\n')}\n`;
}

const fmt = (v: unknown): string => (v === null ? 'nil' : Array.isArray(v) ? `[${v.map(fmt).join(' ')}]` : String(v));

function describeOp(o: Operation): string {
  if (o.f === 'read') return o.outcome === 'ok' ? `read → ${fmt(o.value)}` : 'read';
  if (o.f === 'write') return `write ${fmt(o.value)}`;
  return `cas ${fmt(o.value)}`;
}

/** One row per operation with a bar from invocation to completion (an `info` one runs on to the end). */
function timeline(ops: readonly Operation[], failing: Operation, c: Colors): string[] {
  const start = Math.min(...ops.map((o) => o.invoke));
  const end = Math.max(...ops.map((o) => o.complete));
  const width = Math.min(48, Math.max(12, (end - start + 1) * 3));
  const col = (t: number) => Math.round(((t - start) / Math.max(1, end - start)) * (width - 1));
  const rows = ops.map((o) => {
    const from = col(o.invoke);
    const to = o.outcome === 'info' ? width - 1 : col(o.complete);
    const bar = ' '.repeat(from) + (to > from ? `|${'-'.repeat(Math.max(0, to - from - 1))}|` : '|') + ' '.repeat(Math.max(0, width - to - 1));
    const span = o.outcome === 'info' ? `${o.invoke}–?` : `${o.invoke}–${o.complete}`;
    return { o, cells: [`p${o.process}`, describeOp(o), o.outcome, span, bar] };
  });
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r.cells[i].length), ['process', 'operation', 'result', 'events'][i].length));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 4 ? cell.padEnd(widths[i]) : cell)).join('  ');
  return [
    c.dim(line(['process', 'operation', 'result', 'events', 'timeline'])),
    ...rows.map((r) => {
      const text = line(r.cells).trimEnd();
      return r.o === failing ? `${c.red(text)}  ${c.red('← cannot be placed')}` : text;
    }),
  ].map((l) => `  ${l}`);
}
