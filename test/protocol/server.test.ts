// Protocol tests: the built server over stdio, driven as an editor drives it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  WorkspaceEdit,
  CodeLens,
} from 'vscode-languageserver-protocol';
import { applyEdits, positionAt, ROOT, startServer, type TestClient } from '../support/lsp-client';

const sample = (name: string) => readFileSync(join(ROOT, 'samples', name), 'utf8');
const uriOf = (name: string) => `file:///work/${name}`;
const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code)).sort();
const hoverText = (h: Hover | null): string =>
  h && typeof h.contents === 'object' && 'value' in h.contents ? String(h.contents.value) : '';

describe('language server over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer();
  });
  after(async () => {
    await client.close();
  });

  it("names itself with package.json's version", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(client.serverInfo, { name: 'CAP Lens', version });
  });

  it('publishes no problems for a consistent design', async () => {
    const uri = uriOf('checkout.cap.yaml');
    client.open(uri, sample('checkout.cap.yaml'));
    const { diagnostics } = await client.diagnostics(uri, 1);
    assert.deepEqual(diagnostics, []);
  });

  it('describes the datastore the simulator panel shows in full, and lists the others by name', async () => {
    const uri = uriOf('checkout.cap.yaml');
    client.open(uri, sample('checkout.cap.yaml'));
    await client.diagnostics(uri, 1);
    type Result = {
      model: {
        names: string[];
        datastores: { name: string }[];
        components: { name: string }[];
        simulation: { stores: { name: string }[] };
      };
    };
    const first = (await client.connection.sendRequest('capLens/simulatorModel', { uri })) as Result;
    const carts = (await client.connection.sendRequest('capLens/simulatorModel', { uri, datastore: 'carts' })) as Result;
    const names = (r: Result) =>
      [r.model.datastores, r.model.components, r.model.simulation.stores].map((l) => l.map((x) => x.name));
    assert.deepEqual(first.model.names, ['ledger', 'carts']);
    // Each model describes one datastore, the components that use it, and only its run.
    assert.deepEqual(names(first), [['ledger'], ['payments'], ['ledger']]);
    assert.deepEqual(names(carts), [['carts'], ['cart'], ['carts']]);
  });

  it('publishes every rule of the broken sample with rule codes, links and related locations', async () => {
    const uri = uriOf('broken.cap.yaml');
    const text = sample('broken.cap.yaml');
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const overlap = diagnostics.find((d) => d.code === 'claim-needs-quorum-overlap')!;
    assert.ok(overlap, 'claim-needs-quorum-overlap reported');
    assert.equal(overlap.source, 'cap-lens');
    assert.match(String(overlap.message), /R\+W = 1\+1 = 2 ≤ N = 3/);
    assert.match(overlap.codeDescription!.href, /docs\/rules\/claim-needs-quorum-overlap\.md$/);
    assert.deepEqual(overlap.range.start, positionAt(text, 'strong           # claim-needs'));
    assert.ok(overlap.relatedInformation!.some((r) => r.message === 'R = 1'));
    for (const rule of [
      'schema',
      'unknown-reference',
      'quorum-out-of-range',
      'ca-across-nodes',
      'concurrent-writes-unresolved',
      'lww-drops-writes',
      'partition-behaviour-contradicts-claim',
      'ap-blocked-by-full-quorum',
      'consensus-needs-majority',
      'linearizable-needs-consensus',
      'async-ack-loses-writes',
      'pacelc-claim-contradicted',
      'tolerance-claim-contradicted',
      'even-replica-majority',
      'component-needs-stronger-consistency',
      'ap-component-on-cp-store',
      'consistency-claim-contradicted',
      'cap-claim-contradicted',
      'unknown-engine',
    ]) {
      assert.ok(codes(diagnostics).includes(rule), `${rule} reported`);
    }
  });

  it('hovers a datastore with the derived card and the quorum arithmetic on R', async () => {
    const uri = uriOf('checkout.cap.yaml');
    const text = sample('checkout.cap.yaml');
    const card = hoverText(
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(text, 'ledger:', 2),
      }),
    );
    assert.match(card, /### ledger · CockroachDB/);
    assert.match(card, /\| PACELC \| PC\/EC \| PC\/EC ✓ \|/);
    assert.match(card, /\| Failures survived \(writes\) \| 2 \| 2 ✓ \|/);
    assert.match(card, /A stale balance lets a user spend/);
    const r = hoverText(
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(text, 'read_quorum: majority', 14),
      }),
    );
    assert.match(r, /R = majority = ⌊5\/2⌋\+1 = 3/);
    assert.match(r, /R\+W = 3\+3 = 6 > N = 5/);
    const claim = hoverText(
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(text, 'consistency: eventual', 15),
      }),
    );
    assert.match(claim, /\*\*eventual\*\*/);
    assert.match(claim, /✓ These settings provide \*\*eventual\*\*/);
    const engine = hoverText(
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(text, 'cockroachdb', 3),
      }),
    );
    assert.match(engine, /Usually \*\*CP\*\*/);
    assert.match(engine, /https:\/\//);
  });

  it('completes keys not yet written, enum values and datastore names', async () => {
    const uri = uriOf('complete.cap.yaml');
    const text =
      'system: s\ndatastores:\n  a:\n    replicas: 3\n    \n  b:\n    replication: \ncomponents:\n  c:\n    uses:\n      \n';
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    const keys = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 4, character: 4 },
    })) as CompletionItem[];
    const labels = keys.map((k) => k.label);
    assert.ok(labels.includes('read_quorum') && labels.includes('claims'));
    assert.ok(!labels.includes('replicas'), 'an existing key is not offered again');
    const values = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 6, character: 17 },
    })) as CompletionItem[];
    assert.deepEqual(values.map((v) => v.label).sort(), ['consensus', 'leader', 'leaderless']);
    const refs = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 10, character: 6 },
    })) as CompletionItem[];
    assert.deepEqual(refs.map((v) => v.label).sort(), ['a', 'b']);
  });

  it('goes to definition, finds references and renames a datastore everywhere', async () => {
    const uri = uriOf('checkout.cap.yaml');
    const text = sample('checkout.cap.yaml');
    const def = (await client.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: positionAt(text, 'ledger: linearizable', 1),
    })) as Location;
    assert.deepEqual(def.range.start, positionAt(text, 'ledger:'));
    const refs = (await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: positionAt(text, 'ledger:'),
      context: { includeDeclaration: true },
    })) as Location[];
    assert.equal(refs.length, 2);
    const edit = (await client.connection.sendRequest('textDocument/rename', {
      textDocument: { uri },
      position: positionAt(text, 'carts:'),
      newName: 'baskets',
    })) as WorkspaceEdit;
    const changes = edit.documentChanges![0] as unknown as { edits: never[] };
    const renamed = applyEdits(text, changes.edits);
    assert.match(renamed, /^ {2}baskets:$/m);
    assert.match(renamed, /uses: \{baskets: eventual\}/);
    assert.equal(renamed.replace(/baskets/g, 'carts'), text, 'nothing else changed');
    const region = (await client.connection.sendRequest('textDocument/rename', {
      textDocument: { uri },
      position: positionAt(text, 'eu-west]'),
      newName: 'eu-central',
    })) as WorkspaceEdit;
    assert.equal((region.documentChanges![0] as { edits: unknown[] }).edits.length, 3, 'the declaration and both placements');
    await assert.rejects(
      client.connection.sendRequest('textDocument/rename', {
        textDocument: { uri },
        position: positionAt(text, 'carts:'),
        newName: 'ledger',
      }),
      /already exists/,
    );
  });

  it('offers quick fixes whose edits keep comments and clear the problem', async () => {
    const uri = uriOf('fix.cap.yaml');
    const text =
      'system: s   # the system\ndatastores:\n  kv:   # a store\n    replicas: 3\n    read_quorum: 1   # fast reads\n    write_quorum: 1\n    conflicts: crdt\n    claims:\n      consistency: strong   # we hope\n';
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const d = diagnostics.find((x) => x.code === 'claim-needs-quorum-overlap')!;
    const actions = await client.quickFixes(uri, d);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Raise read_quorum to 3 (R+W = 4 > 3)', 'Raise write_quorum to 3 (R+W = 4 > 3)', 'Weaken the claim to eventual'],
    );
    assert.equal(actions[0].isPreferred, true);
    const change = actions[0].edit!.documentChanges![0] as unknown as { textDocument: { version: number }; edits: never[] };
    assert.equal(change.textDocument.version, 1);
    const fixed = applyEdits(text, change.edits);
    assert.equal(fixed, text.replace('read_quorum: 1   # fast reads', 'read_quorum: 3   # fast reads'));
    client.change(uri, 2, [{ text: fixed }]);
    const after = await client.diagnostics(uri, 2);
    assert.ok(!codes(after.diagnostics).includes('claim-needs-quorum-overlap'));
  });

  it('adds a missing key with the entry indentation when a fix needs one', async () => {
    const uri = uriOf('insert.cap.yaml');
    const text =
      'system: s\ndatastores:\n  kv:\n    replicas: 3\n    replication: leaderless\n    claims:\n      cap: CP\n    why: "x"   # keep me\n';
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const d = diagnostics.find((x) => x.code === 'claim-needs-quorum-overlap')!;
    const actions = await client.quickFixes(uri, d);
    const fixed = applyEdits(text, (actions[0].edit!.documentChanges![0] as unknown as { edits: never[] }).edits);
    assert.equal(fixed, text.replace('    why: "x"   # keep me\n', '    why: "x"   # keep me\n    read_quorum: 3\n'));
  });

  it('publishes for the latest version only after a burst of edits', async () => {
    const uri = uriOf('burst.cap.yaml');
    const text =
      'system: s\ndatastores:\n  kv:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 1\n    conflicts: crdt\n    claims: {consistency: strong}\n';
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    // Type "2" over the read quorum, then back to 1, then 3, in quick succession.
    const line = 4;
    for (const [version, digit] of [
      [2, '2'],
      [3, '1'],
      [4, '3'],
    ] as const) {
      client.change(uri, version, [{ range: { start: { line, character: 17 }, end: { line, character: 18 } }, text: digit }]);
    }
    const last = await client.diagnostics(uri, 4);
    assert.deepEqual(codes(last.diagnostics), [], 'R+W = 3+1 > 3: the claim holds at the last version');
  });

  it('applies severity settings and turns rules off', async () => {
    const configured = await startServer({
      settings: { rules: { 'claim-needs-quorum-overlap': 'warning', 'ca-across-nodes': 'off' } },
    });
    try {
      const uri = uriOf('broken.cap.yaml');
      configured.open(uri, sample('broken.cap.yaml'));
      const { diagnostics } = await configured.diagnostics(uri, 1);
      assert.equal(diagnostics.find((d) => d.code === 'claim-needs-quorum-overlap')!.severity, 2);
      assert.ok(!codes(diagnostics).includes('ca-across-nodes'));
    } finally {
      await configured.close();
    }
  });

  it('lists datastores in the outline and puts a class lens and a Simulate lens over each', async () => {
    const uri = uriOf('checkout.cap.yaml');
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri },
    })) as DocumentSymbol[];
    const stores = symbols.find((s) => s.name === 'datastores')!;
    assert.deepEqual(
      stores.children!.map((c) => [c.name, c.detail]),
      [
        ['ledger', 'CP · PC/EC · survives 2 failures'],
        ['carts', 'AP · PA/EL · survives 2 failures'],
      ],
    );
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    assert.deepEqual(
      lenses.map((l) => l.command!.title),
      ['CP · PC/EC · survives 2 failures', '$(play) Simulate', 'AP · PA/EL · survives 2 failures', '$(play) Simulate'],
    );
    assert.deepEqual(lenses[1].command!.arguments, [uri, 'ledger']);
  });

  it('reports broken YAML as yaml-syntax and nothing else', async () => {
    const uri = uriOf('broken-syntax.cap.yaml');
    client.open(uri, sample('broken-syntax.cap.yaml'));
    const { diagnostics } = await client.diagnostics(uri, 1);
    assert.ok(diagnostics.length > 0);
    assert.deepEqual([...new Set(codes(diagnostics))], ['yaml-syntax']);
  });
});

