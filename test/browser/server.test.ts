// The browser build of the language server (dist/web/server.js) in a real Web Worker of headless Chromium,
// spoken to over postMessage, against the Node build over stdio: for every sample design and Markdown design
// doc the two must publish identical diagnostics and answer every editor request identically (hovers, code
// lenses, outline, completion, quick fixes, rename, the simulator's model), and so for Jepsen histories. Then
// what a user does: a scenario run in the server's second worker, a hover, a quick fix applied, and
// `.caplens.yaml` rules sent by the extension, since the worker cannot read files.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, Hover, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { analyzeFull, rateFindings } from '../../server/src/core/analysis/analyze';
import { analyzeMarkdown } from '../../server/src/core/markdown/analyze';
import { HISTORY_VIEW_REQUEST } from '../../server/src/lsp/history-protocol';
import { RULE_FILES_NOTIFICATION } from '../../server/src/lsp/rule-files';
import { applyEdits, positionOf, startServer, type TestClient } from '../support/lsp-client';
import { REPO, startBrowserHarness, type BrowserHarness, type WorkerServer } from './harness';

const SAMPLES = join(REPO, 'samples');
const samples = (readdirSync(SAMPLES, { recursive: true }) as string[])
  .filter((f) => /\.cap\.ya?ml$|^docs\/.*\.md$/.test(f))
  .sort();
const uriOf = (rel: string) => `file:///cap-lens-web-test/${rel}`;
const languageOf = (rel: string) => (rel.endsWith('.md') ? 'markdown' : 'cap-yaml');

/** What the analysis core finds in a sample with default severities, as "rule@line": an oracle outside both servers. */
function coreFindings(rel: string, text: string): string[] {
  const findings = rel.endsWith('.md')
    ? analyzeMarkdown(text).flatMap((d) => rateFindings(d.findings))
    : rateFindings(analyzeFull(text).findings);
  return findings.map((f) => `${f.rule}@${positionOf(text, f.span.start).line + 1}`).sort();
}
/**
 * A message as JSON carries it. LSP is JSON; postMessage's structured clone also keeps properties whose value is
 * undefined (an outline node's absent `detail`), which JSON, and so every client, reads as absent.
 */
