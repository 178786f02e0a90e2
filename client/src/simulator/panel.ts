// The simulator panel: one webview per design document, opened beside the editor, fed the design's model on
// every change, and revealing claims in the editor when the webview asks.
//
// No `retainContextWhenHidden`: the webview keeps its settings and the list of faults the user applied with
// `setState`, and the simulation is seeded, so replaying that list rebuilds the exact run when the panel is
// shown again. That costs a few milliseconds instead of a hidden renderer kept alive. The same state (which
// carries the document's URI) lets `revive` restore the panel after a window reload.

import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
  REVEAL_RANGE_METHOD,
  SIMULATOR_MODEL_METHOD,
  type RevealRangeParams,
  type RevealRangeResult,
  type SimulatorModelParams,
  type SimulatorModelResult,
} from '../../../server/src/lsp/requests';
import { baseName } from '../uri-names';
import { createNonce, simulatorHtml } from './html';
import { toExtension, validate, type RevealTarget, type SimulatorModel, type ToWebview } from './protocol';

/** The running language client, which the panel asks for models: the extension host analyses nothing itself. */
export type ClientSource = () => BaseLanguageClient | undefined;

/** Edits arrive per keystroke; the model is rebuilt once typing pauses. */
const UPDATE_DELAY_MS = 250;

export class SimulatorPanel {
  static readonly viewType = 'capLens.simulator';
  private static readonly panels = new Map<string, SimulatorPanel>();

  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The last model whose YAML parsed: shown (with a notice) while the document is broken mid-edit. */
  private lastGood: SimulatorModel | undefined;
  private disposed = false;
  /** The datastore the webview shows, which the server's model describes in full. */
  private selected: string | undefined;

  /**
   * Open the simulator for `document` (its `design`-th design, for a Markdown file holding several) beside the
   * editor, or reveal the one already open and focus `datastore`.
   */
  static show(
    context: vscode.ExtensionContext,
    client: ClientSource,
    document: vscode.TextDocument,
    datastore?: string,
    design = 0,
  ): SimulatorPanel {
    const key = panelKey(document.uri, design);
    const existing = SimulatorPanel.panels.get(key);
    if (existing) {
      existing.panel.reveal(undefined, false);
      if (datastore !== undefined) existing.post({ type: 'focus', payload: { datastore } });
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      SimulatorPanel.viewType,
      titleOf(document.uri),
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      webviewOptions(context),
    );
    const created = new SimulatorPanel(context, client, panel, document.uri, datastore, design);
    SimulatorPanel.panels.set(key, created);
    return created;
  }

  /**
   * Restore a panel VS Code kept across a window reload (registered as the view type's serializer). `state` is
   * what the webview last saved; it names the document. A panel whose document is unknown is closed.
   */
  static revive(context: vscode.ExtensionContext, client: ClientSource, panel: vscode.WebviewPanel, state: unknown): void {
    const uri =
      typeof state === 'object' && state !== null && typeof (state as { uri?: unknown }).uri === 'string'
        ? vscode.Uri.parse((state as { uri: string }).uri)
        : undefined;
    const key = uri?.toString();
    if (!uri || !key || SimulatorPanel.panels.has(key)) {
      panel.dispose();
      return;
    }
    panel.webview.options = webviewOptions(context);
    panel.title = titleOf(uri);
    SimulatorPanel.panels.set(key, new SimulatorPanel(context, client, panel, uri, undefined, 0));
  }

