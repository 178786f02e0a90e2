// Registers the simulator command and the serializer that restores open panels after a reload; the panel
// itself lives in panel.ts.

import * as vscode from 'vscode';
import { SimulatorPanel, type ClientSource } from './panel';

export function registerSimulator(context: vscode.ExtensionContext, client: ClientSource): void {
  context.subscriptions.push(
    // `design`: which design of a Markdown file holding several (its code lenses pass it).
    vscode.commands.registerCommand(
      'capLens.openSimulator',
      async (uri?: string | vscode.Uri, datastore?: string, design?: number) => {
        const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : (uri ?? vscode.window.activeTextEditor?.document.uri);
        if (!target) {
          void vscode.window.showInformationMessage('Open a *.cap.yaml design to simulate it.');
          return;
        }
        const document = await vscode.workspace.openTextDocument(target);
        SimulatorPanel.show(context, client, document, datastore, typeof design === 'number' ? design : 0);
      },
    ),
    vscode.window.registerWebviewPanelSerializer(SimulatorPanel.viewType, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        SimulatorPanel.revive(context, client, panel, state);
      },
    }),
  );
}
