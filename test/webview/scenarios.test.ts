// The Scenarios tab in headless Chromium, on the seven thought experiments of samples/simulator: each scenario
// runs in the panel's Web Worker (under the panel's Content Security Policy) and every expectation passes, as in
// `cap-lens simulate`; the tab shows what a user needs to see of each experiment — the refused and the stale
// read, the election on the timeline, the concurrent versions side by side, the convergence, the latency paid,
// each component's own figures, the unknown outcomes. Screenshots go to test-artifacts/webview.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildSimulatorModel } from '../../server/src/core/ide/simulator-model';
import { REPO, startHarness, type WebviewHarness, type WebviewPage } from './harness';

let harness: WebviewHarness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

function modelOf(sample: string) {
  const file = join(REPO, 'samples/simulator', `${sample}.cap.yaml`);
  return buildSimulatorModel(readFileSync(file, 'utf8'), { uri: `file://${file}`, fileName: `${sample}.cap.yaml`, version: 1 });
}

async function openScenarios(sample: string): Promise<WebviewPage> {
  const view = await harness.open();
  await view.send({ type: 'model', payload: { model: modelOf(sample) } });
  await view.page.getByRole('tab', { name: 'Scenarios' }).click();
  await view.page.waitForSelector('#scenario option', { state: 'attached' });
  return view;
}

/** Pick a scenario, run it, and wait for its results; every expectation must pass. */
async function run(view: WebviewPage, scenario?: string): Promise<string[]> {
  const { page } = view;
  if (scenario) await page.getByLabel('Scenario to run').selectOption(scenario);
  // A replayed run can print the very same status: wait for the next write of it, not for a different text.
  await page.evaluate(() => {
    const status = document.querySelector('.scenario-status')!;
    const w = window as unknown as { statusWritten?: boolean };
    w.statusWritten = false;
    new MutationObserver((_, observer) => {
      if (/ expectations passed/.test(status.textContent ?? '')) {
        w.statusWritten = true;
        observer.disconnect();
      }
    }).observe(status, { childList: true, characterData: true, subtree: true });
  });
  await page.getByRole('button', { name: 'Run the scenario' }).click();
  await page.waitForFunction(() => (window as unknown as { statusWritten?: boolean }).statusWritten === true);
  const status = (await page.locator('.scenario-status').textContent()) ?? '';
  assert.match(status, /in the worker\)\.$/, 'the run happened in the Web Worker');
  const items = await page.locator('.expectation').allTextContents();
  assert.ok(items.length > 0);
  assert.equal(await page.locator('.expectation.fail, .expectation.inconclusive').count(), 0, items.join('\n'));
  assert.match(status, new RegExp(`${items.length} of ${items.length} expectations passed`));
  return items;
}

async function noProblems(view: WebviewPage): Promise<void> {
  assert.deepEqual(await view.problems(), []);
}

