// The simulator webview bundle in headless Chromium, under the panel's Content Security Policy: it draws the
// sample topology, cuts and heals links, shows stale reads for an R+W ≤ N store and refusals for a partitioned
// CP store, explains a linearizability failure and links back to the claim, draws the staleness tab, follows
// the keyboard, rebuilds its run from saved state, and never trips the CSP. Screenshots go to test-artifacts/webview.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator } from 'playwright-core';
import { sampleModel, startHarness, type WebviewHarness, type WebviewPage } from './harness';

let harness: WebviewHarness;

before(async () => {
  harness = await startHarness();
});

after(async () => {
  await harness?.close();
});

async function openWith(focus: string, options: Parameters<WebviewHarness['open']>[0] = {}): Promise<WebviewPage> {
  const view = await harness.open(options);
  await view.send({ type: 'model', payload: { model: sampleModel(), focus } });
  await view.page.waitForSelector(`.store-name:text-is("${focus}")`, { state: 'attached' });
  return view;
}

async function tileValue(view: WebviewPage, tile: string): Promise<string> {
  return (await view.page.locator(`[data-tile="${tile}"] .tile-value`).textContent()) ?? '';
}

/** Fast-forward until `done` holds (each press runs about 200 operations), or fail after `max` presses. */
async function fastForwardUntil(view: WebviewPage, done: () => Promise<boolean>, max = 12): Promise<void> {
  const button = view.page.getByRole('button', { name: /^Fast-forward/ });
  for (let i = 0; i < max; i++) {
    await button.click();
    // The figures refresh on the next animation frame: wait for that frame, not for a fixed time.
    await view.page.evaluate(
      () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
    if (await done()) return;
  }
  assert.fail(`condition not reached after ${max} fast-forwards`);
}

async function noProblems(view: WebviewPage): Promise<void> {
  assert.deepEqual(await view.problems(), []);
}

async function attr(l: Locator, name: string): Promise<string | null> {
  return l.getAttribute(name);
}

describe('simulator webview', () => {
  test('asks for the model, then draws regions, replicas, the leader and clients', async () => {
    const view = await openWith('ledger');
    const posted = await view.posted();
    assert.deepEqual(posted[0], { type: 'ready', payload: {} });
    const { page } = view;
    assert.equal(await page.locator('.region').count(), 2);
    assert.deepEqual(await page.locator('.region-name').allTextContents(), ['us-east', 'eu-west']);
    assert.equal(await page.locator('.node').count(), 3);
    assert.equal(await page.locator('.client').count(), 2);
    assert.equal(await page.locator('.link').count(), 1);
    // A consensus store has exactly one leader, wearing the crown.
    assert.equal(await page.locator('.node.is-leader').count(), 1);
    assert.match((await page.locator('.summary').textContent()) ?? '', /consensus.*N=3 R=2 W=2/);
    // Run a little, then let messages fly for a moment so the screenshot shows some in flight.
    await page.getByRole('button', { name: /^Fast-forward/ }).click();
    await page.keyboard.press('Space');
    await page.waitForSelector('circle.msg');
    await page.keyboard.press('Space');
    assert.ok((await page.locator('.op.ok').count()) > 0);
    await view.screenshot('simulator-ledger-topology');
    await noProblems(view);
    await page.close();
  });

  test('clicking the link between regions cuts it, clicking again heals it', async () => {
    const view = await openWith('ledger');
    const link = view.page.locator('.link');
    assert.equal(await attr(link, 'aria-pressed'), 'false');
    await link.click();
    await view.page.waitForSelector('.link.cut');
    assert.equal(await attr(link, 'aria-pressed'), 'true');
    const state = (await view.state()) as { run: { actions: { action: unknown }[] } };
    assert.deepEqual(
      state.run.actions.map((a) => a.action),
      [{ kind: 'cut', a: 'us-east', b: 'eu-west' }],
    );
    await link.click();
    await view.page.waitForSelector('.link:not(.cut)');
    assert.equal(await attr(link, 'aria-pressed'), 'false');
    await noProblems(view);
    await view.page.close();
  });

  test('a run of an R+W ≤ N store shows stale reads and breaks its strong-consistency claim', async () => {
    const view = await openWith('carts');
    await fastForwardUntil(
      view,
      async () => Number(await tileValue(view, 'stale')) > 0 && (await tileValue(view, 'linearizable')) === 'violated',
    );
    const { page } = view;
    assert.ok(Number(await tileValue(view, 'stale')) > 0);
    assert.match(await tileValue(view, 'availability'), /^100%$/); // AP: every request served
    const claim = page.locator('.claim', { hasText: 'consistency: strong' });
    assert.match((await attr(claim, 'class')) ?? '', /\bbad\b/);
    assert.match((await claim.textContent()) ?? '', /stale read/);
    // The counterexample is drawn as a timeline, the failing operation marked.
    const ce = page.locator('.counterexample');
    await ce.waitFor();
    assert.ok((await ce.locator('.op-bar').count()) >= 2);
    assert.equal(await ce.locator('.op-bar.failing').count(), 1);
    // Stale reads stand out in the operations list; the Anomalies filter lists only them (and refusals, lost writes).
    await page.getByRole('button', { name: /^Anomalies \d+$/ }).click();
    assert.ok((await page.locator('.ops .op.stale').count()) > 0);
    assert.equal(await page.locator('.ops .op.ok').count(), 0);
    await view.screenshot('simulator-carts-stale-reads');
    await ce.getByRole('button', { name: /Go to the claim it breaks/ }).click();
    const posted = await view.posted();
    assert.deepEqual(posted.at(-1), { type: 'reveal', payload: { datastore: 'carts', claim: 'consistency' } });
    await noProblems(view);
    await page.close();
  });

  test('a CP store cut off from its minority refuses requests there and stays linearizable', async () => {
    const view = await openWith('ledger');
    const { page } = view;
    await page.locator('.link').click();
    await fastForwardUntil(
      view,
      async () => Number(await tileValue(view, 'refused')) > 0 && (await tileValue(view, 'linearizable')) === 'linearizable',
    );
    const refused = Number(await tileValue(view, 'refused'));
    assert.ok(refused > 0);
    assert.match(
      (await page.locator('[data-tile="refused"] .tile-detail').textContent()) ?? '',
      new RegExp(`^${refused} of \\d+ on a minority side$`),
    );
    assert.equal(await tileValue(view, 'stale'), '0');
    assert.equal(await tileValue(view, 'lost'), '0');
    assert.match((await attr(page.locator('.claim', { hasText: 'cap: CP' }), 'class')) ?? '', /\bgood\b/);
    assert.match((await attr(page.locator('.claim', { hasText: 'consistency: linearizable' }), 'class')) ?? '', /\bgood\b/);
    // The client on the minority side has refusals in the log.
    assert.ok((await page.locator('.op.refused, .op.unknown').count()) > 0 || refused > 0);
    await view.screenshot('simulator-ledger-partition');
    // Going to a claim asks the extension by identity (it resolves the range in the current text).
    await page.locator('.claim', { hasText: 'cap: CP' }).getByRole('button').click();
    assert.deepEqual((await view.posted()).at(-1), { type: 'reveal', payload: { datastore: 'ledger', claim: 'cap' } });
    await noProblems(view);
    await page.close();
  });

  test('crashing the leader by keyboard shows it down and a new leader takes over', async () => {
    const view = await openWith('ledger');
    const { page } = view;
    const leader = page.locator('.node.is-leader');
    const id = await attr(leader, 'data-node');
    await leader.focus();
    await page.keyboard.press('Enter');
    const crashed = page.locator(`.node[data-node="${id}"]`);
    await page.waitForSelector(`.node[data-node="${id}"].down`);
    assert.match((await attr(crashed, 'aria-label')) ?? '', /crashed\. Press to restart it/);
    await fastForwardUntil(view, async () => (await page.locator('.node.is-leader').count()) === 1);
    assert.notEqual(await attr(page.locator('.node.is-leader'), 'data-node'), id);
    await view.screenshot('simulator-ledger-leader-crashed');
    await noProblems(view);
    await page.close();
  });

  test('Write and Read start single operations; the steady workload can be stopped', async () => {
    const view = await openWith('ledger');
    const { page } = view;
    const workload = page.getByRole('button', { name: 'Steady workload' });
    assert.equal(await attr(workload, 'aria-pressed'), 'true');
    await workload.click();
    assert.equal(await attr(workload, 'aria-pressed'), 'false');
    await page.getByRole('button', { name: /^Fast-forward/ }).click();
    await page.waitForSelector('.op.empty');
    // The clients are the design's components: checkout runs in both regions.
    await page.getByLabel('Client for single operations').selectOption('checkout@eu-west');
    await page.getByRole('button', { name: 'Write from the selected client' }).click();
    await page.getByRole('button', { name: 'Read from the selected client' }).click();
    await page.getByRole('button', { name: /^Fast-forward/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('.op.ok').length === 2);
    const ops = await page.locator('.op-what').allTextContents();
    // Newest first: the read saw the write just made.
    assert.match(ops[0], /^read → (\d+)$/);
    assert.equal(ops[1], `write ${/(\d+)$/.exec(ops[0])![1]}`);
    await noProblems(view);
    await page.close();
  });

  test('keyboard: Space plays and pauses, → steps, + and − change the speed, Tab reaches the drawing', async () => {
    const view = await openWith('ledger');
    const { page } = view;
    const play = page.locator('button.play');
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Space');
    assert.equal(await attr(play, 'aria-pressed'), 'true');
    await page.keyboard.press('Space');
    assert.equal(await attr(play, 'aria-pressed'), 'false');
    const clock = page.locator('.clock');
    const before = await clock.textContent();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((b) => document.querySelector('.clock')?.textContent !== b, before);
    const speed = await page.locator('.speed').textContent();
    await page.keyboard.press('+');
    assert.notEqual(await page.locator('.speed').textContent(), speed);
    await page.keyboard.press('-');
    assert.equal(await page.locator('.speed').textContent(), speed);
    // Tab order: header controls, tabs, toolbar, then the link and replicas of the drawing.
    const order: string[] = [];
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 30; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          return el?.getAttribute('data-node') ?? el?.getAttribute('aria-label') ?? el?.textContent ?? '';
        }),
      );
    }
    const play_ = order.indexOf('Play');
    const firstNode = order.indexOf('ledger-1');
    assert.ok(play_ >= 0 && firstNode > play_, `Tab order: ${order.join(' | ')}`);
    assert.ok(order.some((o) => /^Link between us-east and eu-west/.test(o)));
    await noProblems(view);
    await page.close();
  });

  test('the staleness tab charts t-visibility and lists k-staleness for several R/W choices', async () => {
    const view = await openWith('carts');
    const { page } = view;
    await page.getByRole('tab', { name: 'Staleness' }).click();
    await page.waitForSelector('.chart');
    assert.equal(await page.getByRole('tab', { name: 'Staleness' }).getAttribute('aria-selected'), 'true');
    const series = page.locator('.chart path.series');
    assert.ok((await series.count()) >= 4);
    assert.equal(await page.locator('.chart path.series.current').count(), 1);
    const rows = page.locator('.staleness-table tbody tr');
    assert.ok((await rows.count()) >= 4);
    // Closed form for N=3, R=1, W=1: C(2,1)/C(3,1) = 2/3 of reads right after commit miss the write.
    assert.match((await rows.first().textContent()) ?? '', /R=1 W=1.*no.*66\.7%.*44\.4%.*29\.6%/);
    assert.match(
      (await page.locator('.staleness .intro').textContent()) ?? '',
      /for N = 3 .*R \+ W = 2 ≤ 3: a read right after commit misses the write/,
    );
    await view.screenshot('simulator-carts-staleness');
    // Arrow keys move between the three tabs, wrapping around.
    await page.getByRole('tab', { name: 'Staleness' }).focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByRole('tab', { name: 'Scenarios' }).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByRole('tab', { name: 'Simulate' }).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.getByRole('tab', { name: 'Staleness' }).getAttribute('aria-selected'), 'true');
    await page.keyboard.press('Home');
    assert.equal(await page.getByRole('tab', { name: 'Simulate' }).getAttribute('aria-selected'), 'true');
    await noProblems(view);
    await page.close();
  });

  test('the staleness tab follows the analysis: a leader is a follower what-if; reads PBS does not describe get the reason and no chart', async () => {
    const design =
      'system: s\nregions: [dc1, dc2]\ndatastores:\n  kv:\n    engine: etcd\n    settings: {members: 3}\n  carts:\n    engine: cassandra\n    settings: {replication_factor: {dc1: 3, dc2: 3}, consistency: LOCAL_QUORUM}\n';
    for (const [focus, check] of [
      [
        'kv',
        async (page: WebviewPage['page']) => {
          await page.waitForSelector('.chart');
          assert.match(
            (await page.locator('.staleness .intro').textContent()) ?? '',
            /for the 2 followers .*A read right after a write: 0%: reads go to the leader.*the lines show what reading from one follower would give/,
          );
          assert.equal(await page.locator('.chart path.series.current').count(), 0);
        },
      ],
      [
        'carts',
        async (page: WebviewPage['page']) => {
          await page.waitForSelector('.staleness .intro');
          assert.match(
            (await page.locator('.staleness').textContent()) ?? '',
            /A read right after a write: 0% for a reader in the writer's datacenter.*no figure for a reader in another datacenter.*so there is no chart/,
          );
          assert.equal(await page.locator('.chart').count(), 0);
        },
      ],
    ] as const) {
      const view = await harness.open();
      await view.send({ type: 'model', payload: { model: sampleModel(design), focus } });
      await view.page.waitForSelector(`.store-name:text-is("${focus}")`, { state: 'attached' });
      await view.page.getByRole('tab', { name: 'Staleness' }).click();
      await check(view.page);
      await noProblems(view);
      await view.page.close();
    }
  });

  test('follows a light theme', async () => {
    const view = await openWith('ledger', { theme: 'light' });
    await view.page.locator('.link').click();
    await fastForwardUntil(view, async () => Number(await tileValue(view, 'refused')) > 0);
    const bg = await view.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(255, 255, 255)');
    await view.screenshot('simulator-ledger-light');
    await noProblems(view);
    await view.page.close();
  });

  test('a narrow panel stacks the two regions, so the drawing stays readable', async () => {
    const view = await openWith('ledger');
    const { page } = view;
    const line = page.locator('.link .link-line');
    assert.equal(await line.getAttribute('y1'), await line.getAttribute('y2')); // side by side: a horizontal link
    await page.setViewportSize({ width: 560, height: 1000 });
    await page.waitForFunction(() => {
      const l = document.querySelector('.link .link-line');
      return l !== null && l.getAttribute('x1') === l.getAttribute('x2');
    });
    await page.getByRole('button', { name: /^Fast-forward/ }).click();
    await view.screenshot('simulator-ledger-narrow');
    await noProblems(view);
    await page.close();
  });

  test('ignores malformed messages and switches datastore on a valid focus message', async () => {
    const view = await openWith('ledger');
    const { page } = view;
    const warnings: string[] = [];
    // One warning per refused message: wait for the third, not for a moment.
    const threeWarnings = new Promise<void>((resolve) =>
      page.on('console', (m) => {
        if (m.type() === 'warning' && warnings.push(m.text()) === 3) resolve();
      }),
    );
    await view.send({ type: 'model', payload: { model: { ...sampleModel(), datastores: 'nope' } } });
    await view.send({ type: 'explode', payload: {} });
    await view.send({ type: 'focus', payload: { datastore: 'carts', extra: 1 } });
    await threeWarnings;
    assert.equal(await page.locator('.store-name').textContent(), 'ledger');
    assert.equal(warnings.length, 3, warnings.join('\n'));
    assert.match(warnings[0], /message\.payload\.model\.datastores: expected an array/);
    await view.send({ type: 'focus', payload: { datastore: 'carts' } });
    await page.waitForSelector('.store-name:text-is("carts")', { state: 'attached' });
    assert.equal(await page.locator('#datastore').inputValue(), 'carts');
    await noProblems(view);
    await page.close();
  });

  test('with a focused model (one datastore in full), choosing another asks for it and shows it when it comes', async () => {
    const view = await harness.open();
    const { page } = view;
    const full = sampleModel();
    const focused = (name: string) => ({ ...full, datastores: full.datastores.filter((d) => d.name === name) });
    await view.send({ type: 'model', payload: { model: focused('ledger'), focus: 'ledger' } });
    await page.waitForSelector('.store-name:text-is("ledger")', { state: 'attached' });
    // Every datastore is in the selector, though only one is described.
    assert.deepEqual(await page.locator('#datastore option').allTextContents(), full.names);
    await page.locator('#datastore').selectOption('carts');
    assert.deepEqual((await view.posted()).at(-1), { type: 'select', payload: { datastore: 'carts' } });
    // Until the model describing it comes, the view stays on ledger; then it shows carts, and keeps it on updates.
    assert.equal(await page.locator('.store-name').textContent(), 'ledger');
    await view.send({ type: 'model', payload: { model: focused('carts') } });
    await page.waitForSelector('.store-name:text-is("carts")', { state: 'attached' });
    await view.send({ type: 'model', payload: { model: focused('carts') } });
    assert.equal(await page.locator('#datastore').inputValue(), 'carts');
    const selects = async () => (await view.posted()).filter((m) => (m as { type: string }).type === 'select').length;
    assert.equal(await selects(), 1);
    // The answer to a request does not describe it (the YAML broke, the last good model stands in): ask once, no more.
    await page.locator('#datastore').selectOption('ledger');
    assert.equal(await selects(), 2);
    await view.send({ type: 'model', payload: { model: focused('carts') } });
    await view.send({ type: 'model', payload: { model: focused('carts') } });
    // The selector showed ledger while it was asked for; the models that do not describe it bring carts back.
    await page.waitForFunction(() => (document.querySelector('#datastore') as HTMLSelectElement).value === 'carts');
    assert.equal(await selects(), 2);
    await noProblems(view);
    await page.close();
  });

  test('a design with nothing to simulate says what is missing', async () => {
    const view = await harness.open();
    const model = sampleModel('system: empty\ndatastores:\n  kv:\n    replication: leaderless\n');
    await view.send({ type: 'model', payload: { model } });
    await view.page.waitForSelector('.empty:not([hidden])');
    assert.match(
      (await view.page.locator('.empty').textContent()) ?? '',
      /declares no datastore that can be simulated yet\. Give a datastore replicas:/,
    );
    assert.match((await view.page.locator('.notice').textContent()) ?? '', /kv cannot be simulated: no replica count\./);
    assert.equal(await view.page.locator('#panel-simulate').isHidden(), true);
    await noProblems(view);
    await view.page.close();
  });

  test('a restored panel replays the saved run to the same state', async () => {
    const first = await openWith('ledger');
    await first.page.locator('.link').click();
    await fastForwardUntil(first, async () => Number(await tileValue(first, 'refused')) > 0);
    const clock = await first.page.locator('.clock').textContent();
    const tiles = await first.page.locator('.tile-value').allTextContents();
    const state = await first.state();
    await first.page.close();

    const second = await harness.open({ state });
    await second.send({ type: 'model', payload: { model: sampleModel() } });
    await second.page.waitForSelector('.link.cut');
    await second.page.waitForFunction((c) => document.querySelector('.clock')?.textContent === c, clock);
    await second.page.waitForFunction(
      (t) => [...document.querySelectorAll('.tile-value')].map((e) => e.textContent).join('|') === t.join('|'),
      tiles,
    );
    await noProblems(second);
    await second.page.close();
  });

  test('an edit that changes the settings restarts the run; an edit elsewhere keeps it', async () => {
    const view = await openWith('ledger');
    const { page } = view;
    await page.locator('.link').click();
    await fastForwardUntil(view, async () => Number(await tileValue(view, 'refused')) > 0);
    // Only a comment added: same settings, so the cut link and the figures stay.
    const commented = sampleModel(`# a comment\n${(await import('./harness')).SAMPLE_DESIGN}`, 2);
    await view.send({ type: 'model', payload: { model: commented } });
    await page.waitForFunction(() => document.querySelector('.claim button')?.textContent === 'line 23');
    assert.equal(await page.locator('.link.cut').count(), 1);
    // Five replicas now: a new run with five nodes.
    const bigger = sampleModel(
      (await import('./harness')).SAMPLE_DESIGN.replace(
        'replicas: 3\n    replication: consensus',
        'replicas: 5\n    replication: consensus',
      ).replace(
        'placement: {us-east: 2, eu-west: 1}\n    claims:\n      consistency: linearizable',
        'placement: {us-east: 3, eu-west: 2}\n    claims:\n      consistency: linearizable',
      ),
      3,
    );
    await view.send({ type: 'model', payload: { model: bigger } });
    await page.waitForFunction(() => document.querySelectorAll('.node').length === 5);
    assert.equal(await page.locator('.link.cut').count(), 0);
    await noProblems(view);
    await page.close();
  });
});
