// Jepsen histories through the built language server over stdio, as VS Code sends them (language
// `jepsen-history`): the verdict as a diagnostic at the first operation of the minimal witness, positioned
// errors for malformed entries, silence for files that hold no history, and the timeline request.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, startServer, type TestClient } from '../support/lsp-client';

const ETCD = join(ROOT, '..', 'shared', 'corpora', 'porcupine', 'jepsen');
let client: TestClient;

before(async () => {
  client = await startServer();
});

after(async () => {
  await client?.close();
});

describe('Jepsen histories in the language server', () => {
  test('a failing history: one diagnostic at the first operation of its witness, the witness as related information', async () => {
    const uri = 'file:///store/etcd_000.log';
    client.open(uri, readFileSync(join(ETCD, 'etcd_000.log'), 'utf8'), 1, 'jepsen-history');
    const { diagnostics } = await client.diagnostics(uri, 1);
    assert.equal(diagnostics.length, 1);
    const [d] = diagnostics;
    assert.equal(d.code, 'history-not-linearizable');
    assert.equal(
      d.codeDescription?.href,
      'https://github.com/cap-lens/cap-lens/blob/main/docs/histories.md#history-not-linearizable',
    );
    assert.equal(d.severity, 1);
    assert.deepEqual(d.range, {
      start: { line: 3, character: 0 },
      end: { line: 3, character: 'INFO  jepsen.util - 1\t:invoke\t:write\t2'.length },
    });
    assert.match(
      String(d.message),
      /^Not linearizable: read by process 11 \(line 85\) returned 2, but while it ran the register could only hold 0, 1, 3 or 4\. The 7 operations from here to line 85 are not linearizable on their own/,
    );
    assert.deepEqual(
      d.relatedInformation!.map((r) => [r.location.range.start.line + 1, r.message]),
      [
        [4, 'write 2 by process 1 (ok)'],
        [21, 'write 2 by process 0 (ok)'],
        [44, 'write 2 by process 4 (ok)'],
        [57, 'write 2 by process 2 (ok)'],
        [65, 'write 2 by process 2 (ok)'],
        [74, 'write 1 by process 0 (ok)'],
        [85, 'read → 2 by process 11: cannot take effect'],
      ],
    );
    const view = (await client.connection.sendRequest('capLens/historyView', { uri })) as {
      verdict: string;
      ops: { line: number; failing: boolean }[];
    };
    assert.equal(view.verdict, 'not-linearizable');
    assert.deepEqual(
      view.ops.filter((o) => o.failing).map((o) => o.line),
      [85],
    );
    // Design features stay out of histories.
    assert.equal(
      await client.connection.sendRequest<unknown>('textDocument/hover', {
        textDocument: { uri },
        position: { line: 3, character: 2 },
      }),
      null,
    );
  });

  test('a linearizable history, and a .log that holds no history, get no diagnostic', async () => {
    client.open('file:///store/etcd_002.log', readFileSync(join(ETCD, 'etcd_002.log'), 'utf8'), 1, 'jepsen-history');
    assert.deepEqual((await client.diagnostics('file:///store/etcd_002.log', 1)).diagnostics, []);
    client.open('file:///store/n1.log', '2024-01-01 etcd started\n2024-01-01 elected leader\n', 1, 'jepsen-history');
    assert.deepEqual((await client.diagnostics('file:///store/n1.log', 1)).diagnostics, []);
  });

  test('malformed entries are errors at their line and column', async () => {
    const uri = 'file:///bad.log';
    client.open(
      uri,
      'INFO jepsen.util - 0 :invoke :write 1\nINFO jepsen.util - 0 :ok :write 1\nINFO jepsen.util - 1 :invoke :read nil\nINFO jepsen.util - 1 :ok :read [1\n',
      1,
      'jepsen-history',
    );
    const { diagnostics } = await client.diagnostics(uri, 1);
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start, d.message]),
      [
        [
          'history-unreadable',
          { line: 3, character: 33 },
          "cannot read the value: unclosed sequence, expected ']'. The history cannot be checked until every operation reads.",
        ],
      ],
    );
    assert.deepEqual(client.errors(), []);
  });
});
