// The status bar item beside a CAP design: which `.caplens.yaml` sets its rule severities (the same lookup
// the language server does, stopping at the workspace folder), so a finding that is missing or milder than
// expected has a visible reason. Clicking it opens that file. Which file applies is the build's to say: the Node
// build looks on disk as its server does, the browser build among the files it sent its server.

import * as vscode from 'vscode';
import { CONFIG_FILE_NAME } from '../../server/src/core/analysis/config';

export function registerConfigStatus(
  context: vscode.ExtensionContext,
  languageId: string,
  configFileFor: (uri: vscode.Uri) => vscode.Uri | undefined,
  changed: vscode.Event<void>,
): void {
  const item = vscode.window.createStatusBarItem('capLens.config', vscode.StatusBarAlignment.Right, 100);
  item.name = 'CAP Lens rule settings';
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== languageId) {
      item.hide();
      return;
    }
    const config = configFileFor(doc.uri);
    item.text = config ? '$(settings-gear) CAP Lens' : '$(check) CAP Lens';
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(
      config
        ? `Rule severities from ${vscode.workspace.asRelativePath(config)}`
        : `Rule severities: the defaults (no ${CONFIG_FILE_NAME} in this workspace)`,
    );
    tooltip.appendText('\n\nYour capLens.rules settings apply on top.');
    item.tooltip = tooltip;
    item.command = config ? { title: `Open ${CONFIG_FILE_NAME}`, command: 'vscode.open', arguments: [config] } : undefined;
    item.show();
  };
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
  context.subscriptions.push(
    item,
    watcher,
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeWorkspaceFolders(update),
    watcher.onDidCreate(update),
    watcher.onDidDelete(update),
    changed(update),
  );
  update();
}
