// A minimal LSP client for tests: starts the built server over stdio as an editor would, and waits for
// events (published diagnostics for a given version) rather than sleeping.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const ROOT = join(__dirname, '..', '..');

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  /** Resolves with the first diagnostics published for `uri` (at `version`, when given). */
  diagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Resolves with the first diagnostics published for `uri` at `version` that satisfy `test` (a later publish may be it). */
  diagnosticsWhere(uri: string, version: number, test: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Every diagnostics notification received so far, in order. */
  published(): readonly PublishDiagnosticsParams[];
  /** `languageId` as an editor sends it: 'cap-yaml' (the default) or 'markdown'. */
  open(uri: string, text: string, version?: number, languageId?: string): void;
  change(uri: string, version: number, changes: { range?: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[]): void;
  /** Every diagnostics notification received so far for `uri`, oldest first. */
  publishedFor(uri: string): PublishDiagnosticsParams[];
  stderr(): string;
  /** Error-level `window/logMessage`s: the server reports its own internal failures there. */
  errors(): string[];
  close(): Promise<void>;
}

export async function startServer(options: { command?: string[]; settings?: unknown; workspaceFolders?: string[] } = {}): Promise<TestClient> {
  const command = options.command ?? [process.execPath, join(ROOT, 'dist', 'server.js'), '--stdio'];
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; version?: number; test?: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
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
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: options.workspaceFolders?.map((path) => ({ uri: pathToFileURL(path).href, name: path })) ?? null,
    capabilities: {
      workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
      textDocument: { hover: { contentFormat: ['markdown'] }, publishDiagnostics: { relatedInformation: true, versionSupport: true }, rename: { prepareSupport: true } },
    },
    initializationOptions: { settings: options.settings ?? {} },
  });
  connection.sendNotification('initialized', {});

  return {
    connection,
    process: child,
    diagnostics(uri, version, timeoutMs = 10_000) {
      const hit = published.find((p) => p.uri === uri && (version === undefined || p.version === version));
      if (hit && version !== undefined) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    diagnosticsWhere(uri, version, test, timeoutMs = 30_000) {
      const hit = published.find((p) => p.uri === uri && p.version === version && test(p));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ uri, version, test, resolve: (p) => (clearTimeout(timer), resolve(p)) });
      });
    },
    published: () => published,
    open(uri, text, version = 1, languageId = 'cap-yaml') {
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, changes) {
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    },
    publishedFor: (uri) => published.filter((p) => p.uri === uri),
    stderr: () => stderr,
    errors: () => errors,
    async close() {
      try {
        await connection.sendRequest('shutdown');
        connection.sendNotification('exit');
      } catch {
        /* the server may already be gone */
      }
      connection.dispose();
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => (child.kill('SIGKILL'), resolve()), 2000);
          child.once('exit', () => (clearTimeout(timer), resolve()));
        });
      }
    },
  };
}

/** Offset → LSP position in `text`. */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The position of the `nth` occurrence of `needle` (plus `delta` characters). */
export function positionAt(text: string, needle: string, delta = 0, nth = 0): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found`);
  }
  return positionOf(text, at + delta);
}

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text: string, edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  const sorted = edits.map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText })).sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
