// The VS Code extension: starts the CAP Lens language server for *.cap.yaml files and Jepsen histories, and
// registers the commands (new design, restart server, open simulator, history timeline).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';
import { NEW_DESIGN_TEMPLATE } from './template';
import { registerHistories } from './history/register';
import { registerSimulator } from './simulator/register';
import { HISTORY_LANGUAGE } from '../../server/src/lsp/history-protocol';

export const LANGUAGE_ID = 'cap-yaml';
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<{ client: () => LanguageClient | undefined }> {
  const output = vscode.window.createOutputChannel('CAP Lens', { log: true });
  context.subscriptions.push(output);
  client = createClient(context, output);
  await client.start();

  context.subscriptions.push(
    vscode.commands.registerCommand('capLens.restartServer', async () => {
      if (!client) return;
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
  return { client: () => client };
}

function createClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }, { language: HISTORY_LANGUAGE }],
    outputChannel: output,
    initializationOptions: { settings: vscode.workspace.getConfiguration('capLens') },
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.caplens.{yaml,yml}') },
  };
  return new LanguageClient('capLens', 'CAP Lens', serverOptions, clientOptions);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