  private constructor(
    context: vscode.ExtensionContext,
    private readonly client: ClientSource,
    private readonly panel: vscode.WebviewPanel,
    private readonly uri: vscode.Uri,
    private focus: string | undefined,
    private readonly design: number,
  ) {
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
    webview.html = simulatorHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
      nonce: createNonce(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((data: unknown) => this.receive(data)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.uri.toString()) this.scheduleUpdate();
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.uri.toString() === this.uri.toString()) this.scheduleUpdate();
      }),
    );
  }

  private receive(data: unknown): void {
    const message = validate(toExtension, data);
    if (!message.ok) {
      console.error(`CAP Lens simulator: ignored a malformed message from the webview: ${message.error}`);
      return;
    }
    const m = message.value;
    switch (m.type) {
      case 'ready':
        void this.sendModel();
        return;
      case 'reveal':
        void this.reveal(m.payload);
        return;
      case 'error':
        console.error(`CAP Lens simulator webview: ${m.payload.message}`);
        return;
      case 'select':
        // The webview shows another datastore: the server describes one datastore per model.
        this.selected = m.payload.datastore;
        void this.sendModel();
        return;
      case 'revealLine':
        return; // the history view's; a design panel has no history lines
    }
  }

  private scheduleUpdate(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.sendModel();
    }, UPDATE_DELAY_MS);
  }

  private document(): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString());
  }

  private async sendModel(): Promise<void> {
    const document = this.document();
    if (this.disposed) return;
    if (!document) {
      // A revived panel whose document is not loaded yet: load it (its open event brings the model).
      vscode.workspace
        .openTextDocument(this.uri)
        .then(undefined, () => this.post({ type: 'model', payload: { model: missingModel(this.uri) } }));
      return;
    }
    const client = this.client();
    if (!client) return;
    let result: SimulatorModelResult | null;
    const datastore = this.focus ?? this.selected;
    try {
      const params: SimulatorModelParams = {
        uri: this.uri.toString(),
        ...(this.design ? { design: this.design } : {}),
        ...(datastore !== undefined ? { datastore } : {}),
      };
      result = await client.sendRequest<SimulatorModelResult | null>(SIMULATOR_MODEL_METHOD, params);
    } catch (e) {
      console.error(
        `CAP Lens simulator: the language server could not build the model: ${e instanceof Error ? e.message : String(e)}`,
      );
      return;
    }
    // The server learns of the document a moment after it opens; its open event asks again.
    if (!result || this.disposed) return;
    const { syntaxBroken } = result;
    let model: SimulatorModel = result.model;
    // The last good model describes one datastore: it stands in only for that one.
    const wanted = datastore ?? this.lastGood?.datastores[0]?.name;
    if (!syntaxBroken) this.lastGood = model;
    else if (this.lastGood?.datastores.some((d) => d.name === wanted))
      model = { ...this.lastGood, notice: 'The YAML has errors: showing the design as it was at the last edit that parsed.' };
    else model = { ...model, notice: 'The YAML has errors: fix them to simulate this design.' };
    this.post({ type: 'model', payload: { model, focus: this.focus } });
    // The code lens's datastore applies to the first model only; after that the user's choice stands.
    if (this.focus !== undefined) this.selected = this.focus;
    this.focus = undefined;
  }

  private async reveal(target: RevealTarget): Promise<void> {
    const document = this.document() ?? (await vscode.workspace.openTextDocument(this.uri));
    const params: RevealRangeParams = { uri: this.uri.toString(), target, ...(this.design ? { design: this.design } : {}) };
    const span = await this.client()?.sendRequest<RevealRangeResult>(REVEAL_RANGE_METHOD, params);
    if (!span) {
      const what =
        target.scenarioPath !== undefined
          ? `scenarios.${target.scenarioPath.replace(/\//g, '.')}`
          : (target.claim ?? target.component ?? target.datastore);
      void vscode.window.showInformationMessage(`CAP Lens: '${what}' is no longer in ${baseName(this.uri)}.`);
      return;
    }
    const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
    // Reuse the column the design is already shown in, so the panel beside it stays visible.
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
    SimulatorPanel.panels.delete(panelKey(this.uri, this.design));
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** Scripts on; local resources from dist/ only (the bundle and its stylesheet). */
function webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
    enableFindWidget: false,
  };
}

function titleOf(uri: vscode.Uri): string {
  return `Simulate: ${baseName(uri)}`;
}

/** What the webview shows for a document that cannot be opened any more (deleted while the panel was closed). */
function missingModel(uri: vscode.Uri): SimulatorModel {
  return {
    uri: uri.toString(),
    fileName: baseName(uri),
    version: 0,
    regions: [],
    names: [],
    datastores: [],
    skipped: [],
    notice: `${baseName(uri)} cannot be opened any more.`,
  };
}

/** One panel per design: a Markdown file holding several designs can show each in its own panel. */
function panelKey(uri: vscode.Uri, design: number): string {
  return design ? `${uri.toString()}#design-${design}` : uri.toString();
}
