// The history view in headless Chromium, under the panel's Content Security Policy: a Porcupine etcd log's
// counterexample, as the language server computes it, drawn as the simulator draws counterexamples, with each
// operation's line a link back to the editor. Screenshots go to test-artifacts/webview.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { HistoryChecks } from '../../server/src/lsp/history';
import { startHarness, type WebviewHarness } from './harness';

const ETCD_000 = join(__dirname, '..', '..', '..', 'shared', 'corpora', 'porcupine', 'jepsen', 'etcd_000.log');
let harness: WebviewHarness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

describe('history view', () => {
  test("draws a failing history's minimal witness and links each operation to its line", async () => {
    const doc = TextDocument.create('file:///store/etcd_000.log', 'jepsen-history', 3, readFileSync(ETCD_000, 'utf8'));
    const model = new HistoryChecks().view(doc);
    const view = await harness.open({ view: 'history' });
    const { page } = view;
    assert.deepEqual((await view.posted())[0], { type: 'ready', payload: {} });
    await view.send({ type: 'history', payload: model });
    await page.waitForSelector('.history-verdict');
    assert.equal(await page.locator('.history-verdict').textContent(), 'Not linearizable');
    assert.equal(await page.locator('.store-name').textContent(), 'etcd_000.log');
    assert.match(
      (await page.locator('.ce-message').textContent()) ?? '',
      /^read by process 11 \(line 85\) returned 2, but while it ran the register could only hold 0, 1, 3 or 4\.$/,
    );
    assert.equal(await page.locator('g.op-bar').count(), model.ops.length);
    assert.equal(await page.locator('g.op-bar.failing').count(), 1);
    assert.equal(await page.locator('.history-ops li.failing').count(), 1);
    await page.getByRole('button', { name: 'Go to line 85 of the history' }).click();
    assert.deepEqual((await view.posted()).at(-1), { type: 'revealLine', payload: { line: 85 } });
    await view.screenshot('history-etcd-000');
    assert.deepEqual(await view.problems(), []);
    await page.close();
  });

  test('a linearizable history: the verdict and the notes, no timeline', async () => {
    const doc = TextDocument.create(
      'file:///h.edn',
      'jepsen-history',
      1,
      '{:type :invoke, :f :write, :value 1, :process 0}\n{:type :ok, :f :write, :value 1, :process 0}\n{:type :info, :f :start, :process :nemesis, :value nil}\n',
    );
    const view = await harness.open({ view: 'history', theme: 'light' });
    await view.send({ type: 'history', payload: new HistoryChecks().view(doc) });
    await view.page.waitForSelector('.history-verdict');
    assert.equal(await view.page.locator('.history-verdict').textContent(), 'Linearizable');
    assert.equal(await view.page.locator('svg.timeline').count(), 0);
    assert.match((await view.page.locator('.history-notes').textContent()) ?? '', /1 event of process :nemesis/);
    assert.deepEqual(await view.problems(), []);
    await view.page.close();
  });
});