const asJson = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const rows = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line + 1}`).sort();

/** Positions worth asking about: every map key's name (datastores, settings, claims, components, regions). */
function keyPositions(text: string): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  text.split('\n').forEach((line, i) => {
    const m = /^(\s*)([\w-]+):/.exec(line);
    if (m) out.push({ line: i, character: m[1].length + 1 });
  });
  return out;
}

describe('the browser build of the language server, in a Web Worker', { timeout: 180_000 }, () => {
  let harness: BrowserHarness;
  let web: WorkerServer;
  let node: TestClient;

  before(async () => {
    harness = await startBrowserHarness();
    [web, node] = await Promise.all([harness.start(), startServer()]);
  });
  after(async () => {
    await Promise.all([web?.end(), node?.close()]);
    await harness?.close();
  });

  it('runs in a real Worker of the page, from the minified bundle, and imports nothing the page would have to provide', async () => {
    const workers = web.page.workers();
    assert.equal(workers.length, 1);
    assert.match(workers[0].url(), /\/server\.js$/);
    assert.ok(harness.bundleBytes > 100_000, `a bundle of ${harness.bundleBytes} bytes`);
    assert.deepEqual(
      await workers[0].evaluate(() => [
        typeof (globalThis as { process?: unknown }).process,
        typeof (globalThis as { require?: unknown }).require,
      ]),
      ['undefined', 'undefined'],
    );
  });

  it("names itself as the Node server does, with package.json's version", () => {
    assert.deepEqual(web.serverInfo, node.serverInfo);
    assert.equal(
      web.serverInfo?.version,
      (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version,
    );
  });

  for (const rel of samples) {
    it(`${rel}: the same diagnostics and the same answers to every request as the Node server`, async () => {
      const text = readFileSync(join(SAMPLES, rel), 'utf8');
      const uri = uriOf(rel);
      web.open(uri, text, 1, languageOf(rel));
      node.open(uri, text, 1, languageOf(rel));
      const [fromWeb, fromNode] = await Promise.all([web.diagnostics(uri, 1), node.diagnostics(uri, 1)]);
      assert.deepEqual(asJson(fromWeb), asJson(fromNode));
      assert.deepEqual(rows(fromWeb.diagnostics), coreFindings(rel, text), 'what the core finds');

      const doc = { textDocument: { uri } };
      const requests: [string, unknown][] = [
        ['textDocument/codeLens', doc],
        ['textDocument/documentSymbol', doc],
        ...fromWeb.diagnostics.map((d): [string, unknown] => [
          'textDocument/codeAction',
          { ...doc, range: d.range, context: { diagnostics: [d] } },
        ]),
        ...keyPositions(text).flatMap((position): [string, unknown][] => [
          ['textDocument/hover', { ...doc, position }],
          ['textDocument/completion', { ...doc, position }],
          ['textDocument/definition', { ...doc, position }],
          ['textDocument/references', { ...doc, position, context: { includeDeclaration: true } }],
          ['textDocument/prepareRename', { ...doc, position }],
          ['textDocument/rename', { ...doc, position, newName: 'renamed' }],
        ]),
        ...[0, 1].map((design): [string, unknown] => ['capLens/simulatorModel', { uri, design }]),
      ];
      // All at once, as an editor sends them; each server answers in order.
      // A refused request (a rename the server rejects) counts as its error message.
      const ask = (session: { connection: typeof web.connection }) =>
        Promise.all(
          requests.map(([method, params]) =>
            session.connection.sendRequest(method, params).catch((e: Error) => ({ error: e.message })),
          ),
        );
      const [fromWebAll, fromNodeAll] = await Promise.all([ask(web), ask(node)]);
      let answered = 0;
      requests.forEach(([method, params], i) => {
        assert.deepEqual(asJson(fromWebAll[i]), asJson(fromNodeAll[i]), `${method} ${JSON.stringify(params).slice(0, 200)}`);
        const a = fromWebAll[i];
        if (a !== null && !(Array.isArray(a) && a.length === 0)) answered++;
      });
      assert.ok(answered > 2, `only ${answered} of ${requests.length} requests had an answer`);
      web.closeDocument(uri);
      node.closeDocument(uri);
      assert.deepEqual(web.problems(), []);
      assert.deepEqual(web.errors(), []);
    });
  }

  it('checks Jepsen histories as the Node server does: the same verdicts at the same operations, the same timeline', async () => {
    const dir = join(REPO, 'test/cli/fixtures/histories');
    let failing = 0;
    for (const name of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, name), 'utf8');
      const uri = uriOf(`histories/${name}`);
      web.open(uri, text, 1, 'jepsen-history');
      node.open(uri, text, 1, 'jepsen-history');
      const [fromWeb, fromNode] = await Promise.all([web.diagnostics(uri, 1), node.diagnostics(uri, 1)]);
      assert.deepEqual(asJson(fromWeb), asJson(fromNode), name);
      if (fromWeb.diagnostics.length) failing++;
      const [viewWeb, viewNode] = await Promise.all(
        [web, node].map((s) => s.connection.sendRequest(HISTORY_VIEW_REQUEST, { uri })),
      );
      assert.deepEqual(asJson(viewWeb), asJson(viewNode), `${name}: the history view`);
      assert.notEqual(viewWeb, null);
      web.closeDocument(uri);
      node.closeDocument(uri);
    }
    assert.ok(failing >= 1, 'a history with a linearizability violation among them');
  });

  it('runs a design scenario in a worker of its own: diagnostics first, its finding when the run ends, as in Node', async () => {
    const text = [
      'system: s',
      'regions: [west, east, south]',
      'datastores:',
      '  cache:',
      '    replicas: 3',
      '    read_quorum: one',
      '    write_quorum: one',
      '    conflicts: crdt',
      '    placement: {west: 1, east: 1, south: 1}',
      'scenarios:',
      '  - name: west cut off',
      '    duration: 10s',
      '    workload: {reads: 80%, writes: 20%, rate: 400}',
      '    partitions: [{isolate: west, at: 2s, heal: 8s}]',
      '    expect:',
      '      - {datastore: cache, stale_reads: "< 0.1%"}',
      '',
    ].join('\n');
    const uri = uriOf('scenario/cache.cap.yaml');
    const scenarioFinding = (p: { diagnostics: Diagnostic[] }) =>
      p.diagnostics.some((d) => d.code === 'scenario-contradicts-claim');
    web.open(uri, text);
    node.open(uri, text);
    assert.ok(!scenarioFinding(await web.diagnostics(uri, 1)), 'the first publish does not wait for the run');
    const [fromWeb, fromNode] = await Promise.all([
      web.diagnosticsWhere(uri, 1, scenarioFinding),
      node.diagnosticsWhere(uri, 1, scenarioFinding),
    ]);
    assert.deepEqual(asJson(fromWeb), asJson(fromNode));
    const d = fromWeb.diagnostics.find((x) => x.code === 'scenario-contradicts-claim')!;
    assert.match(String(d.message), /^Scenario 'west cut off' contradicts this expectation: cache served \d+ stale reads/);
    // The run happened in a second worker, the server's own script started under the scenario worker's name.
    const names = await Promise.all(
      web.page.workers().map((w) => w.evaluate(() => [self.name, self.location.pathname].join(' from '))),
    );
    // (A worker a cancelled run ended may still be listed for a moment: compare the kinds.)
    assert.deepEqual([...new Set(names)].sort(), [
      'CAP Lens language server from /server.js',
      'CAP Lens scenarios from /server.js',
    ]);
    web.closeDocument(uri);
    node.closeDocument(uri);
    assert.deepEqual(web.problems(), []);
  });

  it('hovers a datastore with its card: CAP and PACELC class, failures survived', async () => {
    const text = readFileSync(join(REPO, 'test/e2e/fixtures/shop.cap.yaml'), 'utf8');
    const uri = uriOf('hover/shop.cap.yaml');
    web.open(uri, text);
    await web.diagnostics(uri, 1);
    const hover = (await web.connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: positionOf(text, text.indexOf('  ledger:') + 3),
    })) as Hover;
    const card = (hover.contents as { value: string }).value;
    assert.match(card, /^### ledger\n/);
    assert.match(card, /\| CAP \| CP \| CP ✓ \|/);
    assert.match(card, /\| PACELC \| — \| PC\/EC \|/);
    assert.match(card, /\| Failures survived \(writes\) \| — \| 1 \|/);
    web.closeDocument(uri);
  });

  it('applies a quick fix: the edit keeps the comments, and the finding goes away', async () => {
    const text = readFileSync(join(REPO, 'test/e2e/fixtures/shop.cap.yaml'), 'utf8');
    const uri = uriOf('fix/shop.cap.yaml');
    web.open(uri, text);
    const { diagnostics } = await web.diagnostics(uri, 1);
    const d = diagnostics.find((x) => x.code === 'claim-needs-quorum-overlap');
    assert.ok(d, `diagnostics: ${rows(diagnostics).join(', ')}`);
    const actions = await web.quickFixes(uri, d);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Raise read_quorum to 3 (R+W = 4 > 3)', 'Raise write_quorum to 3 (R+W = 4 > 3)', 'Weaken the claim to eventual'],
    );
    const edit = actions[0].edit as WorkspaceEdit;
    const fixed = applyEdits(text, (edit.documentChanges![0] as unknown as { edits: never[] }).edits);
    assert.equal(fixed, text.replace('read_quorum: 1 # reads from one replica', 'read_quorum: 3 # reads from one replica'));
    web.change(uri, 2, [{ text: fixed }]);
    const after = await web.diagnostics(uri, 2);
    assert.ok(
      !rows(after.diagnostics).some((r) => r.startsWith('claim-needs-quorum-overlap@')),
      rows(after.diagnostics).join(', '),
    );
    web.closeDocument(uri);
  });

  it('applies the .caplens.yaml rules the extension sends, at start and when they change, as the Node server applies them from disk', async () => {
    const text = readFileSync(join(REPO, 'samples/broken.cap.yaml'), 'utf8');
    const config = 'rules:\n  claim-needs-quorum-overlap: off\n  even-replica-majority: error\n';
    const rules = { 'claim-needs-quorum-overlap': 'off', 'even-replica-majority': 'error' };
    const severities = (ds: Diagnostic[]) => ds.map((d) => `${d.code}@${d.range.start.line + 1}:${d.severity}`).sort();

    // The Node server reads the same file from disk, next to the design.
    const disk = mkdtempSync(join(tmpdir(), 'cap-lens-web-rules-'));
    try {
      mkdirSync(join(disk, 'strict/designs'), { recursive: true });
      writeFileSync(join(disk, 'strict/.caplens.yaml'), config);
      writeFileSync(join(disk, 'strict/designs/broken.cap.yaml'), text);
      const onDisk = pathToFileURL(join(disk, 'strict/designs/broken.cap.yaml')).href;
      const rulesNode = await startServer({ workspaceFolders: [disk] });
      rulesNode.open(onDisk, text);
      const expected = severities((await rulesNode.diagnostics(onDisk, 1)).diagnostics);
      await rulesNode.close();

      const configured = await harness.start({
        workspaceFolders: ['vscode-vfs://github/acme/shop'],
        initializationOptions: { ruleFiles: [{ folder: 'vscode-vfs://github/acme/shop/strict', rules }] },
      });
      try {
        const inside = 'vscode-vfs://github/acme/shop/strict/designs/broken.cap.yaml';
        const outside = 'vscode-vfs://github/acme/shop/other/broken.cap.yaml';
        configured.open(inside, text);
        configured.open(outside, text);
        const [a, b] = await Promise.all([configured.diagnostics(inside, 1), configured.diagnostics(outside, 1)]);
        assert.deepEqual(severities(a.diagnostics), expected);
        assert.ok(!rows(a.diagnostics).some((r) => r.startsWith('claim-needs-quorum-overlap@')));
        assert.ok(a.diagnostics.some((d) => d.code === 'even-replica-majority' && d.severity === 1));
        assert.ok(
          b.diagnostics.some((d) => d.code === 'claim-needs-quorum-overlap'),
          'a design outside the folder keeps the defaults',
        );

        // The config is deleted: the extension sends the (now empty) list, and the defaults come back.
        // Wait for the publish with the defaults: one already scheduled (the settings' refresh republishes every
        // document) may still arrive first with the rules, so the next publish alone proves nothing.
        await configured.connection.sendNotification(RULE_FILES_NOTIFICATION, { files: [] });
        const defaults = JSON.stringify(severities(b.diagnostics));
        await configured.diagnosticsWhere(inside, 1, (p) => JSON.stringify(severities(p.diagnostics)) === defaults);
        assert.deepEqual(configured.problems(), []);
      } finally {
        await configured.end();
      }
    } finally {
      rmSync(disk, { recursive: true, force: true });
    }
  });
});
