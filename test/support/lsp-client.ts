// A minimal LSP client for tests: starts the built server over stdio as an editor would, and waits for
// events (published diagnostics for a given version) rather than sleeping. The session itself (initialize,
// documents, diagnostics) is ./lsp-session.ts, shared with the browser build's tests.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { LineIndex } from '../../server/src/core/text/lines';
import { openSession, type Session } from './lsp-session';

export const ROOT = join(__dirname, '..', '..');

export interface TestClient extends Session {
  process: ChildProcess;
  stderr(): string;
  /** Ends the session and the server process. */
  close(): Promise<void>;
}

/** `workspaceFolders`: paths. */
export async function startServer(
  options: { command?: string[]; settings?: unknown; workspaceFolders?: string[] } = {},
): Promise<TestClient> {
  const command = options.command ?? [process.execPath, join(ROOT, 'dist', 'server.js'), '--stdio'];
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const session = await openSession(connection, {
    settings: options.settings,
    workspaceFolders: options.workspaceFolders?.map((path) => pathToFileURL(path).href),
    processId: process.pid,
    describe: () => `stderr: ${stderr}`,
  });
  return {
    ...session,
    process: child,
    stderr: () => stderr,
    async close() {
      await session.end();
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve();
          }, 2000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

/** Offset → LSP position in `text` (0-based line and UTF-16 character, lines as the LSP counts them). */
export function positionOf(text: string, offset: number): { line: number; character: number } {
  const lines = new LineIndex(text);
  return { line: lines.line(offset) - 1, character: lines.column(offset) - 1 };
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
export function applyEdits(
  text: string,
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[],
): string {
  const lines = new LineIndex(text);
  const offset = (p: { line: number; character: number }) => lines.lineStart(p.line + 1) + p.character;
  const sorted = edits
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}
