// The status bar item beside a CAP design: which `.caplens.yaml` sets its rule severities (the same lookup
// the language server does, stopping at the workspace folder), so a finding that is missing or milder than
// expected has a visible reason. Clicking it opens that file.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { findConfigFile, lookupRoot } from '../../server/src/node/config-file';

export function registerConfigStatus(context: vscode.ExtensionContext, languageId: string): void {
  const item = vscode.window.createStatusBarItem('capLens.config', vscode.StatusBarAlignment.Right, 100);
  item.name = 'CAP Lens rule settings';
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== languageId) {
      item.hide();
      return;
    }
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const dir = path.dirname(doc.uri.fsPath);
    const config = doc.uri.scheme === 'file' ? findConfigFile(dir, lookupRoot(dir, { workspaceFolders: folders })) : undefined;
    item.text = config ? '$(settings-gear) CAP Lens' : '$(check) CAP Lens';
    const tooltip = new vscode.MarkdownString(undefined, false);
    tooltip.appendText(config ? `Rule severities from ${vscode.workspace.asRelativePath(config)}` : 'Rule severities: the defaults (no .caplens.yaml in this workspace)');
    tooltip.appendText('\n\nYour capLens.rules settings apply on top.');
    item.tooltip = tooltip;
    item.command = config ? { title: 'Open .caplens.yaml', command: 'vscode.open', arguments: [vscode.Uri.file(config)] } : undefined;
    item.show();
  };
  const watcher = vscode.workspace.createFileSystemWatcher('**/.caplens.yaml');
  context.subscriptions.push(item, watcher, vscode.window.onDidChangeActiveTextEditor(update), vscode.workspace.onDidChangeWorkspaceFolders(update), watcher.onDidCreate(update), watcher.onDidDelete(update));
  update();
}
