// The server over real stdio, fed frames as a broken or hostile client writes them: any framing fault is
// logged and ends the process (a client sees the exit and restarts it), instead of a live server that
// never reads another message; the LSP lifecycle is enforced (requests before `initialize`, a second
// `initialize`, requests after `shutdown`).

import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from '../support/lsp-client';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const request = (id: number, method: string, params: unknown = {}) =>
  frame(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
const initialize = (id = 1) => request(id, 'initialize', { processId: null, rootUri: null, capabilities: {} });

interface Server {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the response to request `id`. */
  response(id: number): Promise<{ result?: unknown; error?: { code: number; message: string } }>;
  exit: Promise<number | null>;
  stderr(): string;
}

function spawnServer(): Server {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = Buffer.alloc(0);
  let err = '';
  const messages: { id?: number; result?: unknown; error?: { code: number; message: string } }[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    out = Buffer.concat([out, d]);
    for (;;) {
      const end = out.indexOf('\r\n\r\n');
      if (end < 0) break;
      const length = Number(/Content-Length: (\d+)/i.exec(out.subarray(0, end).toString())![1]);
      if (out.length < end + 4 + length) break;
      messages.push(JSON.parse(out.subarray(end + 4, end + 4 + length).toString()));
      out = out.subarray(end + 4 + length);
    }
    waiters.splice(0).forEach((w) => w());
  });
  child.stderr.on('data', (d) => (err += d));
  // A server that should have ended and did not fails the test in 10 s instead of hanging the run.
  const exit = new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not exit within 10 s; stderr: ${err}`)), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  exit.catch(() => child.kill('SIGKILL'));
  return {
    child,
    exit,
    stderr: () => err,
    async response(id) {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const hit = messages.find((m) => m.id === id);
        if (hit) return hit;
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no response to request ${id}; stderr: ${err}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
    },
  };
}

describe('framing faults end the server with a logged reason', () => {
  for (const [name, bytes, reason] of [
    ['a missing Content-Length', 'X-Nothing: 1\r\n\r\n{}', /a message has no Content-Length header/],
    ["Content-Length 'abc'", 'Content-Length: abc\r\n\r\n{}', /Content-Length 'abc' is not a byte count/],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{}', /Content-Length '-5' is not a byte count/],
    ['Content-Length 1e12', 'Content-Length: 1e12\r\n\r\n{}', /Content-Length '1e12' is not a byte count/],
    [
      'an absurd Content-Length',
      'Content-Length: 3000000000\r\n\r\n{}',
      /Content-Length 3000000000 is beyond the 64 MB a message may have/,
    ],
    [
      'a Content-Length shorter than the body',
      'Content-Length: 10\r\n\r\n{"jsonrpc":"2.0","id":2,"method":"shutdown"}',
      /a message body is not JSON .*its Content-Length may not match it/,
    ],
    ['a header section that never ends', `Content-Length: 2${' '.repeat(10_000)}`, /no end of headers within 8192 bytes/],
  ] as const) {
    it(`exits 1 on ${name}, saying why on stderr`, async () => {
      const server = spawnServer();
      server.child.stdin.write(initialize());
      assert.ok((await server.response(1)).result, 'initialized');
      server.child.stdin.write(bytes);
      assert.equal(await server.exit, 1);
      assert.match(server.stderr(), /^CAP Lens language server: unreadable message from the client: /);
      assert.match(server.stderr(), reason);
    });
  }
});

describe('the LSP lifecycle', () => {
  it('answers a request before initialize with ServerNotInitialized, and drops notifications', async () => {
    const server = spawnServer();
    server.child.stdin.write(
      frame(
        JSON.stringify({
          jsonrpc: '2.0',
          method: 'textDocument/didOpen',
          params: { textDocument: { uri: 'file:///x.cap.yaml', languageId: 'cap-yaml', version: 1, text: 'system: s\n' } },
        }),
      ),
    );
    server.child.stdin.write(
      request(1, 'textDocument/hover', { textDocument: { uri: 'file:///x.cap.yaml' }, position: { line: 0, character: 0 } }),
    );
    const refused = await server.response(1);
    assert.equal(refused.error?.code, -32002);
    assert.match(refused.error!.message, /'textDocument\/hover' came before 'initialize'/);
    server.child.stdin.write(initialize(2));
    assert.ok((await server.response(2)).result);
    server.child.stdin.write(
      request(3, 'textDocument/hover', { textDocument: { uri: 'file:///x.cap.yaml' }, position: { line: 0, character: 0 } }),
    );
    assert.deepEqual((await server.response(3)).result, null, 'the early didOpen was dropped: the document is unknown');
    server.child.kill();
  });

  it('refuses a second initialize with InvalidRequest', async () => {
    const server = spawnServer();
    server.child.stdin.write(initialize(1) + initialize(2));
    assert.ok((await server.response(1)).result);
    const second = await server.response(2);
    assert.equal(second.error?.code, -32600);
    assert.equal(second.error?.message, "'initialize' may be sent only once.");
    server.child.kill();
  });

  it('answers requests after shutdown with InvalidRequest, and exits 0 on exit', async () => {
    const server = spawnServer();
    server.child.stdin.write(
      initialize(1) +
        request(2, 'shutdown') +
        request(3, 'textDocument/documentSymbol', { textDocument: { uri: 'file:///x.cap.yaml' } }),
    );
    assert.deepEqual((await server.response(2)).result, null);
    const after = await server.response(3);
    assert.equal(after.error?.code, -32600);
    assert.match(after.error!.message, /'textDocument\/documentSymbol' came after 'shutdown'/);
    server.child.stdin.write(frame(JSON.stringify({ jsonrpc: '2.0', method: 'exit' })));
    assert.equal(await server.exit, 0);
  });
});
