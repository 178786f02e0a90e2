// The VS Code extension: starts the CAP Lens language server for *.cap.yaml files, Jepsen histories and Markdown
// files with design fences, contributes the Markdown preview's review cards, and registers the commands (new
// design, restart server, open simulator, history timeline, compare with a revision).
//
// Opening any Markdown file activates the extension (its preview may hold designs), but the language server
// starts only once a document needs it: a design, a history, or Markdown with a design fence. Plain Markdown
// costs a scan of its text for a fence, nothing more. The analysis the extension host runs itself (preview
// cards, compare) is a separate bundle, loaded on first use.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';
import { NEW_DESIGN_TEMPLATE } from './template';
import { registerHistories } from './history/register';
import { registerConfigStatus } from './config-status';
import { registerSimulator } from './simulator/register';
import { HISTORY_LANGUAGE } from '../../server/src/lsp/history-protocol';
import { MARKDOWN_LANGUAGE_IDS } from '../../server/src/core/markdown/analyze';
import { findDesignFences, mayHoldFences } from '../../server/src/core/markdown/fences';
import { registerCompare } from './compare/command';
import type * as Review from './review/index';
import { RuleSettingsCache } from './rule-settings';

export const LANGUAGE_ID = 'cap-yaml';
let client: LanguageClient | undefined;

/** What the extension gives other extensions: the language client (once started) and, to the Markdown preview, its plugin. */
export interface CapLensApi {
  client: () => LanguageClient | undefined;
  extendMarkdownIt<M>(md: M): M;
}

/** The documents the language server is for. Markdown only with a design fence in it. */
function needsServer(doc: vscode.TextDocument): boolean {
  if (doc.languageId === LANGUAGE_ID || doc.languageId === HISTORY_LANGUAGE) return true;
  if (!MARKDOWN_LANGUAGE_IDS.includes(doc.languageId) || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled')) return false;
  const text = doc.getText();
  return mayHoldFences(text) && findDesignFences(text).length > 0;
}

export async function activate(context: vscode.ExtensionContext): Promise<CapLensApi> {
  const output = vscode.window.createOutputChannel('CAP Lens', { log: true });
  context.subscriptions.push(output);
  let starting: Promise<void> | undefined;
  const ensureClient = (): Promise<void> => {
    if (starting) return starting;
    client = createClient(context, output);
    starting = client.start();
    return starting;
  };
  const watch = vscode.Disposable.from(
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (needsServer(doc)) void ensureClient();
    }),
    // A fence typed into a Markdown file: only the lines of the change are looked at until one appears.
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (starting || !MARKDOWN_LANGUAGE_IDS.includes(e.document.languageId)) return;
      if (e.contentChanges.some((c) => /`{3}|~{3}|cap-lens/.test(e.document.lineAt(Math.min(c.range.start.line, e.document.lineCount - 1)).text + c.text)) && needsServer(e.document)) void ensureClient();
    }),
  );
  context.subscriptions.push(watch);
  if (vscode.workspace.textDocuments.some(needsServer)) await ensureClient();

  const settings = new RuleSettingsCache();
  context.subscriptions.push(settings);
  let review: typeof Review | undefined;
  // Loaded on first use: dist/review.js holds the analysis core the host runs itself.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loadReview = (): typeof Review => (review ??= require(context.asAbsolutePath(path.join('dist', 'review.js'))) as typeof Review);
  registerCompare(context, loadReview, settings);

  context.subscriptions.push(
    vscode.commands.registerCommand('capLens.restartServer', async () => {
      if (!client) return ensureClient();
      output.info('Restarting the CAP Lens language server');
      await client.restart();
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
  registerConfigStatus(context, LANGUAGE_ID);
  return {
    client: () => client,
    // `markdown.markdownItPlugins`: VS Code's preview passes its markdown-it instance here.
    extendMarkdownIt<M>(md: M): M {
      return loadReview().capLensMarkdownIt(md as unknown as Parameters<typeof Review.capLensMarkdownIt>[0], { overrides: (env) => settings.overridesFor((env as { currentDocument?: vscode.Uri } | undefined)?.currentDocument) }) as unknown as M;
    },
  };
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Markdown is sent in full; the server analyses only its design fences and says nothing about the rest.
    documentSelector: [{ language: LANGUAGE_ID }, { language: HISTORY_LANGUAGE }, ...MARKDOWN_LANGUAGE_IDS.map((language) => ({ language }))],
    outputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('capLens') },
    // Only `.caplens.yaml` is ever read (see server/src/node/config-file.ts).
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.caplens.yaml') },
  };
  return new LanguageClient('capLens', 'CAP Lens', serverOptions, clientOptions);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
