// The history view: one webview per Jepsen history, beside the editor, showing the verdict and the
// counterexample's timeline that the language server computed, and revealing lines of the history on request.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { HISTORY_VIEW_REQUEST } from '../../../server/src/lsp/history-protocol';
import { createNonce, simulatorHtml } from '../simulator/html';
import { baseName } from '../uri-names';
import { historyViewModel, toExtension, validate, type ToWebview } from '../simulator/protocol';

const UPDATE_DELAY_MS = 300;

export class HistoryPanel {
  static readonly viewType = 'capLens.history';
  private static readonly panels = new Map<string, HistoryPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;

  static show(
    context: vscode.ExtensionContext,
    client: () => BaseLanguageClient | undefined,
    document: vscode.TextDocument,
  ): void {
    const key = document.uri.toString();
    const existing = HistoryPanel.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      existing.update();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      HistoryPanel.viewType,
      `History: ${baseName(document.uri)}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
      },
    );
    HistoryPanel.panels.set(key, new HistoryPanel(context, panel, document.uri, client));
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly panel: vscode.WebviewPanel,
    private readonly uri: vscode.Uri,
    private readonly client: () => BaseLanguageClient | undefined,
  ) {
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    webview.html = simulatorHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      nonce: createNonce(),
      view: 'history',
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== this.uri.toString()) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.update(), UPDATE_DELAY_MS);
      }),
    );
  }

  private receive(data: unknown): void {
    const message = validate(toExtension, data);
    if (!message.ok) {
      console.error(`CAP Lens history view: ignored a malformed message: ${message.error}`);
      return;
    }
    const m = message.value;
    if (m.type === 'ready') this.update();
    else if (m.type === 'revealLine') void this.reveal(m.payload.line);
    else if (m.type === 'error') console.error(`CAP Lens history view: ${m.payload.message}`);
  }

  /** Ask the server for the history's verdict and counterexample, and send it to the webview. */
  update(): void {
    const client = this.client();
    if (!client || this.disposed) return;
    client.sendRequest(HISTORY_VIEW_REQUEST, { uri: this.uri.toString() }).then(
      (view) => {
        const checked = validate(historyViewModel, view, 'history');
        if (checked.ok) this.post({ type: 'history', payload: checked.value });
        else if (view !== null) console.error(`CAP Lens history view: the server sent ${checked.error}`);
      },
      (e: unknown) => console.error(`CAP Lens history view: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private async reveal(line: number): Promise<void> {
    const document = await vscode.workspace.openTextDocument(this.uri);
    const l = Math.max(0, Math.min(document.lineCount - 1, line - 1));
    const range = document.lineAt(l).range;
    const column = vscode.window.visibleTextEditors.find((e) => e.document === document)?.viewColumn ?? vscode.ViewColumn.One;
    const editor = await vscode.window.showTextDocument(document, { viewColumn: column, selection: range, preserveFocus: false });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private post(message: ToWebview): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    HistoryPanel.panels.delete(this.uri.toString());
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
