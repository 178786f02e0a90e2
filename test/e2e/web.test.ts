// UI end-to-end tests of the browser build alone (dist/cap-lens-web.vsix: the `browser` entry, no `main`; npm run
// package:web) in a real VS Code: code-server 4.139.1 runs such an extension in its web worker extension host, as
// vscode.dev and github.dev do, with no Node API, no process and no file system. Driven in headless Chromium like
// ui.test.ts, with its steps (./ui-steps.ts): Problems rows of a sample, of a Markdown design doc and of a design
// scenario run in the server's second worker, a hover, `.caplens.yaml` rules, and the simulator panel. Screenshots: test-artifacts/e2e/web-*.png.
//
// Environment: CAP_LENS_E2E_WEB_VSIX (default dist/cap-lens-web.vsix), CAP_LENS_E2E_KEEP=1 (keep temp folders).
import * as assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { analyzeFull, rateFindings } from '../../server/src/core/analysis/analyze';
import { parseConfig } from '../../server/src/core/analysis/config';
import * as h from './harness';
import {
  exerciseSimulator,
  expectedFindings,
  expectedMarkdownFindings,
  filterProblems,
  rowFinding,
  SAMPLES,
  simulatorFrame,
} from './ui-steps';

const VSIX = process.env.CAP_LENS_E2E_WEB_VSIX ?? join(h.REPO, 'dist/cap-lens-web.vsix');
const RFC = 'rfc-0042-checkout-storage.md';
/** A design whose scenario contradicts its expectation: the finding comes from a run in the server's second worker. */
const SCENARIO_DESIGN = [
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
/** Rules of the `.caplens.yaml` in the workspace's strict/ folder. */
const STRICT_CONFIG = 'rules:\n  claim-needs-quorum-overlap: off\n  even-replica-majority: error\n';

describe('CAP Lens in the browser: the web-only build in the web worker extension host (code-server)', {
  timeout: 5 * 60_000,
}, () => {
  let server: h.RunningServer;
  let browser: h.Browser;
  let page: Page;
  let workspace: string;
  let work: string;

  before(async () => {
    h.requireInstalled();
    assert.ok(existsSync(VSIX), `${VSIX} is missing: run \`npm run package:web\` first`);
    work = mkdtempSync(join(tmpdir(), 'cap-lens-e2e-web-ws-'));
    workspace = join(work, 'designs');
    for (const dir of ['', 'docs', 'strict']) mkdirSync(join(workspace, dir), { recursive: true });
    for (const f of ['broken.cap.yaml', 'checkout.cap.yaml', 'ticket-booking.cap.yaml'])
      copyFileSync(join(SAMPLES, f), join(workspace, f));
    copyFileSync(join(SAMPLES, 'docs', RFC), join(workspace, 'docs', RFC));
    writeFileSync(join(workspace, 'west-cut.cap.yaml'), SCENARIO_DESIGN);
    writeFileSync(join(workspace, 'strict/.caplens.yaml'), STRICT_CONFIG);
    copyFileSync(join(SAMPLES, 'broken.cap.yaml'), join(workspace, 'strict/strict-broken.cap.yaml'));
    server = await h.startCodeServer(VSIX, { workspace, label: 'web' });
    browser = await h.launchBrowser(server.tmp);
    page = browser.page;
    await h.openWorkbench(page, server.url);
  });

  afterEach(async (t) => {
    if (page) await h.screenshot(page, `web-${(t as TestContext).name}`).catch(() => undefined);
  });

  after(async () => {
    if (browser) {
      mkdirSync(h.ARTIFACTS, { recursive: true });
      writeFileSync(join(h.ARTIFACTS, 'web-browser-console.log'), browser.console.join('\n'));
      await browser.close();
    }
    if (server) await server.stop();
    if (work && !process.env.CAP_LENS_E2E_KEEP) rmSync(work, { recursive: true, force: true });
  });

  /**
   * The rows of one file in the Problems panel, as "rule@line" (with `severity`, "error rule@line"), once there
   * are at least `count` of them.
   */
  async function problemsOf(fileName: string, count: number, severity = false): Promise<string[]> {
    const mine = (rows: h.ProblemRow[]) =>
      rows
        .filter((r) => r.file === fileName && rowFinding(r))
        .map((r) => (severity ? `${/^(\w+):/.exec(r.ariaLabel)?.[1].toLowerCase()} ${rowFinding(r)}` : rowFinding(r)!));
    return mine(await h.waitForProblems(page, `${count} findings of ${fileName}`, (r) => mine(r).length >= count)).sort();
  }

  it('is installed as a web extension (a browser entry, no main), and starts its language server in a Web Worker', async () => {
    const [installed] = readdirSync(join(server.tmp, 'extensions')).filter((d) => d.startsWith('cap-lens.cap-lens-'));
    const manifest = JSON.parse(readFileSync(join(server.tmp, 'extensions', installed, 'package.json'), 'utf8')) as {
      main?: string;
      browser?: string;
    };
    assert.equal(manifest.main, undefined, 'no Node entry: VS Code can only run it in the web worker extension host');
    assert.equal(manifest.browser, './dist/web/client.js');
    await h.openFile(page, 'broken.cap.yaml');
    await h.runCommand(page, 'CAP Lens: Show Output');
    const output = page.locator('.part.panel .monaco-editor .view-lines').first();
    const log = await h.waitFor('the CAP Lens output channel to say where the server runs', async () => {
      const text = (await output.innerText().catch(() => '')).replace(/\s+/g, ' ');
      return /Started the CAP Lens language server in a Web Worker/.test(text) && text;
    });
    // This code-server refuses a worker from a remote extension's URL (microsoft/vscode #168942): the server starts
    // from a blob: URL of the same script instead, still in a worker of its own.
    assert.match(
      log,
      /in a Web Worker from a blob: URL of vscode-remote:\/\/.+?\/dist\/web\/server\.js \(\d+ KB\), because this host refused the extension's own URL: Creating workers from remote extensions is currently not supported\./,
    );
    await h.screenshot(page, 'web-output');
  });

  it('sample broken.cap.yaml: its findings show in the Problems panel with their rule names', async () => {
    const expected = expectedFindings(join(workspace, 'broken.cap.yaml'));
    await filterProblems(page, 'broken.cap.yaml');
    await h.openFile(page, 'broken.cap.yaml');
    assert.deepEqual(await problemsOf('broken.cap.yaml', expected.length), expected);
    await h.waitFor(
      'error squiggles in the editor',
      async () => (await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').count()) > 0,
    );
    await h.screenshot(page, 'web-problems');
  });

  it('a Markdown design doc: its findings show at the lines of the Markdown file', async () => {
    const expected = expectedMarkdownFindings(join(workspace, 'docs', RFC));
    assert.ok(expected.length >= 2, JSON.stringify(expected));
    await filterProblems(page, RFC);
    await h.openFile(page, RFC);
    assert.deepEqual(await problemsOf(RFC, expected.length), expected);
  });

  it("a design scenario runs in the server's own worker: its finding joins the Problems rows when the run ends", async () => {
    const expected = expectedFindings(join(workspace, 'west-cut.cap.yaml'));
    assert.ok(
      expected.some((f) => f.startsWith('scenario-contradicts-claim@')),
      JSON.stringify(expected),
    );
    await filterProblems(page, 'west-cut.cap.yaml');
    await h.openFile(page, 'west-cut.cap.yaml');
    assert.deepEqual(await problemsOf('west-cut.cap.yaml', expected.length), expected);
  });

  it('hover on a datastore shows its PACELC card', async () => {
    await h.openFile(page, 'checkout.cap.yaml');
    const text = await h.hoverText(page, 'ledger:', /PC\/EC/);
    assert.match(text, /\bCP\b/, `hover card: ${text}`);
    await h.screenshot(page, 'web-hover-card');
    await page.keyboard.press('Escape');
  });

  it('.caplens.yaml rules apply, read through the workspace file system and sent to the server', async () => {
    const file = join(workspace, 'strict/strict-broken.cap.yaml');
    const text = readFileSync(file, 'utf8');
    const line = (offset: number) => text.slice(0, offset).split('\n').length;
    const expected = rateFindings(analyzeFull(text).findings, parseConfig(STRICT_CONFIG).overrides)
      .map((f) => `${f.severity} ${f.rule}@${line(f.span.start)}`)
      .sort();
    await filterProblems(page, 'strict-broken.cap.yaml');
    await h.openFile(page, 'strict-broken.cap.yaml');
    const shown = await problemsOf('strict-broken.cap.yaml', expected.length, true);
    assert.deepEqual(shown, expected);
    assert.ok(!shown.some((r) => / claim-needs-quorum-overlap@/.test(r)), 'turned off by strict/.caplens.yaml');
    assert.ok(
      shown.some((r) => /^error even-replica-majority@/.test(r)),
      'raised to an error by strict/.caplens.yaml',
    );
    // The status bar names the file that set the severities.
    const item = page
      .locator('.statusbar-item', { has: page.locator('.codicon-settings-gear') })
      .filter({ hasText: 'CAP Lens' })
      .first();
    await item.waitFor({ state: 'visible', timeout: h.TIMEOUT });
  });

  it('the simulator panel opens from the command palette: topology, partition, run', async () => {
    await h.runCommand(page, 'View: Close All Editors');
    await h.openFile(page, 'ticket-booking.cap.yaml');
    await h.runCommand(page, 'CAP Lens: Open Simulator');
    await exerciseSimulator(page, await simulatorFrame(page), 'web-simulator');
  });

  it('webviews log no Content Security Policy violations', () => {
    assert.deepEqual(browser.cspViolations(), []);
  });
});
