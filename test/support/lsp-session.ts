// The editor's side of an LSP session over any transport, for tests: initialize as VS Code does, record the
// published diagnostics and wait for them (an event, never a sleep), open and change documents. The stdio
// client (./lsp-client.ts) starts the Node server; test/browser/ speaks to the browser build in a Web Worker.

import {
  AbstractMessageReader,
  AbstractMessageWriter,
  createProtocolConnection,
  type DataCallback,
  type Disposable,
  type Message,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export interface Session {
  connection: ProtocolConnection;
  /** Resolves with the first diagnostics published for `uri` at `version` (at any version when left out). */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the next diagnostics published for `uri` from now on (a republish at the same version too). */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** `languageId` as an editor sends it: 'cap-yaml' (the default) or 'markdown'. */
  open(uri: string, text: string, version?: number, languageId?: string): void;
  change(uri: string, version: number, changes: { text: string }[]): void;
  close(uri: string): void;
  /** Every diagnostics notification received so far for `uri`, oldest first. */
  publishedFor(uri: string): PublishDiagnosticsParams[];
  /** Error-level `window/logMessage`s: the server reports its own internal failures there. */
  errors(): string[];
  /** shutdown, exit, and the connection disposed. */
  end(): Promise<void>;
}

export interface SessionOptions {
  /** The `capLens` settings section. */
  settings?: unknown;
  /** More `initializationOptions` (the browser build takes `ruleFiles` there). */
  initializationOptions?: Record<string, unknown>;
  /** For messages in errors. */
  describe?: () => string;
}

/** Initializes the server on `connection` (already created, not yet listening) and returns the session. */
export async function openSession(connection: ProtocolConnection, options: SessionOptions = {}): Promise<Session> {
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const wait = (uri: string, version: number | undefined, timeoutMs: number) =>
    new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}${version === undefined ? '' : ` v${version}`} within ${timeoutMs} ms${options.describe ? `; ${options.describe()}` : ''}`)), timeoutMs);
      waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of waiters.slice()) {
      if (w.uri === p.uri && (w.version === undefined || w.version === p.version)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.onRequest('workspace/configuration', () => [options.settings ?? {}]);
  connection.onRequest('client/registerCapability', () => null);
  const errors: string[] = [];
  connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
  });
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: null,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
      textDocument: { hover: { contentFormat: ['markdown'] }, publishDiagnostics: { relatedInformation: true, versionSupport: true }, rename: { prepareSupport: true } },
    },
    initializationOptions: { settings: options.settings ?? {}, ...options.initializationOptions },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    diagnostics(uri, version, timeoutMs = 20_000) {
      const hit = published.find((p) => p.uri === uri && (version === undefined || p.version === version));
      return hit && version !== undefined ? Promise.resolve(hit) : wait(uri, version, timeoutMs);
    },
    nextDiagnostics: (uri, timeoutMs = 20_000) => wait(uri, undefined, timeoutMs),
    open(uri, text, version = 1, languageId = 'cap-yaml') {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, changes) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    close(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    publishedFor: (uri) => published.filter((p) => p.uri === uri),
    errors: () => errors,
    async end() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        /* the server may already be gone */
      }
      connection.dispose();
    },
  };
}

/**
 * A JSON-RPC connection whose messages travel through `send` and arrive through the returned `receive`: for
 * transports the library has no reader and writer for (a Web Worker in a page driven from Node).
 */
export function callbackConnection(send: (message: Message) => Promise<void>): { connection: ProtocolConnection; receive: (message: Message) => void } {
  let callback: DataCallback | undefined;
  const queued: Message[] = [];
  const reader = new (class extends AbstractMessageReader {
    listen(cb: DataCallback): Disposable {
      callback = cb;
      for (const m of queued.splice(0)) cb(m);
      return { dispose: () => (callback = undefined) };
    }
  })();
  // One message at a time, in order: each send completes before the next starts.
  let last = Promise.resolve();
  const writer = new (class extends AbstractMessageWriter {
    write(message: Message): Promise<void> {
      last = last.then(() => send(message)).catch((e: unknown) => this.fireError(e as Error, message, 1));
      return last;
    }
    end(): void {}
  })();
  return {
    connection: createProtocolConnection(reader, writer),
    receive: (message) => (callback ? callback(message) : queued.push(message)),
  };
}
