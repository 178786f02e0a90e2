// The editor's side of an LSP session over any transport, for tests: initialize as VS Code does, record the
// published diagnostics and wait for them (an event, never a sleep), open and change documents. The stdio
// client (./lsp-client.ts) runs it over the Node server's standard streams; test/browser/ over postMessage to
// the browser build in a Web Worker.

import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
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

type Position = { line: number; character: number };

export interface Session {
  connection: ProtocolConnection;
  /** What the server said of itself in its `initialize` answer. */
  serverInfo?: { name: string; version?: string };
  /** Resolves with the first diagnostics published for `uri` (at `version`, when given). */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the first diagnostics published for `uri` at `version` that satisfy `test` (a later publish may be it). */
  diagnosticsWhere(
    uri: string,
    version: number,
    test: (p: PublishDiagnosticsParams) => boolean,
    timeoutMs?: number,
  ): Promise<PublishDiagnosticsParams>;
  /** Resolves with the next diagnostics published for `uri` from now on (a republish at the same version too). */
  nextDiagnostics(uri: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Every diagnostics notification received so far, in order. */
  published(): readonly PublishDiagnosticsParams[];
  /** Every diagnostics notification received so far for `uri`, oldest first. */
  publishedFor(uri: string): PublishDiagnosticsParams[];
  /** `languageId` as an editor sends it: 'cap-yaml' (the default) or 'markdown'. */
  open(uri: string, text: string, version?: number, languageId?: string): void;
  change(uri: string, version: number, changes: { range?: { start: Position; end: Position }; text: string }[]): void;
  /** didClose: the editor closed the document. */
  closeDocument(uri: string): void;
  /** Error-level `window/logMessage`s: the server reports its own internal failures there. */
  errors(): string[];
  /** The code actions the server offers for `diagnostic` of `uri`, asked at its range as VS Code asks. */
  quickFixes(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]>;
  /** shutdown, exit, and the connection disposed. */
  end(): Promise<void>;
}

export interface SessionOptions {
  /** The `capLens` settings section. */
  settings?: unknown;
  /** URIs of the workspace folders. */
  workspaceFolders?: string[];
  /** More `initializationOptions` (the browser build takes `ruleFiles` there). */
  initializationOptions?: Record<string, unknown>;
  processId?: number | null;
  /** What to add to a timeout's message (the server's standard error, the page's errors). */
  describe?: () => string;
}

/** Initializes the server on `connection` (created, not yet listening) and returns the session. */
export async function openSession(connection: ProtocolConnection, options: SessionOptions = {}): Promise<Session> {
  const published: PublishDiagnosticsParams[] = [];
  const waiters: {
    uri: string;
    version?: number;
    test?: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  const wait = (uri: string, version: number | undefined, timeoutMs: number, test?: (p: PublishDiagnosticsParams) => boolean) =>
    new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const what = `${test ? 'matching ' : ''}diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`;
      const timer = setTimeout(
        () => reject(new Error(`no ${what} within ${timeoutMs} ms${options.describe ? `; ${options.describe()}` : ''}`)),
        timeoutMs,
      );
      waiters.push({
        uri,
        version,
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    for (const w of waiters.slice()) {
      if (w.uri === p.uri && (w.version === undefined || w.version === p.version) && (!w.test || w.test(p))) {
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
  const initialized: { serverInfo?: { name: string; version?: string } } = await connection.sendRequest('initialize', {
    processId: options.processId ?? null,
    rootUri: null,
    workspaceFolders: options.workspaceFolders?.map((uri) => ({ uri, name: uri })) ?? null,
    capabilities: {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
      textDocument: {
        hover: { contentFormat: ['markdown'] },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        rename: { prepareSupport: true },
      },
    },
    initializationOptions: { settings: options.settings ?? {}, ...options.initializationOptions },
  });
  void connection.sendNotification('initialized', {});
  return {
    connection,
    serverInfo: initialized.serverInfo,
    diagnostics(uri, version, timeoutMs = 10_000) {
      const hit = published.find((p) => p.uri === uri && (version === undefined || p.version === version));
      return hit && version !== undefined ? Promise.resolve(hit) : wait(uri, version, timeoutMs);
    },
    diagnosticsWhere(uri, version, test, timeoutMs = 30_000) {
      const hit = published.find((p) => p.uri === uri && p.version === version && test(p));
      return hit ? Promise.resolve(hit) : wait(uri, version, timeoutMs, test);
    },
    nextDiagnostics: (uri, timeoutMs = 10_000) => wait(uri, undefined, timeoutMs),
    published: () => published,
    publishedFor: (uri) => published.filter((p) => p.uri === uri),
    open(uri, text, version = 1, languageId = 'cap-yaml') {
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, changes) {
      void connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    closeDocument(uri) {
      void connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    },
    errors: () => errors,
    quickFixes: async (uri, diagnostic) =>
      (await connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic] },
      })) as CodeAction[],
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
 * A JSON-RPC connection whose messages leave through `send` and arrive through the returned `receive`: for
 * transports the library has no reader and writer for (a Web Worker in a page driven from Node).
 */
export function callbackConnection(send: (message: Message) => Promise<void>): {
  connection: ProtocolConnection;
  receive: (message: Message) => void;
} {
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
