// The extension's Node build (`main` in package.json, dist/client.js): desktop VS Code, code-server and remote
// hosts. The language server runs in its own Node process (dist/server.js, over IPC), and the analysis the
// extension host runs itself is a separate bundle (dist/review.js), loaded on first use so that activating for a
// Markdown file does not load the analysis core. Everything else is shared with the browser build (./activate.ts).

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { findConfigFile, lookupRoot } from '../../server/src/node/config-file';
import { SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';
import { activateCapLens, deactivateCapLens, type CapLensApi } from './activate';
import type * as Review from './review/index';

export { LANGUAGE_ID, type CapLensApi } from './activate';

export function activate(context: vscode.ExtensionContext): Promise<CapLensApi> {
  let review: typeof Review | undefined;
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: {
      module: serverModule,
      transport: TransportKind.ipc,
      options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6019'] },
    },
  };
  return activateCapLens(context, {
    // The Node server reads `.caplens.yaml` from disk (server/src/node/config-file.ts): file events tell it when
    // to read again. The browser server gets the rules themselves by notification instead.
    createClient: (options) =>
      new LanguageClient('capLens', 'CAP Lens', serverOptions, {
        ...options,
        synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/.caplens.yaml') },
      }),
    review: () => (review ??= require(context.asAbsolutePath(path.join('dist', 'review.js'))) as typeof Review),
    configFileFor: diskConfigFile,
  });
}

/** The `.caplens.yaml` the Node server applies to a design: found on disk, the way it finds it. */
function diskConfigFile(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme !== 'file') return undefined;
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const dir = path.dirname(uri.fsPath);
  const config = findConfigFile(dir, lookupRoot(dir, { workspaceFolders: folders }));
  return config ? vscode.Uri.file(config) : undefined;
}

export const deactivate = deactivateCapLens;
