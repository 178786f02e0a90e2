// The language server's entry point in a browser (dist/web/server.js, a Web Worker started by the browser build
// of the extension, client/src/extension-web.ts): the same server and core as the Node build, spoken to over
// `postMessage`. A worker has no file system, so `.caplens.yaml` rule settings come from the client
// (./rule-files.ts): with `initialize`, then whenever one changes. Design scenarios run in a second worker
// started from this same script (./scenario-web-worker.ts), which then serves runs instead of LSP.

import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { ClientRuleFiles, RULE_FILES_NOTIFICATION } from './rule-files';
import { SCENARIO_WORKER_NAME, serveScenarios, webWorkerExecutor } from './scenario-web-worker';
import { startServer } from './server';

function serveLanguage(): void {
  const ruleFiles = new ClientRuleFiles();
  const connection = createConnection(new BrowserMessageReader(self), new BrowserMessageWriter(self));
  const server = startServer(connection, {
    fileRules: (uri, workspaceFolders) => ruleFiles.lookup(uri, workspaceFolders),
    scenarios: webWorkerExecutor,
    // `initializationOptions.ruleFiles`: the RuleFile[] the extension read before starting the server.
    onInitialize: (params) =>
      ruleFiles.set({ files: (params.initializationOptions as { ruleFiles?: unknown } | undefined)?.ruleFiles }),
  });
  connection.onNotification(RULE_FILES_NOTIFICATION, (params: unknown) => {
    ruleFiles.set(params);
    server.republish();
  });
}

if (self.name === SCENARIO_WORKER_NAME) serveScenarios(self as unknown as Parameters<typeof serveScenarios>[0]);
else serveLanguage();
