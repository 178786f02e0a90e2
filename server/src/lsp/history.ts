// Jepsen histories in the editor: the verdict `cap-lens check-history` gives, as diagnostics on the document
// (a failure at the first operation of its minimal witness, with every other operation of the witness as
// related information), and the timeline the simulator panel's counterexample view draws. One check per
// document version, bounded in time so a hard history cannot hold the server.

import type { Diagnostic, DiagnosticRelatedInformation } from 'vscode-languageserver';
import { DiagnosticSeverity } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { printEdn } from '../core/simulation/edn';
import { checkHistoryText, type HistoryCheck } from '../core/simulation/history-check';
import type { HistoryOp } from '../core/simulation/history-format';
import { SOURCE } from './convert';
import type { HistoryView } from './history-protocol';

export { HISTORY_LANGUAGE, HISTORY_VIEW_REQUEST } from './history-protocol';

/** A history check in the editor gives up (inconclusive) after this long; the CLI has its own --timeout. */
const EDITOR_TIMEOUT_MS = 2000;
const DOCS = 'https://github.com/cap-lens/cap-lens/blob/main/docs/histories.md';
const MAX_DIAGNOSTICS = 100;

/** One check per document version. */
export class HistoryChecks {
  private readonly cache = new Map<string, { version: number; check: HistoryCheck }>();

  checkOf(doc: TextDocument): HistoryCheck {
    const hit = this.cache.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.check;
    const check = checkHistoryText(doc.getText(), { deadline: Date.now() + EDITOR_TIMEOUT_MS, now: Date.now });
    this.cache.set(doc.uri, { version: doc.version, check });
    return check;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  diagnostics(doc: TextDocument): Diagnostic[] {
    return historyDiagnostics(doc, this.checkOf(doc));
  }

  view(doc: TextDocument): HistoryView {
    return historyView(doc, this.checkOf(doc));
  }
}

const link = (anchor: string) => ({ href: `${DOCS}#${anchor}` });

/** The text of a 1-based line as a range, from its first non-blank character. */
function lineRange(doc: TextDocument, line: number, column?: number) {
  const l = Math.max(0, Math.min(doc.lineCount - 1, line - 1));
  const text = doc.getText({ start: { line: l, character: 0 }, end: { line: l + 1, character: 0 } }).replace(/\r?\n$/, '');
  const first = Math.max(0, text.search(/\S/));
  if (column !== undefined) {
    const c = Math.max(0, Math.min(text.length, column - 1));
    return { start: { line: l, character: c }, end: { line: l, character: Math.max(c + 1, Math.min(text.length, c + 1)) } };
  }
  return { start: { line: l, character: first }, end: { line: l, character: text.length } };
}

function opText(o: HistoryOp): string {
  if (o.f === 'read' || o.f === 'get')
    return o.outcome === 'ok' && o.completeValue !== undefined ? `${o.f} → ${printEdn(o.completeValue)}` : o.f;
  return `${o.f} ${printEdn(o.invokeValue)}`;
}

export function historyDiagnostics(doc: TextDocument, check: HistoryCheck): Diagnostic[] {
  // A document with no Jepsen event at all is not a history (a .log opened as one by mistake): say nothing.
  if (check.history.length === 0 && check.errors.length === 0 && check.notes.every((n) => n.startsWith('no '))) return [];
  if (check.verdict === 'unreadable') {
    return check.errors.slice(0, MAX_DIAGNOSTICS).map((e) => ({
      range: lineRange(doc, e.line, e.column),
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: 'history-unreadable',
      codeDescription: link('history-unreadable'),
      message: `${e.message}. The history cannot be checked until every operation reads.`,
    }));
  }
  if (check.verdict === 'inconclusive') {
    const time = check.keys.some((k) => k.budget === 'time');
    return [
      {
        range: lineRange(doc, 1),
        severity: DiagnosticSeverity.Warning,
        source: SOURCE,
        code: 'history-inconclusive',
        codeDescription: link('history-inconclusive'),
        message: `Linearizability undecided: ${time ? `the editor's ${EDITOR_TIMEOUT_MS / 1000} s limit ran out` : 'the search budget ran out'} on ${check.keys.filter((k) => k.verdict === 'inconclusive').length} of ${check.keys.length} key(s). Run 'cap-lens check-history' with a larger --timeout.`,
      },
    ];
  }
  if (check.verdict !== 'not-linearizable') return [];
  const failing = check.keys.filter((k) => k.verdict === 'not-linearizable');
  const shown = failing.find((k) => k.counterexample) ?? failing[0];
  const cx = shown.counterexample;
  if (!cx) return [];
  const related: DiagnosticRelatedInformation[] = cx.ops.map((o) => ({
    location: { uri: doc.uri, range: lineRange(doc, o.line) },
    message:
      o === cx.op
        ? `${opText(o)} by process ${o.process}: cannot take effect`
        : `${opText(o)} by process ${o.process} (${o.outcome})`,
  }));
  const others = failing.length > 1 ? ` ${failing.length - 1} other key(s) fail too.` : '';
  const witness = cx.selfContained
    ? ` The ${cx.ops.length} operation${cx.ops.length === 1 ? '' : 's'} from here to line ${cx.op.line} ${cx.ops.length === 1 ? 'is' : 'are'} not linearizable on their own (related information lists them; "CAP Lens: Show History Timeline" draws them).`
    : '';
  return [
    {
      range: lineRange(doc, cx.first.line),
      severity: DiagnosticSeverity.Error,
      source: SOURCE,
      code: 'history-not-linearizable',
      codeDescription: link('history-not-linearizable'),
      message: `Not linearizable: ${cx.message}.${witness}${others}`,
      relatedInformation: related,
    },
  ];
}

export function historyView(doc: TextDocument, check: HistoryCheck): HistoryView {
  const fileName = doc.uri.slice(doc.uri.lastIndexOf('/') + 1);
  const summary = `${check.operations} operation${check.operations === 1 ? '' : 's'} by ${check.processes} process${check.processes === 1 ? '' : 'es'} (${check.format === 'edn' ? 'EDN' : check.format === 'log' ? 'Jepsen log' : 'empty'}, ${check.model} model)`;
  const view: HistoryView = {
    uri: doc.uri,
    fileName: decodeURIComponent(fileName),
    version: doc.version,
    verdict: check.verdict,
    summary,
    notes: check.notes,
    ops: [],
  };
  const shown = check.keys.find((k) => k.verdict === 'not-linearizable' && k.counterexample);
  const cx = shown?.counterexample;
  if (check.verdict === 'unreadable')
    view.message = `${check.errors.length} malformed entr${check.errors.length === 1 ? 'y' : 'ies'}, the first on line ${check.errors[0].line}: ${check.errors[0].message}`;
  if (!cx) return view;
  view.message = cx.message;
  if (shown.key !== undefined) view.key = shown.key;
  view.ops = cx.ops.map((o) => ({
    lane: `process ${o.process}`,
    label: `${opText(o)}${o.outcome === 'info' ? ' (unknown)' : o.outcome === 'fail' ? ' (failed)' : ''}`,
    f: o.f,
    outcome: o.outcome,
    invoke: o.invoke,
    complete: o.complete,
    line: o.line,
    ...(o.completeLine === undefined ? {} : { completeLine: o.completeLine }),
    failing: o === cx.op,
  }));
  return view;
}
