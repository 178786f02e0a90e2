// Starts the browser build of the language server (dist/web/server.js) in a Web Worker of the extension host.
//
// vscode.dev and github.dev serve an extension's files over https, and `new Worker(url)` works there. Hosts that
// serve the extension from a remote (code-server: `vscode-remote://` URIs) refuse it: VS Code's web worker
// extension host throws "Creating workers from remote extensions is currently not supported." (microsoft/vscode
// #168942, coder/code-server #5869; still so in code-server 4.139.1 / VS Code 1.139.1). There the script is read
// through `vscode.workspace.fs`, which reaches remote extension files too, and started from a blob: URL, which the
// host allows: the server still gets a worker of its own, off the extension host's thread.

import * as vscode from 'vscode';

export interface ServerWorker {
  worker: Worker;
  /** How it was started, for the output channel. */
  how: string;
  /** Stops the worker and releases its script. */
  terminate(): void;
}

export async function startServerWorker(extensionUri: vscode.Uri): Promise<ServerWorker> {
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'server.js');
  let refused: string;
  try {
    const worker = new Worker(script.toString(true), { name: 'CAP Lens language server' });
    return { worker, how: `from ${script.toString(true)}`, terminate: () => worker.terminate() };
  } catch (e) {
    refused = e instanceof Error ? e.message : String(e);
  }
  const bytes = await vscode.workspace.fs.readFile(script);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'text/javascript' }));
  // Kept until the worker stops: the host's bootstrap loads the script from this URL after the constructor returns.
  const worker = new Worker(url, { name: 'CAP Lens language server' });
  return {
    worker,
    how: `from a blob: URL of ${script.toString(true)} (${(bytes.length / 1024).toFixed(0)} KB), because this host refused the extension's own URL: ${refused}`,
    terminate: () => {
      worker.terminate();
      URL.revokeObjectURL(url);
    },
  };
}
