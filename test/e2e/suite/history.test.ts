// Jepsen histories in the real VS Code: history.txt opens as a history and gets its verdict as a diagnostic
// at the first operation of the minimal witness; a .log holding Jepsen operations becomes a history by its
// content while an ordinary .log stays a log; "Show History Timeline" opens the history view.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { describe, it } from './bdd';
import { codeOf, copyFixture, describeDiagnostics, open, waitForDiagnostics, waitForEvent } from './util';

describe('Jepsen histories', () => {
  let history: vscode.Uri;

  it('history.txt opens as a Jepsen history and gets its verdict at the first operation of the witness', async () => {
    history = copyFixture('stale-read.log', 'store/history.txt');
    const { doc } = await open(history);
    assert.equal(doc.languageId, 'jepsen-history');
    const [d] = await waitForDiagnostics(history, 'the not-linearizable verdict', (ds) =>
      ds.some((x) => codeOf(x) === 'history-not-linearizable'),
    );
    assert.equal(d.range.start.line, 0, describeDiagnostics(history));
    assert.match(
      d.message,
      /^Not linearizable: read by process 2 \(line 5\) returned 1, but while it ran the register could only hold 2\./,
    );
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.location.range.start.line + 1),
      [1, 3, 5],
    );
  });

  it('a .log holding Jepsen operations becomes a history by its content; an ordinary .log does not', async () => {
    const jepsen = copyFixture('stale-read.log', 'store/jepsen.log');
    const opened = await vscode.workspace.openTextDocument(jepsen);
    await waitForEvent('the log to open as a Jepsen history', [vscode.workspace.onDidOpenTextDocument], () =>
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === jepsen.toString() && d.languageId === 'jepsen-history'),
    );
    assert.notEqual(opened.uri.toString(), '');
    await waitForDiagnostics(jepsen, 'the verdict on the detected log', (ds) =>
      ds.some((x) => codeOf(x) === 'history-not-linearizable'),
    );
    const plain = await vscode.workspace.openTextDocument(copyFixture('node.log', 'store/n1/node.log'));
    // A round trip through the language features: any switch the open triggered would have happened by now.
    await vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', plain.uri);
    assert.notEqual(
      vscode.workspace.textDocuments.find((d) => d.uri.toString() === plain.uri.toString())?.languageId,
      'jepsen-history',
    );
  });

  it('Show History Timeline opens the history view beside the history', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(history));
    await vscode.commands.executeCommand('capLens.showHistoryTimeline');
    await waitForEvent('a history webview tab', [vscode.window.tabGroups.onDidChangeTabs], () =>
      vscode.window.tabGroups.all
        .flatMap((g) => g.tabs)
        .find(
          (t) =>
            t.input instanceof vscode.TabInputWebview &&
            /capLens\.history/.test(t.input.viewType) &&
            /History: history\.txt/.test(t.label),
        ),
    );
  });
});