describe('names inside scenarios', () => {
  it('are references of their datastore and region: found, and renamed with them', async () => {
    const client = await startServer();
    try {
      const uri = uriOf('scenario-names.cap.yaml');
      const text = [
        'system: s',
        'regions: [east, west]',
        'datastores:',
        '  ledger:',
        '    replicas: 3',
        '    replication: consensus',
        '    placement: {east: 2, west: 1}',
        'scenarios:',
        '  - name: west cut off',
        '    duration: 5s',
        '    partitions: [{isolate: west, at: 1s, heal: 4s}]',
        '    crashes: [{node: ledger-2, at: 2s, restart: 3s}]',
        '    expect:',
        '      - {datastore: "ledger", side: minority, writes: refused}',
        '',
      ].join('\n');
      client.open(uri, text);
      await client.diagnostics(uri, 1);
      const refs = (await client.connection.sendRequest('textDocument/references', {
        textDocument: { uri },
        position: positionAt(text, 'ledger:'),
        context: { includeDeclaration: false },
      })) as Location[];
      assert.deepEqual(
        refs.map((r) => r.range.start),
        [positionAt(text, 'ledger-2'), positionAt(text, 'ledger", side')],
      );
      const def = (await client.connection.sendRequest('textDocument/definition', {
        textDocument: { uri },
        position: positionAt(text, 'isolate: west', 9),
      })) as Location;
      assert.deepEqual(def.range.start, positionAt(text, 'west]'));
      const edit = (await client.connection.sendRequest('textDocument/rename', {
        textDocument: { uri },
        position: positionAt(text, 'ledger:'),
        newName: 'books',
      })) as WorkspaceEdit;
      const renamed = applyEdits(text, (edit.documentChanges![0] as unknown as { edits: never[] }).edits);
      assert.match(renamed, /node: books-2/);
      assert.match(renamed, /datastore: "books"/);
      const again = (await client.connection.sendRequest('textDocument/rename', {
        textDocument: { uri },
        position: positionAt(text, 'west]'),
        newName: 'europe',
      })) as WorkspaceEdit;
      assert.match(applyEdits(text, (again.documentChanges![0] as unknown as { edits: never[] }).edits), /isolate: europe/);
    } finally {
      await client.close();
    }
  });
});
