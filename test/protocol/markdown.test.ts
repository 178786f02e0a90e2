// Protocol tests for Markdown design docs: the built server over stdio, sent a Markdown file as an editor sends
// it (language id `markdown`). Everything works inside the design fences, at the Markdown file's own positions;
// nothing fires in the prose; a Markdown file without a design costs no diagnostics at all.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CodeLens,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  Location,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits, positionAt, ROOT, startServer, type TestClient } from '../support/lsp-client';

const RFC = 'rfc-0042-checkout-storage.md';
const ADR = 'adr-0007-inventory-reservations.md';
const doc = (name: string) => readFileSync(join(ROOT, 'samples/docs', name), 'utf8');
const uriOf = (name: string) => `file:///work/docs/${name}`;
const hoverText = (h: Hover | null): string =>
  h && typeof h.contents === 'object' && 'value' in h.contents ? String(h.contents.value) : '';
/** `rule@line` (1-based), as a reader of the Markdown file counts lines. */
const rows = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line + 1}`);
const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;
/** The 0-based lines of the Markdown file that are inside a design fence's YAML. */
function fenceLines(text: string): Set<number> {
  const lines = new Set<number>();
  let inside = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) inside = !inside && /^```(cap-yaml|yaml)/.test(line);
    else if (inside) lines.add(i);
  });
  return lines;
}

