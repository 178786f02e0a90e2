// Limits the server keeps over stdio, each with the right answer at the limit: Windows line endings,
// prototype-named keys, the diagnostics published per file, the size checked while typing, and the
// analysis caches of many open documents (dropped for idle documents, rebuilt on demand).

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { analyzeFull } from '../../server/src/core/analysis/analyze';
import { MAX_CACHED_ANALYSES } from '../../server/src/lsp/server';
import { generateDesign, generateEngineDesign } from '../support/generate';
import { positionAt, startServer, type TestClient } from '../support/lsp-client';

describe('limits over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ settings: { diagnosticsDelay: 0 } });
  });
  after(async () => {
    await client.close();
  });

  it('completes in a CRLF file (once a hang at 100 % CPU)', async () => {
    const uri = 'file:///work/crlf.cap.yaml';
    client.open(uri, 'system: s\r\ndatastores: {}\r\n');
    await client.diagnostics(uri, 1);
    const items = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    })) as CompletionItem[];
    assert.ok(items.some((i) => i.label === 'regions'));
  });

  it('checks a setting named constructor as an unknown setting', async () => {
    const uri = 'file:///work/proto.cap.yaml';
    const text = 'system: s\ndatastores:\n  kv:\n    engine: cassandra\n    settings: {constructor: 1}\n';
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, 1);
    const d = diagnostics.find((x) => String(x.message).startsWith("Unknown Apache Cassandra setting 'constructor'."));
    assert.ok(d, diagnostics.map((x) => x.message).join(' | '));
    assert.deepEqual(d.range.start, positionAt(text, 'constructor'));
  });

  it('publishes at most 1,000 diagnostics per file, the most severe first, and says how many more', async () => {
    const uri = 'file:///work/many.cap.yaml';
    const text = `system: s\ndatastores:\n  kv:\n    replicas: 3\n    engine: cassandra\n    settings:\n${Array.from({ length: 3000 }, (_, i) => `      k${i}: 1\n`).join('')}    read_quorum: 1\n    write_quorum: 1\n`;
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, 1);
    assert.equal(diagnostics.length, 1000);
    const summary = diagnostics[diagnostics.length - 1] as Diagnostic;
    const m =
      /^CAP Lens shows 999 of the ([\d,]+) problems in this file, the most severe first; ([\d,]+) more are not shown\. Run `cap-lens check` on the file to list them all\.$/.exec(
        String(summary.message),
      );
    assert.ok(m, String(summary.message));
    const [total, more] = [Number(m[1].replace(/,/g, '')), Number(m[2].replace(/,/g, ''))];
    assert.ok(total > 3000 - 1 && more === total - 999, `${total} problems, ${more} not shown`);
    assert.ok(
      diagnostics.slice(0, -1).every((d) => d.severity === 1),
      'errors before the warning',
    );
  });

  it('publishes the first screenful first also for a design opened as the server starts', async () => {
    // The settings the server asks for right after initialize arrive while the design is being opened: the
    // republish they cause must not replace the open's first-screenful publish.
    const text = generateEngineDesign(300, 'cassandra');
    const fresh = await startServer({ settings: { diagnosticsDelay: 0 } });
    try {
      const uri = 'file:///work/large-at-start.cap.yaml';
      fresh.open(uri, text);
      const first = await fresh.diagnostics(uri, 1, 30_000);
      const all = analyzeFull(text, { scenarios: false }).findings.length;
      assert.ok(first.diagnostics.length > 0 && first.diagnostics.length < all, `${first.diagnostics.length} of ${all} first`);
    } finally {
      await fresh.close();
    }
  });

  it("publishes a large design's first screenful first, then exactly the full check", async () => {
    const uri = 'file:///work/large-open.cap.yaml';
    const text = generateEngineDesign(300, 'mixed');
    assert.ok(text.length > 128 * 1024, `${text.length} characters`);
    client.open(uri, text);
    const full = await client.diagnosticsWhere(uri, 1, () => client.publishedFor(uri).length === 2, 30_000);
    const [head] = client.publishedFor(uri);
    // The whole check: every finding of the analysis, once, where the analysis puts it.
    const expected = analyzeFull(text, { scenarios: false }).findings;
    assert.equal(full.diagnostics.length, expected.length);
    const key = (d: Diagnostic) => `${d.code} ${d.range.start.line}:${d.range.start.character} ${d.message}`;
    const lineOf = (offset: number) => text.slice(0, offset).split('\n').length - 1;
    assert.deepEqual(new Set(full.diagnostics.map(key)).size, expected.length);
    for (const f of expected)
      assert.ok(
        full.diagnostics.some((d) => d.code === f.rule && d.range.start.line === lineOf(f.span.start) && d.message === f.message),
        f.message,
      );
    // The first screenful: findings of the entries in the first 8 KB, each exactly as the full check has it.
    const headLines = lineOf(8 * 1024) + 40;
    assert.ok(
      head.diagnostics.length > 0 && head.diagnostics.length < full.diagnostics.length,
      `${head.diagnostics.length} first, ${full.diagnostics.length} in all`,
    );
    for (const d of head.diagnostics) {
      assert.ok(d.range.start.line <= headLines, `line ${d.range.start.line}`);
      assert.ok(
        full.diagnostics.some((f) => JSON.stringify(f) === JSON.stringify(d)),
        String(d.message),
      );
    }
    const fullNearTop = full.diagnostics.filter(
      (d) => d.range.start.line < lineOf(8 * 1024) - 40 && !d.relatedInformation?.length,
    );
    assert.deepEqual(
      fullNearTop.map(key).filter((k) => !head.diagnostics.some((d) => key(d) === k)),
      [],
    );
  });

  it('checks designs up to 3 MB while typing, and says so past it', async () => {
    const uri = 'file:///work/big.cap.yaml';
    const text = generateDesign(7800);
    assert.ok(text.length > 3 * 1024 * 1024);
    client.open(uri, text);
    const { diagnostics } = await client.diagnostics(uri, 1, 30_000);
    assert.equal(diagnostics.length, 1);
    assert.match(
      String(diagnostics[0].message),
      /^This design is 3\.\d MB; CAP Lens checks designs up to 3 MB while you type \(`cap-lens check` takes up to 4 MB\)\. Split it into several \*\.cap\.yaml files\.$/,
    );
  });

  it('answers for every one of many open designs after their caches were dropped', async () => {
    const uris = Array.from({ length: MAX_CACHED_ANALYSES + 24 }, (_, i) => `file:///work/open-${i}.cap.yaml`);
    const text =
      'system: s\ndatastores:\n  kv:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 1\n    conflicts: crdt\n    claims: {consistency: strong}\n';
    uris.forEach((uri) => client.open(uri, text));
    for (const uri of uris) await client.diagnostics(uri, 1);
    // The first documents' analyses were dropped (only the last MAX_CACHED_ANALYSES stay cached): they are rebuilt on demand.
    for (const uri of uris.slice(0, 3)) {
      const hover = (await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionAt(text, 'kv:'),
      })) as Hover;
      assert.match(JSON.stringify(hover.contents), /### kv/);
      const { diagnostics } = await client.diagnostics(uri, 1);
      const d = diagnostics.find((x) => x.code === 'claim-needs-quorum-overlap')!;
      const actions = await client.quickFixes(uri, d);
      assert.deepEqual(
        actions.map((a) => a.title),
        ['Raise read_quorum to 3 (R+W = 4 > 3)', 'Raise write_quorum to 3 (R+W = 4 > 3)', 'Weaken the claim to eventual'],
      );
    }
  });
});

