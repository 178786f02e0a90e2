// The extension's activation, shared by its two builds: extension.ts (Node: desktop VS Code, code-server, remote
// hosts) and extension-web.ts (a browser's web worker extension host: vscode.dev, github.dev). It starts the
// language server for *.cap.yaml files, Jepsen histories and Markdown files with design fences, contributes the
// Markdown preview's review cards, and registers the commands (new design, restart server, open simulator,
// history timeline, compare with a revision). Each build supplies only what differs: how the language client
// reaches its server, and how the analysis the host runs itself is loaded.
//
// Opening any Markdown file activates the extension (its preview may hold designs), but the language server
// starts only once a document needs it: a design, a history, or Markdown with a design fence. Plain Markdown
// costs a scan of its text for a fence, nothing more.

import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { NEW_DESIGN_TEMPLATE } from './template';
import { registerHistories } from './history/register';
import { registerSimulator } from './simulator/register';
import { HISTORY_LANGUAGE } from '../../server/src/lsp/history-protocol';
import { MARKDOWN_LANGUAGE_IDS } from '../../server/src/core/markdown/analyze';
import { findDesignFences, mayHoldFences } from '../../server/src/core/markdown/fences';
import { registerCompare } from './compare/command';
import { registerConfigStatus } from './config-status';
import { isWorkspaceDocument } from './document-schemes';
import type * as Review from './review/index';
import { RuleSettingsCache } from './rule-settings';

export const LANGUAGE_ID = 'cap-yaml';

/** What differs between the Node and the browser build. */
export interface ClientHost {
  /**
   * The language client for `options`, not yet started: its server runs in a Node process (extension.ts) or a
   * Web Worker (extension-web.ts). `settings` holds the workspace's `.caplens.yaml` rules, for a server that
   * cannot read them itself.
   */
  createClient(options: LanguageClientOptions, settings: RuleSettingsCache): BaseLanguageClient | Promise<BaseLanguageClient>;
  /** The analysis the extension host runs itself (Markdown preview cards, "Compare with …"). */
  review(): typeof Review;
  /**
   * The `.caplens.yaml` whose rules the server applies to a design, for the status bar. By default the one
   * found among the files the extension read (what the browser build sends its server).
   */
  configFileFor?(uri: vscode.Uri): vscode.Uri | undefined;
}

/** What the extension gives other extensions: the language client (once started) and, to the Markdown preview, its plugin. */
export interface CapLensApi {
  client: () => BaseLanguageClient | undefined;
  extendMarkdownIt<M>(md: M): M;
}

let client: BaseLanguageClient | undefined;

/** The documents the language server is for. Markdown only with a design fence in it. */
function needsServer(doc: vscode.TextDocument): boolean {
  if (doc.languageId === LANGUAGE_ID || doc.languageId === HISTORY_LANGUAGE) return true;
  if (!MARKDOWN_LANGUAGE_IDS.includes(doc.languageId) || !isWorkspaceDocument(doc.uri)) return false;
  const text = doc.getText();
  return mayHoldFences(text) && findDesignFences(text).length > 0;
}

export async function activateCapLens(context: vscode.ExtensionContext, host: ClientHost): Promise<CapLensApi> {
  const output = vscode.window.createOutputChannel('CAP Lens', { log: true });
  context.subscriptions.push(output);
  const settings = new RuleSettingsCache();
  context.subscriptions.push(settings);
  let starting: Promise<void> | undefined;
  const ensureClient = (): Promise<void> => {
    starting ??= (async () => {
      const created = await host.createClient(clientOptions(output), settings);
      client = created;
      await created.start();
    })().catch((e: unknown) => {
      const reason = e instanceof Error ? e.message : String(e);
      output.error(`The CAP Lens language server did not start: ${reason}`);
      void vscode.window.showErrorMessage(`CAP Lens: the language server did not start (${reason}).`);
    });
    return starting;
  };
  const watch = vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (needsServer(doc)) void ensureClient();
    }),
    // A fence typed into a Markdown file: only the lines of the change are looked at until one appears.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (starting || !MARKDOWN_LANGUAGE_IDS.includes(e.document.languageId)) return;
      if (
        e.contentChanges.some((c) =>
          /`{3}|~{3}|cap-lens/.test(e.document.lineAt(Math.min(c.range.start.line, e.document.lineCount - 1)).text + c.text),
        ) &&
        needsServer(e.document)
      )
        void ensureClient();
    }),
  );
  context.subscriptions.push(watch);
  if (vscode.workspace.textDocuments.some(needsServer)) await ensureClient();

  registerCompare(context, () => host.review(), settings);

  context.subscriptions.push(
    vscode.commands.registerCommand('capLens.restartServer', async () => {
      if (!client) return ensureClient();
      output.info('Restarting the CAP Lens language server');
      await client.stop();
      await client.start();
      void vscode.window.setStatusBarMessage('CAP Lens: language server restarted', 3000);
    }),
    vscode.commands.registerCommand('capLens.newDesign', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: NEW_DESIGN_TEMPLATE });
      await vscode.window.showTextDocument(doc);
    }),
    vscode.commands.registerCommand('capLens.showOutput', () => output.show()),
  );
  registerSimulator(context, () => client);
  registerHistories(context, () => client);
  registerConfigStatus(
    context,
    LANGUAGE_ID,
    (uri) => (host.configFileFor ? host.configFileFor(uri) : settings.configFileFor(uri)),
    settings.onDidChange,
  );
  return {
    client: () => client,
    // `markdown.markdownItPlugins`: VS Code's preview passes its markdown-it instance here.
    extendMarkdownIt<M>(md: M): M {
      const overrides = (env: unknown) =>
        settings.overridesFor((env as { currentDocument?: vscode.Uri } | undefined)?.currentDocument);
      return host
        .review()
        .capLensMarkdownIt(md as unknown as Parameters<typeof Review.capLensMarkdownIt>[0], { overrides }) as unknown as M;
    },
  };
}

function clientOptions(output: vscode.LogOutputChannel): LanguageClientOptions {
  return {
    // Markdown is sent in full; the server analyses only its design fences and says nothing about the rest.
    documentSelector: [
      { language: LANGUAGE_ID },
      { language: HISTORY_LANGUAGE },
      ...MARKDOWN_LANGUAGE_IDS.map((language) => ({ language })),
    ],
    outputChannel: output,
    // As JSON: the configuration object carries methods, which a Web Worker's postMessage cannot clone.
    initializationOptions: { settings: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('capLens'))) as unknown },
  };
}

export async function deactivateCapLens(): Promise<void> {
  await client?.stop();
  client = undefined;
}
