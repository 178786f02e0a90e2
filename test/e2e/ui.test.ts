// UI end-to-end tests of the packaged extension (dist/cap-lens.vsix) in a real VS Code: code-server 4.139.1
// in headless Chromium, driven the way a person uses it — quick open, the Problems panel, hovers, the
// lightbulb, code lenses, the command palette, the simulator webview. Screenshots of every step are saved
// to test-artifacts/e2e/ui-*.png.
//
// Environment: CAP_LENS_E2E_VSIX (default dist/cap-lens.vsix, built by `npm run package`),
// CAP_LENS_E2E_KEEP=1 (keep temp folders).
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, afterEach, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzeFull, rateFindings } from '../../server/src/core/analysis/analyze';
import * as h from './harness';
import {
  exerciseSimulator,
  expectedFindings,
  expectedMarkdownFindings,
  filterProblems,
  FIXTURES,
  markedFindings,
  MARKDOWN_DOCS,
  rowFinding,
  SAMPLE_DESIGNS as samples,
  SAMPLES,
  simulatorFrame,
} from './ui-steps';

const VSIX = process.env.CAP_LENS_E2E_VSIX ?? join(h.REPO, 'dist/cap-lens.vsix');

describe('CAP Lens in VS Code (code-server, packaged VSIX)', { timeout: 5 * 60_000 }, () => {
  let server: h.RunningServer;
  let browser: h.Browser;
  let page: Page;
  let workspace: string;
  let work: string;

  before(async () => {
    h.requireInstalled();
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package\` first`);
    work = mkdtempSync(join(tmpdir(), 'cap-lens-e2e-ui-ws-'));
    workspace = join(work, 'designs');
    mkdirSync(workspace);
    for (const f of samples) {
      mkdirSync(dirname(join(workspace, f)), { recursive: true });
      copyFileSync(join(SAMPLES, f), join(workspace, f));
    }
    copyFileSync(join(FIXTURES, 'shop.cap.yaml'), join(workspace, 'shop.cap.yaml'));
    // The Markdown design docs, in a folder of their own (the sample loop above covers *.cap.yaml only).
    mkdirSync(join(workspace, 'docs'));
    for (const doc of MARKDOWN_DOCS) copyFileSync(join(SAMPLES, 'docs', doc), join(workspace, 'docs', doc));
    server = await h.startCodeServer(VSIX, { workspace, label: 'ui' });
    browser = await h.launchBrowser(server.tmp);
    page = browser.page;
    await h.openWorkbench(page, server.url);
  });

  afterEach(async (t) => {
    if (page) await h.screenshot(page, `ui-${(t as TestContext).name}`).catch(() => undefined);
  });

  after(async () => {
    if (browser) {
      mkdirSync(h.ARTIFACTS, { recursive: true });
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(h.ARTIFACTS, 'ui-browser-console.log'), browser.console.join('\n'));
      await browser.close();
    }
    if (server) await server.stop();
    if (work && !process.env.CAP_LENS_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  });

  for (const rel of samples) {
    const sample = basename(rel);
    it(`sample ${rel}: its findings show in the Problems panel with their rule names`, async () => {
      const expected = expectedFindings(join(workspace, rel));
      // Filter first, then open: the editor keeps the focus (an editor that loses it at once to the
      // filter box may not render its code lenses).
      await filterProblems(page, sample);
      await h.openFile(page, sample);
      const mine = (rows: h.ProblemRow[]) =>
        rows
          .filter((r) => r.file === sample)
          .map(rowFinding)
          .filter((x): x is string => !!x);
      if (expected.length === 0) {
        // Nothing to report: wait until the server has analysed the file (its code lenses appear), then
        // the panel must stay empty for it.
        const text = readFileSync(join(workspace, rel), 'utf8');
        const firstStore = text.slice(0, text.search(/^datastores:/m)).split('\n').length + 1;
        await h.goToLine(page, firstStore);
        await h.waitForCodeLenses(page, `code lenses of ${sample}`, (l) => l.length > 0);
        assert.deepEqual(mine(await h.problemRows(page)), [], `${sample} should have no findings`);
        assert.equal(await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').count(), 0);
        return;
      }
      const rows = await h.waitForProblems(
        page,
        `${expected.length} findings of ${sample}`,
        (r) => mine(r).length >= expected.length,
      );
      const shown = mine(rows).sort();
      assert.deepEqual(shown, expected, `Problems panel of ${sample}`);
      const missing = markedFindings(join(workspace, rel)).filter((m) => !shown.includes(m));
      assert.deepEqual(missing, [], `findings marked \`# expect:\` in ${rel} but not in the Problems panel`);
      // Errors are underlined in the editor too.
      const errors = rateFindings(analyzeFull(readFileSync(join(workspace, rel), 'utf8')).findings).filter(
        (f) => f.severity === 'error',
      );
      if (errors.length > 0) await activeSquiggles(page, 'error');
    });
  }

  it('status bar counts the errors and warnings of the open designs', async () => {
    // Every sample is open now; the status bar adds up their errors and warnings.
    const all = samples.flatMap((f) => rateFindings(analyzeFull(readFileSync(join(workspace, f), 'utf8')).findings));
    const expected = {
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity === 'warning').length,
    };
    let counts = await h.statusBarProblems(page);
    await h
      .waitFor(`status bar counts ${JSON.stringify(expected)}`, async () => {
        counts = await h.statusBarProblems(page);
        return counts.errors === expected.errors && counts.warnings === expected.warnings;
      })
      .catch(() => undefined);
    assert.deepEqual(counts, expected, 'status bar problem counts');
  });

  it('hover on a datastore shows its PACELC card', async () => {
    await h.openFile(page, 'checkout.cap.yaml');
    const text = await h.hoverText(page, 'ledger:', /PC\/EC/);
    assert.match(text, /\bCP\b/, `hover card: ${text}`);
    assert.match(text, /PC\/EC/);
    await h.screenshot(page, 'ui-hover-card');
    await page.keyboard.press('Escape');
  });

  it('code lenses show the derived classes over each datastore', async () => {
    await h.openFile(page, 'checkout.cap.yaml');
    const lenses = await h.waitForCodeLenses(page, 'lenses with a PACELC class', (l) => l.some((t) => /P[AC]\/E[LC]/.test(t)));
    assert.ok(
      lenses.some((t) => /^CP · PC\/EC · survives 2 failures$/.test(t)),
      `lenses: ${JSON.stringify(lenses)}`,
    );
    assert.ok(
      lenses.some((t) => /Simulate/.test(t)),
      `a Simulate lens: ${JSON.stringify(lenses)}`,
    );
  });

  it('quick fix through the lightbulb rewrites the quorum and keeps comments', async () => {
    const file = join(workspace, 'shop.cap.yaml');
    const before = readFileSync(file, 'utf8');
    await filterProblems(page, 'shop.cap.yaml');
    await h.openFile(page, 'shop.cap.yaml');
    await h.waitForProblems(page, 'claim-needs-quorum-overlap on shop.cap.yaml', (r) =>
      r.some((x) => /claim-needs-quorum-overlap/.test(x.text)),
    );
    // Put the cursor on the contradicted claim; the lightbulb appears in the gutter.
    await h.clickText(page, 'strong # the claim');
    const bulb = page.locator('.editor-group-container.active .lightBulbWidget').first();
    await bulb.waitFor({ state: 'visible', timeout: h.TIMEOUT });
    await h.screenshot(page, 'ui-lightbulb');
    await bulb.click();
    const menu = page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    await menu.waitFor({ state: 'visible', timeout: h.TIMEOUT });
    await h.screenshot(page, 'ui-lightbulb-menu');
    await menu.locator('.monaco-list-row', { hasText: 'Raise read_quorum to 3' }).first().click();
    await h.waitFor('the fix in the editor', async () =>
      (await h.editorText(page)).includes('read_quorum: 3 # reads from one replica'),
    );
    await page.keyboard.press('Control+S');
    const expected = before.replace('read_quorum: 1 # reads from one replica', 'read_quorum: 3 # reads from one replica');
    await h.waitFor('the fixed file on disk', () => readFileSync(file, 'utf8') === expected, h.TIMEOUT);
    assert.equal(readFileSync(file, 'utf8'), expected);
    await h.waitForProblems(page, 'the finding to go away', (r) => !r.some((x) => /claim-needs-quorum-overlap/.test(x.text)));
  });

  it('simulator opens from the Simulate code lens: topology, partition, run', async () => {
    await h.openFile(page, 'checkout.cap.yaml');
    await h.waitForCodeLenses(page, 'the Simulate lens', (l) => l.some((t) => /Simulate/.test(t)));
    await h.clickCodeLens(page, /Simulate/);
    await exerciseSimulator(page, await simulatorFrame(page), 'ui-simulator-lens');
  });

  it('simulator opens from the command palette', async () => {
    await h.runCommand(page, 'View: Close All Editors');
    await h.openFile(page, 'ticket-booking.cap.yaml');
    await h.runCommand(page, 'CAP Lens: Open Simulator');
    await exerciseSimulator(page, await simulatorFrame(page), 'ui-simulator-palette');
  });

  it("the Scenarios tab runs a design scenario in the webview's worker, and every expectation passes", async () => {
    await h.runCommand(page, 'View: Close All Editors');
    await h.openFile(page, '06-checkout.cap.yaml');
    await h.runCommand(page, 'CAP Lens: Open Simulator');
    const frame = await simulatorFrame(page);
    await frame.getByRole('tab', { name: 'Scenarios' }).click();
    await frame.getByRole('button', { name: 'Run the scenario' }).click();
    // The status says where the run happened: a worker started from a blob: URL under the panel's CSP.
    const status = await h.waitFor('the scenario results', async () => {
      const text = (await frame.locator('.scenario-status').innerText()).trim();
      return / expectations passed/.test(text) && text;
    });
    assert.match(
      status,
      /^eu-west cut off: [\d,]+ operations, (\d+) of \1 expectations passed \(seed 1, [\d.]+ m?s in the worker\)\.$/,
    );
    assert.equal(await frame.locator('.expectation.fail, .expectation.inconclusive').count(), 0);
    await h.screenshot(page, 'ui-simulator-scenarios');
  });

  const RFC = 'rfc-0042-checkout-storage.md';

  it('a Markdown design doc: its findings show in the Problems panel at the lines of the Markdown file', async () => {
    await h.runCommand(page, 'View: Close All Editors');
    const expected = expectedMarkdownFindings(join(workspace, 'docs', RFC));
    assert.ok(expected.length >= 2, `the RFC sample has findings: ${JSON.stringify(expected)}`);
    await filterProblems(page, RFC);
    await h.openFile(page, RFC);
    const mine = (rows: h.ProblemRow[]) =>
      rows
        .filter((r) => r.file === RFC)
        .map(rowFinding)
        .filter((x): x is string => !!x);
    const rows = await h.waitForProblems(page, `${expected.length} findings of ${RFC}`, (r) => mine(r).length >= expected.length);
    assert.deepEqual(mine(rows).sort(), expected, `Problems panel of ${RFC}`);
    await h.screenshot(page, 'ui-markdown-problems');
  });

  it('a Markdown design doc: hovering a datastore inside a design block shows its card', async () => {
    const text = readFileSync(join(workspace, 'docs', RFC), 'utf8');
    await h.goToLine(page, text.slice(0, text.indexOf('  ledger:\n')).split('\n').length + 1);
    const card = await h.hoverText(page, 'ledger:', /CockroachDB/);
    assert.match(card, /PC\/EC/, `hover card: ${card}`);
    await h.screenshot(page, 'ui-markdown-hover');
    await page.keyboard.press('Escape');
  });

  it("a Markdown design doc: the Markdown preview shows each design block's review card", async () => {
    await h.runCommand(page, 'Markdown: Open Preview to the Side');
    const frame = await h.webviewFrame(page, '.cap-lens-card');
    await h.waitFor(
      'a card after each of the four design blocks',
      async () => (await frame.locator('.cap-lens-card').count()) === 4,
    );
    const sessions = frame.locator('.cap-lens-card').nth(2);
    assert.match(await sessions.locator('.cap-lens-head').innerText(), /checkout\s*✗ 1 error/);
    assert.match(await sessions.innerText(), /consistency-claim-contradicted/);
    assert.equal(await frame.locator('.cap-lens-card svg').count(), 1, 'the topology, once');
    assert.equal(await frame.locator('.cap-lens-card script').count(), 0, 'the cards run no script');
    await sessions.scrollIntoViewIfNeeded();
    await h.screenshot(page, 'ui-markdown-preview');
  });

  it('webviews log no Content Security Policy violations', () => {
    assert.deepEqual(browser.cspViolations(), []);
  });
});

async function activeSquiggles(page: Page, kind: 'error' | 'warning'): Promise<void> {
  await h.waitFor(
    `${kind} squiggles in the editor`,
    async () => (await page.locator(`.editor-group-container.active .monaco-editor .squiggly-${kind}`).count()) > 0,
  );
}