describe('Markdown design docs over stdio', () => {
  let client: TestClient;
  const rfc = doc(RFC);
  before(async () => {
    client = await startServer();
    client.open(uriOf(RFC), rfc, 1, 'markdown');
  });
  after(async () => {
    await client.close();
  });

  it('publishes the design’s findings at the Markdown lines of the fences they are in', async () => {
    const { diagnostics } = await client.diagnostics(uriOf(RFC), 1);
    assert.deepEqual(rows(diagnostics), [
      `consistency-claim-contradicted@${lineOf(rfc, 'consistency: read-your-writes')}`,
      `component-needs-stronger-consistency@${lineOf(rfc, 'sessions: read-your-writes')}`,
    ]);
    const claim = diagnostics[0];
    assert.deepEqual(claim.range.start, positionAt(rfc, 'read-your-writes\n'));
    assert.deepEqual(claim.range.end, positionAt(rfc, 'read-your-writes\n', 'read-your-writes'.length));
    // The component in the fourth fence uses a store declared in the third: one design across the fences.
    assert.match(String(diagnostics[1].message), /'cart' needs read-your-writes reads from 'sessions'/);
    const inFences = fenceLines(rfc);
    for (const d of diagnostics) assert.ok(inFences.has(d.range.start.line), `${d.code} is inside a fence`);
  });

  it('hovers a datastore inside a fence, and says nothing over the prose', async () => {
    const uri = uriOf(RFC);
    const card = hoverText(
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(rfc, '  ledger:\n', 3),
      }),
    );
    assert.match(card, /### ledger · CockroachDB/);
    assert.match(card, /\| PACELC \| PC\/EC \| PC\/EC ✓ \|/);
    // The same word in a heading and in a sentence of prose: no hover.
    for (const prose of ['### The ledger', 'Carts are a Dynamo-style store']) {
      const h = await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(rfc, prose, 6),
      });
      assert.equal(h, null, `no hover over '${prose}'`);
    }
    // A name used in a later fence hovers as the store declared in an earlier one.
    const use = hoverText(
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(rfc, 'ledger: linearizable', 2),
      }),
    );
    assert.match(use, /### ledger/);
  });

  it('completes inside a fence only', async () => {
    const uri = uriOf(RFC);
    const values = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: positionAt(rfc, 'replication: leader\n', 13),
    })) as CompletionItem[];
    assert.deepEqual(values.map((v) => v.label).sort(), ['consensus', 'leader', 'leaderless']);
    const prose = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: positionAt(rfc, '## Motivation', 3),
    })) as CompletionItem[];
    assert.deepEqual(prose, []);
  });

  it('goes to a definition in another fence, and renames across the fences of the file without touching the prose', async () => {
    const uri = uriOf(RFC);
    const def = (await client.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: positionAt(rfc, 'ledger: linearizable', 1),
    })) as Location;
    assert.deepEqual(def.range.start, positionAt(rfc, '  ledger:\n', 2));
    const edit = (await client.connection.sendRequest('textDocument/rename', {
      textDocument: { uri },
      position: positionAt(rfc, '  ledger:\n', 2),
      newName: 'books',
    })) as WorkspaceEdit;
    const change = edit.documentChanges![0] as unknown as { edits: { range: { start: { line: number } } }[] };
    assert.deepEqual(
      change.edits.map((e) => e.range.start.line + 1),
      [lineOf(rfc, '  ledger:\n'), lineOf(rfc, '      ledger: linearizable')],
      'the declaration in the first fence and the use in the last',
    );
    const renamed = applyEdits(rfc, change.edits as never[]);
    assert.match(renamed, /^ {2}books:$/m);
    assert.match(renamed, /^ {6}books: linearizable$/m);
    assert.match(renamed, /### The ledger\n/, 'the heading keeps its word');
    assert.equal(renamed.replace(/books/g, 'ledger'), rfc, 'nothing else changed');
  });

  it('offers quick fixes that edit only inside the fence, and the problem goes away', async () => {
    const uri = uriOf(RFC);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const d = diagnostics.find((x) => x.code === 'consistency-claim-contradicted')!;
    const actions = await client.quickFixes(uri, d);
    const weaken = actions.find((a) => a.title === 'Claim eventual, what the settings give');
    assert.ok(weaken, `fixes: ${actions.map((a) => a.title).join('; ')}`);
    const edits = (
      weaken.edit!.documentChanges![0] as unknown as { edits: { range: { start: { line: number }; end: { line: number } } }[] }
    ).edits;
    const inFences = fenceLines(rfc);
    for (const e of edits)
      assert.ok(inFences.has(e.range.start.line) && inFences.has(e.range.end.line), 'the edit is inside the fence');
    const fixed = applyEdits(rfc, edits as never[]);
    assert.equal(fixed, rfc.replace('consistency: read-your-writes', 'consistency: eventual'));
    client.change(uri, 2, [{ text: fixed }]);
    const after = await client.diagnostics(uri, 2);
    assert.deepEqual(rows(after.diagnostics), [
      `component-needs-stronger-consistency@${lineOf(rfc, 'sessions: read-your-writes')}`,
    ]);
    client.change(uri, 3, [{ text: rfc }]);
    await client.diagnostics(uri, 3);
  });

  it('puts code lenses over the datastores of every fence, and lists them in the outline', async () => {
    const uri = uriOf(RFC);
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    const titled = lenses
      .filter((l) => l.command!.title !== '$(play) Simulate')
      .map((l) => `${l.range.start.line + 1}: ${l.command!.title}`);
    assert.deepEqual(titled, [
      `${lineOf(rfc, '  ledger:\n')}: CP · PC/EC · survives 2 failures`,
      `${lineOf(rfc, '  carts:\n')}: AP · PA/EL · survives 2 failures`,
      `${lineOf(rfc, '  sessions:\n')}: AP · PA/EL · survives 1 failure`,
    ]);
    assert.deepEqual(lenses.find((l) => l.command!.title === '$(play) Simulate')!.command!.arguments, [uri, 'ledger']);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', {
      textDocument: { uri },
    })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.find((s) => s.name === 'datastores')!.children!.map((c) => c.name),
      ['ledger', 'carts', 'sessions'],
    );
  });

  it('keeps the designs of an ADR apart: findings of the rejected option only, and each design simulated on its own', async () => {
    const adr = doc(ADR);
    const uri = uriOf(ADR);
    client.open(uri, adr, 1, 'markdown');
    const { diagnostics } = await client.diagnostics(uri, 1);
    const option2 = adr.indexOf('### Option 2');
    assert.ok(diagnostics.length >= 2);
    for (const d of diagnostics)
      assert.ok(
        d.range.start.line < positionAt(adr, '### Option 2').line,
        `${d.code} is in option 1 (line ${d.range.start.line + 1})`,
      );
    assert.ok(option2 > 0);
    // The StatefulSet at the end is ordinary YAML: no hover, no lens.
    assert.equal(
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(adr, 'replicas: 3\n```', 2),
      }),
      null,
    );
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as CodeLens[];
    const simulate = lenses.filter((l) => l.command!.title === '$(play) Simulate').map((l) => l.command!.arguments);
    assert.deepEqual(simulate, [
      [uri, 'reservations'],
      [uri, 'reservations', 1],
    ]);
    const model = (await client.connection.sendRequest('capLens/simulatorModel', { uri, design: 1 })) as {
      model: { datastores: { name: string; family: string; n: number; range: { line: number } }[] };
    };
    assert.deepEqual(
      model.model.datastores.map((d) => [d.name, d.family, d.n, d.range.line]),
      [['reservations', 'consensus', 3, lineOf(adr, '    engine: etcd') - 1]],
    );
  });

  it('publishes nothing for a Markdown file without a design, and clears the problems when the fences go', async () => {
    const plain = uriOf('README.md');
    client.open(plain, '# Notes\n\n```yaml\nname: ci\non: push\n```\n\nSome `code`.\n', 1, 'markdown');
    assert.equal(
      await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: plain },
        position: { line: 3, character: 1 },
      }),
      null,
    );
    // The server handles notifications in order: once a later document's diagnostics arrive, the plain file's
    // would have been sent.
    const later = uriOf('later.md');
    client.open(
      later,
      '```cap-yaml\nsystem: s\ndatastores:\n  a: {replicas: 3, replication: consensus, claims: {cap: CA}}\n```\n',
      1,
      'markdown',
    );
    const { diagnostics } = await client.diagnostics(later, 1);
    assert.deepEqual(rows(diagnostics), ['ca-across-nodes@4']);
    assert.deepEqual(client.publishedFor(plain), [], 'no diagnostics notification for a Markdown file without a design');
    // The fence becomes plain text: its problems are withdrawn.
    client.change(later, 2, [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 11 } }, text: 'text' }]);
    assert.deepEqual((await client.diagnostics(later, 2)).diagnostics, []);
  });

  it('answers hostile Markdown without failing: unclosed, nested, empty and countless fences, CRLF, a BOM', async () => {
    const fence = '```cap-yaml\nsystem: s\ndatastores:\n  a: {replicas: 3, replication: consensus}\n```\n';
    const docs: Record<string, string> = {
      'unclosed.md':
        '# Draft\n\n```cap-yaml\nsystem: s\ndatastores:\n  a: {replicas: 3\n\nProse the fence swallows, as CommonMark says.\n',
      'only-opener.md': '```cap-yaml',
      'empty.md': '```cap-yaml\n```\n',
      'nested.md': `\`\`\`\`markdown\n${fence}\`\`\`\`\n> ${fence.split('\n').join('\n> ')}\n`,
      'many.md': Array.from(
        { length: 2000 },
        (_, i) => `## Part ${i}\n\n\`\`\`cap-yaml\ndatastores:\n  s${i}: {replicas: 3}\n\`\`\`\n`,
      ).join('\n'),
      'crlf.md': `\uFEFF# T\n\n${fence}`.replace(/\n/g, '\r\n'),
      // Lone carriage returns (old Mac line ends) in the prose must not break the design's YAML.
      'lone-cr.md': `# T\r\rProse.\r\n\n${fence}`,
      'tabs.md': '```cap-yaml\nsystem: s\n\tdatastores: {}\n```\n',
    };
    for (const [name, text] of Object.entries(docs)) client.open(uriOf(name), text, 1, 'markdown');
    for (const name of ['unclosed.md', 'empty.md', 'many.md', 'tabs.md']) {
      const { diagnostics } = await client.diagnostics(uriOf(name), 1);
      assert.ok(diagnostics.length > 0, `${name}: its problems are reported`);
      for (const d of diagnostics) assert.ok(d.range.start.line >= 0 && String(d.message).length > 0);
    }
    for (const name of ['crlf.md', 'lone-cr.md'])
      assert.deepEqual(
        (await client.diagnostics(uriOf(name), 1)).diagnostics,
        [],
        `${name}: a clean design, whatever the line breaks around it`,
      );
    // Requests anywhere in them are answered, inside fences or not.
    for (const name of Object.keys(docs)) {
      for (const line of [0, 1, 3])
        await client.connection.sendRequest('textDocument/hover', {
          textDocument: { uri: uriOf(name) },
          position: { line, character: 2 },
        });
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: uriOf(name) } });
    }
    assert.deepEqual(client.errors(), [], 'the server logged no failure');
  });
});
