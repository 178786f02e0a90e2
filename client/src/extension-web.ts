// The extension's browser build (`browser` in package.json, dist/web/client.js), for a web worker extension host:
// vscode.dev, github.dev, and VS Code for the Web in general. Same activation, commands, panels and language
// server as the Node build (./activate.ts); only two things differ. The server (dist/web/server.js, built from the
// same core) runs in a Web Worker and is spoken to over postMessage (./server-worker.ts). And, having no file
// system, it is sent the workspace's `.caplens.yaml` rules, read through `vscode.workspace.fs` (./rule-settings.ts),
// at start and on every change, so the same severities apply as on the desktop. The analysis the host runs itself
// (preview cards) is bundled in: a browser host cannot load a second file the way Node's require does.

import type * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, State } from 'vscode-languageclient/browser';
import { RULE_FILES_NOTIFICATION, type RuleFilesParams } from '../../server/src/lsp/rule-files';
import { activateCapLens, deactivateCapLens, type CapLensApi } from './activate';
import * as review from './review/index';
import { startServerWorker, type ServerWorker } from './server-worker';

export { LANGUAGE_ID, type CapLensApi } from './activate';

/**
 * How long the server's start waits for the workspace's `.caplens.yaml` files to be found and read, so that
 * the first diagnostics already have their severities. Finding files can take long in a large repository on
 * github.dev; the rules then follow by notification when read, and the diagnostics are published again.
 */
const RULE_FILES_WAIT_MS = 2000;

export function activate(context: vscode.ExtensionContext): Promise<CapLensApi> {
  return activateCapLens(context, {
    async createClient(options, settings) {
      await Promise.race([settings.loaded(), new Promise((resolve) => setTimeout(resolve, RULE_FILES_WAIT_MS))]);
      let running: ServerWorker | undefined;
      const client = new LanguageClient(
        'capLens',
        'CAP Lens',
        // Called at every start (and restart): one worker per run of the server. The transports are made here
        // rather than by handing the client the worker: the client recognises a worker with `instanceof Worker`,
        // which fails for the worker a web extension host creates through its own `Worker` wrapper.
        async () => {
          running?.terminate();
          running = await startServerWorker(context.extensionUri);
          options.outputChannel?.appendLine(`Started the CAP Lens language server in a Web Worker ${running.how}`);
          return { reader: new BrowserMessageReader(running.worker), writer: new BrowserMessageWriter(running.worker) };
        },
        { ...options, initializationOptions: { ...(options.initializationOptions as object), ruleFiles: settings.ruleFiles() } },
      );
      // Every change, and the whole list again whenever the server (re)starts: none is lost to a start in progress.
      const sendRules = () => {
        if (client.state === State.Running)
          void client.sendNotification(RULE_FILES_NOTIFICATION, { files: settings.ruleFiles() } satisfies RuleFilesParams);
      };
      context.subscriptions.push(
        settings.onDidChange(sendRules),
        client.onDidChangeState((e) => {
          if (e.newState === State.Running) sendRules();
          // A stopped server's worker would otherwise live on: the browser server's `exit` cannot end its own worker.
          if (e.newState === State.Stopped) {
            running?.terminate();
            running = undefined;
          }
        }),
        { dispose: () => running?.terminate() },
      );
      return client;
    },
    review: () => review,
  });
}

export const deactivate = deactivateCapLens;