describe('the Scenarios tab on samples/simulator', () => {
  test('1: the CP store refuses the read on the minority side, the AP store answers it with the old value', async () => {
    const view = await openScenarios('01-cp-or-ap');
    const items = await run(view);
    assert.ok(
      items.some((t) => /reader's requests to accounts-cp .* all refused — e\.g\. op \d+, a read by reader@us-east/.test(t)),
    );
    assert.ok(
      items.some((t) => /reader's requests to accounts-ap served 1 stale read of 1 .* read 1 at .* after write 2/.test(t)),
    );
    // The two reads on the timeline: one refused, one stale, each labelled with what it returned.
    const lane = view.page.locator('.tl-row-lane', { hasText: 'reader@us-east → accounts-ap' });
    assert.equal(await lane.locator('.tl-op.stale').count(), 1);
    assert.match((await lane.locator('.tl-op.stale .tl-op-label').textContent()) ?? '', /^R→1$/);
    assert.equal(
      await view.page.locator('.tl-row-lane', { hasText: 'reader@us-east → accounts-cp' }).locator('.tl-op.refused').count(),
      1,
    );
    await noProblems(view);
    await view.page.close();
  });

  test('2: the election on the minority-led consensus store is a gap on the timeline, and its length is in the results', async () => {
    const view = await openScenarios('02-leader-election');
    const items = await run(view);
    assert.ok(items.some((t) => /settings was without a leader that reaches a majority for 1\.\d+ s \(5 s–6\.\d+ s\)/.test(t)));
    const { page } = view;
    const leader = page.locator('.tl-row-leader');
    assert.equal(await leader.locator('.tl-no-leader').count(), 1);
    assert.match(
      (await leader.locator('.tl-no-leader title').textContent()) ?? '',
      /^no leader reaching a majority: 5 s – 6\.\d+ s/,
    );
    assert.equal(await leader.locator('.tl-mark-election').count(), 1);
    assert.equal(await leader.locator('.tl-mark-leader').count(), 1);
    assert.match((await leader.locator('.tl-mark-leader title').textContent()) ?? '', /settings-[345] leads \(term 2\)/);
    assert.match(
      (await page.locator('table[aria-label="Datastores"] tr[data-store="settings"]').textContent()) ?? '',
      /1 election, 1 new leader; 1\.\d+ s without a leader/,
    );
    // The minority client is refused for the whole partition.
    assert.ok((await page.locator('.tl-row-lane', { hasText: 'config-api@eu-west' }).locator('.tl-bin.refused').count()) > 5);
    await view.screenshot('simulator-scenario-election');
    await noProblems(view);
    await page.close();
  });

  test('3: concurrent writes side by side — LWW loses one, siblings are merged, CRDTs keep both', async () => {
    const view = await openScenarios('03-concurrent-writes');
    const { page } = view;
    await run(view, 'last write wins');
    const lww = page.locator('.conflict[data-store="cart-lww"]');
    assert.deepEqual(await lww.locator('.version .version-value').allTextContents(), ['10', '12']);
    assert.equal(await lww.locator('.version.lost .version-value').textContent(), '10');
    assert.equal(await lww.locator('.version.kept .version-value').textContent(), '12');
    assert.match((await lww.locator('.version.lost').textContent()) ?? '', /cart@eu-west.*acknowledged at 3\.00 s.*lost update/);
    await view.screenshot('simulator-scenario-lww');

    await run(view, 'siblings merged by the client');
    const sib = page.locator('.conflict[data-store="cart-siblings"]');
    assert.deepEqual(await sib.locator('.version .version-value').allTextContents(), ['10', '12']);
    assert.equal(await sib.locator('.version.merged').count(), 2);
    assert.match((await sib.locator('.version-result').textContent()) ?? '', /→ 22 written back \(op \d+\)/);
    assert.match(
      (await sib.locator('.conflict-outcome').textContent()) ?? '',
      /kept as siblings; op \d+ \(cart@eu-west\) read both and wrote back its merge, 22/,
    );
    await view.screenshot('simulator-scenario-siblings');

    await run(view, 'crdt set');
    const set = page.locator('.conflict[data-store="cart-crdt"]');
    assert.deepEqual(await set.locator('.version .version-value').allTextContents(), ['+10', '+12']);
    assert.match((await set.locator('.version-result').textContent()) ?? '', /→ \{10, 12\}/);
    await run(view, 'crdt counter');
    assert.match((await page.locator('.conflict[data-store="cart-crdt"] .version-result').textContent()) ?? '', /→ 22/);
    await noProblems(view);
    await page.close();
  });

  test('4: replicas converge after the heal, by hints or by anti-entropy', async () => {
    const view = await openScenarios('04-convergence');
    const items = await run(view, 'hints replay');
    assert.ok(items.some((t) => /sessions's replicas converged 5\.00 s after the heal at 15 s/.test(t)));
    const rows = view.page.locator('.tl-row-convergence');
    assert.equal(await rows.count(), 2);
    assert.match((await rows.first().textContent()) ?? '', /converged in 5\.00 s/);
    await run(view, 'anti-entropy alone');
    assert.match(
      (await view.page.locator('table[aria-label="Datastores"] tr[data-store="profiles"]').textContent()) ?? '',
      /converged [\d.]+ s after the heal at 15 s/,
    );
    await noProblems(view);
    await view.page.close();
  });

  test('5: PACELC else — the latency paid for waiting on every region, beside the stale reads it saves', async () => {
    const view = await openScenarios('05-pacelc-else');
    await run(view);
    const all = (await view.page.locator('table[aria-label="Datastores"] tr[data-store="orders-all"]').textContent()) ?? '';
    const one = (await view.page.locator('table[aria-label="Datastores"] tr[data-store="orders-one"]').textContent()) ?? '';
    assert.match(all, /0 \(0%\)/);
    assert.match(all, /1[5-9]\d ms \/ /, 'a write waits for a cross-region round trip');
    assert.match(one, /[1-9]\d* \(\d+\.\d%\)/);
    assert.match(one, /\d\.\d+ ms \/ /, 'a write at W = 1 answers at local speed');
    await noProblems(view);
    await view.page.close();
  });

  test("6: the checkout — each component's own requests: the cart keeps adding, payments fail on the minority side", async () => {
    const view = await openScenarios('06-checkout');
    await run(view);
    const { page } = view;
    const cart = (await page.locator('tr[data-component="cart"]').textContent()) ?? '';
    const payment = (await page.locator('tr[data-component="payment"]').textContent()) ?? '';
    assert.match(cart, /^cartus-east, eu-westcarts(\d+)\/\1(\d+)\/\2(?:100%)\d+eventual: met$/);
    assert.match(payment, /^paymentus-east, eu-westledger\d+\/\d+\d+\/\d+, \d+ unknown9\d\.\d%0linearizable: met$/);
    // The cart's eu-west lane is all served during the partition; payment's eu-west lane is refused.
    assert.equal(
      await page.locator('.tl-row-lane', { hasText: 'cart@eu-west → carts' }).locator('.tl-bin.refused, .tl-bin.unknown').count(),
      0,
    );
    assert.ok(
      (await page
        .locator('.tl-row-lane', { hasText: 'payment@eu-west → ledger' })
        .locator('.tl-bin.refused, .tl-bin.unknown')
        .count()) > 3,
    );
    await view.screenshot('simulator-scenario-checkout');
    await noProblems(view);
    await page.close();
  });

  test("7: the cut-off primary's writes end with an unknown outcome, not a failure", async () => {
    const view = await openScenarios('07-write-timeout');
    const items = await run(view);
    assert.ok(items.some((t) => /2 of 2 writes ended with an unknown outcome/.test(t)));
    const lane = view.page.locator('.tl-row-lane', { hasText: 'orders-api@eu-west → orders' });
    assert.equal(await lane.locator('.tl-op.unknown').count(), 2);
    assert.match(
      (await lane.locator('.tl-op.unknown title').first().textContent()) ?? '',
      /W 2 by orders-api@eu-west, 3 s → 8 s: unknown \(timeout\)/,
    );
    await noProblems(view);
    await view.page.close();
  });

  test("a run replays exactly; an expectation's line reveals it in the editor", async () => {
    const view = await openScenarios('02-leader-election');
    const first = await run(view);
    const second = await run(view);
    assert.deepEqual(second, first);
    await view.page.locator('.expectation', { hasText: 'without a leader' }).getByRole('button').click();
    const posted = await view.posted();
    assert.deepEqual(posted.at(-1), {
      type: 'reveal',
      payload: { datastore: '', scenarioPath: '0/expect/2/time_without_leader' },
    });
    await noProblems(view);
    await view.page.close();
  });
});
