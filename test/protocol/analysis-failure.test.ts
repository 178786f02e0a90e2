// When an analysis throws, the editor is told: the earlier diagnostics are replaced by one error on line 1
// saying checking stopped, and the reason goes to the output channel (window/logMessage). The server runs
// in-process over in-memory streams, with a rule lookup that fails on demand to make the analysis throw.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { createConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { createProtocolConnection, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startServer } from '../../server/src/lsp/server';

it('replaces stale diagnostics with a line-1 error and logs the reason when an analysis fails', async () => {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  let failing = false;
  startServer(createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient)), {
    fileRules: () => {
      if (failing) throw new Error('disk on fire');
      return {};
    },
  });
  const client = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const published: PublishDiagnosticsParams[] = [];
  const logs: string[] = [];
  let notify = () => {};
  client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    published.push(p);
    notify();
  });
  client.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) logs.push(p.message);
  });
  client.listen();
  const next = (version: number) =>
    new Promise<PublishDiagnosticsParams>((resolve) => {
      const check = () => {
        const hit = published.find((p) => p.version === version);
        if (hit) resolve(hit);
      };
      notify = check;
      check();
    });
  await client.sendRequest('initialize', {
    processId: null,
    rootUri: null,
    capabilities: {},
    initializationOptions: { settings: { diagnosticsDelay: 0 } },
  });
  client.sendNotification('initialized', {});
  const uri = 'file:///work/failing.cap.yaml';
  const text =
    'system: shop\ndatastores:\n  kv:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 1\n    conflicts: crdt\n    claims: {consistency: strong}\n';
  client.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'cap-yaml', version: 1, text } });
  assert.ok((await next(1)).diagnostics.some((d) => d.code === 'claim-needs-quorum-overlap'));

  failing = true;
  client.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ text: text.replace('shop', 'shops') }],
  });
  const failed = await next(2);
  assert.equal(failed.diagnostics.length, 1, 'the stale findings are gone');
  const [d] = failed.diagnostics;
  assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 'system: shops'.length } });
  assert.equal(d.severity, 1);
  assert.match(
    String(d.message),
    /^CAP Lens could not check this file: an internal error stopped the analysis \(Error: disk on fire\)/,
  );
  assert.ok(
    logs.some((l) => l.includes('disk on fire') && l.includes(uri)),
    'the reason is in the output channel',
  );

  failing = false;
  client.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text }] });
  assert.ok(
    (await next(3)).diagnostics.some((d) => d.code === 'claim-needs-quorum-overlap'),
    'checking resumes',
  );
  client.dispose();
});
