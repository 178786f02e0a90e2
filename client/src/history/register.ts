// Jepsen histories in VS Code: `history.edn`, `history.txt`, `*.jepsen.edn` and `*.jepsen.log` open as
// `jepsen-history` (package.json); other `.log`, `.edn` and `.txt` files become histories only when their
// first lines hold Jepsen operations (checked when they open, while CAP Lens is active), or on request with
// "Check as Jepsen History". "Show History Timeline" draws the counterexample.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { HISTORY_LANGUAGE } from '../../../server/src/lsp/history-protocol';
import { isWorkspaceDocument } from '../document-schemes';
import { extName } from '../uri-names';
import { looksLikeJepsenHistory } from './detect';
import { HistoryPanel } from './panel';

/** Languages VS Code (or another extension) gives these files; a history hides under any of them. */
const HOST_LANGUAGES = new Set(['log', 'plaintext', 'clojure', 'edn']);
const HISTORY_EXTENSIONS = new Set(['.log', '.edn', '.txt']);

export function registerHistories(context: vscode.ExtensionContext, client: () => BaseLanguageClient | undefined): void {
  const detect = (doc: vscode.TextDocument) => {
    if (!vscode.workspace.getConfiguration('capLens', doc.uri).get<boolean>('detectJepsenHistories', true)) return;
    // The user's files only: output channels are `log` documents too.
    if (!isWorkspaceDocument(doc.uri)) return;
    if (!HOST_LANGUAGES.has(doc.languageId) || !HISTORY_EXTENSIONS.has(extName(doc.uri).toLowerCase())) return;
    if (looksLikeJepsenHistory(doc.getText(new vscode.Range(0, 0, 400, 0))))
      void vscode.languages.setTextDocumentLanguage(doc, HISTORY_LANGUAGE);
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(detect),
    vscode.commands.registerCommand('capLens.checkAsJepsenHistory', async () => {
      const doc = vscode.window.activeTextEditor?.document;
      if (!doc) return;
      await vscode.languages.setTextDocumentLanguage(doc, HISTORY_LANGUAGE);
    }),
    vscode.commands.registerCommand('capLens.showHistoryTimeline', async (uri?: string | vscode.Uri) => {
      const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : (uri ?? vscode.window.activeTextEditor?.document.uri);
      const doc = target && (await vscode.workspace.openTextDocument(target));
      if (!doc || doc.languageId !== HISTORY_LANGUAGE) {
        void vscode.window.showInformationMessage(
          'Open a Jepsen history (history.edn, a Jepsen log) to see its timeline; "CAP Lens: Check as Jepsen History" opens any file as one.',
        );
        return;
      }
      HistoryPanel.show(context, client, doc);
    }),
  );
  for (const doc of vscode.workspace.textDocuments) detect(doc);
}
