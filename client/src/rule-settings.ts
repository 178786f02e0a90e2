// Rule severities for what the extension host renders itself (the Markdown preview's cards, "Compare with …"):
// the nearest `.caplens.yaml` above the document, then the `capLens.rules` settings on top, the order the language
// server and the CLI apply. The config files are read ahead through `vscode.workspace.fs` and kept up to date by a
// watcher, because markdown-it renders synchronously. The browser build also sends them to its language server,
// which has no file system (server/src/lsp/rule-files.ts): one reading, one lookup, for both.

import * as vscode from 'vscode';
import { CONFIG_FILE_NAME, MAX_CONFIG_BYTES, parseConfig } from '../../server/src/core/analysis/config';
import { isRuleName, type RuleSeverityOverrides } from '../../server/src/core/rules/registry';
import { folderKey, nearestConfigFolder, type RuleFile } from '../../server/src/lsp/rule-files';

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

export class RuleSettingsCache implements vscode.Disposable {
  /** Each `.caplens.yaml` and its overrides, by the folderKey of its folder's URI. */
  private readonly configs = new Map<string, { uri: vscode.Uri; rules: RuleSeverityOverrides }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly ready: Promise<void>;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the workspace's config files have first been read, and when one is read again, created or deleted. */
  readonly onDidChange = this.changed.event;

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE_NAME}`);
    this.disposables.push(
      this.changed,
      watcher,
      watcher.onDidCreate((u) => void this.load(u).then(() => this.changed.fire())),
      watcher.onDidChange((u) => void this.load(u).then(() => this.changed.fire())),
      watcher.onDidDelete((u) => {
        this.configs.delete(folderOf(u));
        this.changed.fire();
      }),
    );
    this.ready = Promise.resolve(vscode.workspace.findFiles(`**/${CONFIG_FILE_NAME}`, '**/node_modules/**', 1000)).then(
      async (uris) => {
        await Promise.all(uris.map((u) => this.load(u)));
        this.changed.fire();
      },
    );
  }

  /** Resolves once the workspace's config files have been read. */
  loaded(): Promise<void> {
    return this.ready;
  }

  private async load(uri: vscode.Uri): Promise<void> {
    try {
      // Too large to be a config: it still applies, with no rules (parseConfig refuses it too), as on disk.
      const tooLarge = (await vscode.workspace.fs.stat(uri)).size > MAX_CONFIG_BYTES;
      const text = tooLarge ? '' : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)).replace(/^\uFEFF/, '');
      this.configs.set(folderOf(uri), { uri, rules: parseConfig(text).overrides });
    } catch {
      this.configs.delete(folderOf(uri));
    }
  }

  /** Every config file read so far, for a language server that cannot read them itself. */
  ruleFiles(): RuleFile[] {
    return [...this.configs].map(([folder, { rules }]) => ({ folder, rules }));
  }

  /** The config file that applies to a document: the nearest above it, up to its workspace folder. */
  configFileFor(uri: vscode.Uri): vscode.Uri | undefined {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString());
    const folder = nearestConfigFolder(uri.toString(), (key) => this.configs.has(key), roots);
    return folder === undefined ? undefined : this.configs.get(folder)!.uri;
  }

  /** Severities for a document: its nearest config file alone (files are not merged), then the editor settings. */
  overridesFor(uri: vscode.Uri | undefined): RuleSeverityOverrides {
    const config = uri && this.configFileFor(uri);
    const fromFile = config ? this.configs.get(folderOf(config))!.rules : {};
    const rules = vscode.workspace.getConfiguration('capLens', uri).get<Record<string, unknown>>('rules') ?? {};
    const fromSettings: RuleSeverityOverrides = {};
    for (const [name, value] of Object.entries(rules))
      if (isRuleName(name) && typeof value === 'string' && SEVERITIES.has(value)) fromSettings[name] = value as 'error';
    return { ...fromFile, ...fromSettings };
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

function folderOf(uri: vscode.Uri): string {
  return folderKey(vscode.Uri.joinPath(uri, '..').toString());
}