describe('.caplens.yaml in the editor', () => {
  it('applies the nearest config inside the workspace folder, and none above it', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { pathToFileURL } = await import('node:url');
    const root = mkdtempSync(join(tmpdir(), 'cap-lens-ws-'));
    try {
      writeFileSync(join(root, '.caplens.yaml'), 'rules:\n  claim-needs-quorum-overlap: off\n');
      mkdirSync(join(root, 'ws', 'team'), { recursive: true });
      writeFileSync(join(root, 'ws', 'team', '.caplens.yaml'), 'rules:\n  claim-needs-quorum-overlap: info\n');
      const client = await startServer({ settings: { diagnosticsDelay: 0 }, workspaceFolders: [join(root, 'ws')] });
      try {
        const text =
          'system: s\ndatastores:\n  kv:\n    replicas: 3\n    read_quorum: 1\n    write_quorum: 1\n    conflicts: crdt\n    claims: {consistency: strong}\n';
        const top = pathToFileURL(join(root, 'ws', 'top.cap.yaml')).href;
        const team = pathToFileURL(join(root, 'ws', 'team', 'kv.cap.yaml')).href;
        client.open(top, text);
        client.open(team, text);
        const above = (await client.diagnostics(top, 1)).diagnostics.find((d) => d.code === 'claim-needs-quorum-overlap');
        assert.equal(above?.severity, 1, 'the config above the workspace folder does not apply');
        const inside = (await client.diagnostics(team, 1)).diagnostics.find((d) => d.code === 'claim-needs-quorum-overlap');
        assert.equal(inside?.severity, 3, 'the config inside it does');
      } finally {
        await client.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('design text in hovers', () => {
  it('renders as text: no HTML, no links, no images from the design', async () => {
    const { injectedTags, linkTargets, renderMarkdown } = await import('../support/markdown');
    const client = await startServer({ settings: { diagnosticsDelay: 0 } });
    try {
      const uri = 'file:///work/hover-inject.cap.yaml';
      const text = [
        'system: s',
        'regions: ["<img src=r>", east]',
        'datastores:',
        '  "<img src=x>[a](command:workbench.action.terminal.new)":',
        '    replicas: 3',
        '    placement: {"<img src=r>": 2, east: 1}',
        '    why: "[run](command:workbench.action.terminal.new) ![i](https://evil.example/i.png) <script>x</script>"',
        'components:',
        '  "<b>c</b>":',
        '    uses: {"<img src=x>[a](command:workbench.action.terminal.new)": eventual}',
        '    why: "</details>[y](javascript:alert(1))"',
        '',
      ].join('\n');
      client.open(uri, text);
      await client.diagnostics(uri, 1);
      for (const [needle, delta] of [
        ['<img src=x>', 1],
        ['<b>c', 1],
        ['eventual', 1],
        ['<img src=r>": 2', 1],
      ] as const) {
        const hover = (await client.connection.sendRequest('textDocument/hover', {
          textDocument: { uri },
          position: positionAt(text, needle, delta, needle === '<img src=r>": 2' ? 0 : text.split(needle).length - 2),
        })) as Hover | null;
        assert.ok(hover, needle);
        const markdown = (hover.contents as { kind: string; value: string }).value;
        const html = renderMarkdown(markdown);
        assert.deepEqual(injectedTags(html), [], `${needle}: ${markdown}`);
        assert.deepEqual(
          linkTargets(html).filter((href) => !href.startsWith('https://')),
          [],
          `${needle}: no command: or javascript: link`,
        );
      }
    } finally {
      await client.close();
    }
  });
});
